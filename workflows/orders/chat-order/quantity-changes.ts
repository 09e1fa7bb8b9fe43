import { ApplicationFailure, currentUpdateInfo, setHandler, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../../../activities/index.ts';
import { decideQuantityEdit, isNewerEdit } from '../../../domain/orders/quantity-edit.ts';
import { quantityChangedReply } from '../../../domain/line-chat/quantity-edit-replies.ts';
import { databaseActivities as db } from '../../activity-proxies.ts';
import type { ChatOrderRun } from './chat-order-run.ts';
import { refusalOf } from './failures.ts';
import { changeQuantityUpdate } from './updates.ts';

/**
 * The customer edits the command's message (`changeQuantity`): the order takes the edited
 * quantity, the customer hears the new total, and the admins hear of a shortage.
 */
export function registerQuantityChanges(run: ChatOrderRun): void {
  const { input, state, serial } = run;
  // The original message is the first version; an edit must be newer than every one seen.
  let newestEditAtMs = input.receivedAtMs;

  setHandler(
    changeQuantityUpdate,
    (request) => {
      newestEditAtMs = Math.max(newestEditAtMs, request.editedAtMs);
      const changeId = currentUpdateInfo()?.id ?? uuid4();
      return serial.run(async () => {
        const item = state.items[0]!;
        const decision = decideQuantityEdit(
          {
            status: state.status!,
            originalTarget: input.command.target,
            productCode: item.productCode,
            requested: item.requested,
          },
          request.command,
        );
        if (decision.kind === 'refuse') {
          throw ApplicationFailure.create({
            type: decision.code,
            message: `quantity not changed: ${decision.code}`,
            nonRetryable: true,
            details: [{ status: state.status }],
          });
        }
        if (decision.kind === 'unchanged') return { outcome: 'unchanged' as const, state: { ...state } };

        let changed: Awaited<ReturnType<Activities['changeOrderQuantity']>>;
        try {
          changed = await db.changeOrderQuantity({
            tenantId: input.tenantId,
            orderId: state.orderId!,
            quantity: decision.quantity,
            actor: `customer:${request.lineUserId}`,
            changeId,
            source: { webhookEventId: request.webhookEventId, editedAtMs: request.editedAtMs },
          });
        } catch (error) {
          const refusal = refusalOf(error);
          if (!refusal) throw error;
          throw ApplicationFailure.create({
            type: refusal.type ?? 'not_editable',
            message: refusal.message,
            nonRetryable: true,
            details: [{ status: state.status }],
          });
        }
        state.items = changed.items;
        state.total = changed.total;
        void serial.run(async () => {
          await run.tellCustomer(
            request.replyToken,
            quantityChangedReply({ orderNumber: state.orderNumber!, items: changed.items, total: changed.total }),
          );
          if (changed.allocation.missing > 0) {
            await run.alertStockShortage({
              product: changed.product,
              requested: decision.quantity,
              allocation: changed.allocation,
            });
          }
        });
        return { outcome: 'changed' as const, state: { ...state } };
      });
    },
    {
      validator: (request) => {
        run.placedStatus();
        if (request.lineUserId !== input.lineUserId) {
          throw ApplicationFailure.create({
            type: 'not_your_order',
            message: '只有下單的顧客可以修改',
            nonRetryable: true,
          });
        }
        if (!isNewerEdit(request.editedAtMs, newestEditAtMs)) {
          throw ApplicationFailure.create({ type: 'stale_edit', message: '較新的修改已經處理過', nonRetryable: true });
        }
      },
    },
  );
}
