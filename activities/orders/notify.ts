import { activityInfo } from '@temporalio/activity';
import { v5 as uuidv5 } from 'uuid';
import { z } from 'zod';
import { afterSent, deliverAnswer, textWithQuickReply, type Delivery } from '../../integrations/line/deliver-answer.ts';
import { recordOrderEvent } from '../../db/orders/change-order-status.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { lineRefusal } from '../line-refusal.ts';
import { mayPushTo } from '../push-guard.ts';

const customerMessageInput = z.object({
  tenantId: z.uuid(),
  orderId: z.uuid().nullable(),
  to: z.string().min(1),
  replyToken: z.string().min(1).nullable(),
  text: z.string().min(1).max(5000),
  /** UUID from the workflow; LINE accepts a push with this key once (X-Line-Retry-Key). */
  retryKey: z.uuid(),
  /** Quick-reply buttons under the message that send a postback (LINE: at most 13; label ≤ 20, data ≤ 300). */
  quickReply: z
    .array(
      z.object({
        label: z.string().min(1).max(20),
        data: z.string().min(1).max(300),
        displayText: z.string().min(1).max(300).optional(),
      }),
    )
    .min(1)
    .max(13)
    .optional(),
});
export type CustomerMessageInput = z.infer<typeof customerMessageInput>;

const adminAlertInput = z.object({
  tenantId: z.uuid(),
  orderId: z.uuid().nullable(),
  text: z.string().min(1).max(5000),
  retryKeySeed: z.uuid(),
});
export type AdminAlertInput = z.infer<typeof adminAlertInput>;

export type { Delivery };

export function notifyActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    /**
     * Answers the customer: with the reply token on the first attempt (free), otherwise by
     * push with the workflow's retry key, so a retried activity never sends twice. A retry
     * does not reuse the reply token: the first attempt may have used it already.
     */
    async messageCustomer(raw: CustomerMessageInput): Promise<Delivery> {
      const input = customerMessageInput.parse(raw);
      const line = await lineClientFor(input.tenantId);
      const delivery = await deliverAnswer(
        line,
        { to: input.to, replyToken: input.replyToken, messages: [textWithQuickReply(input.text, input.quickReply)], retryKey: input.retryKey },
        {
          // A retry does not reuse the reply token: the first attempt may have used it already.
          replyFirst: activityInfo().attempt === 1,
          mayPush: () => mayPushTo(deps, input.tenantId, input.to),
          onTokenRefused: () =>
            deps.log.info({ tenantId: input.tenantId, orderId: input.orderId }, 'reply token expired; pushing instead'),
        },
      ).catch((error: unknown) => {
        throw lineRefusal(error) ?? error;
      });
      if (delivery === 'skipped_blocked')
        deps.log.info({ tenantId: input.tenantId, orderId: input.orderId }, 'customer blocked the shop; push skipped');
      if (input.orderId) {
        const event = {
          tenantId: input.tenantId,
          orderId: input.orderId,
          type: delivery === 'skipped_blocked' ? 'customer_push_skipped' : 'customer_notified',
          actor: 'system',
          data: { delivery, retryKey: input.retryKey },
        };
        await afterSent(() => recordOrderEvent(deps.db, event));
      }
      return delivery;
    },

    /** Pushes an alert to every staff member bound to LINE who wants notifications. */
    async alertAdmins(raw: AdminAlertInput): Promise<{ recipients: number }> {
      const input = adminAlertInput.parse(raw);
      const staff = await deps.db.staff.findMany({
        where: { tenantId: input.tenantId, notifyByLine: true, lineUserId: { not: null } },
        select: { id: true, lineUserId: true },
        orderBy: { id: 'asc' },
      });
      if (staff.length === 0) return { recipients: 0 };
      const line = await lineClientFor(input.tenantId);
      const messages = [{ type: 'text' as const, text: input.text }];
      let refused = 0;
      for (const member of staff) {
        // One stable key per recipient, derived from the workflow's seed.
        try {
          await line.push(member.lineUserId!, messages, uuidv5(member.id, input.retryKeySeed));
        } catch (error) {
          const refusal = lineRefusal(error);
          // One member LINE will not deliver to (they blocked the account) does not stop the
          // others; a refusal about the shop itself (quota, token) does.
          if (!refusal || refusal.type !== 'line_refused') throw refusal ?? error;
          refused += 1;
          deps.log.warn(
            { tenantId: input.tenantId, staffId: member.id, reason: refusal.message },
            'staff alert refused',
          );
        }
      }
      if (input.orderId) {
        await recordOrderEvent(deps.db, {
          tenantId: input.tenantId,
          orderId: input.orderId,
          type: 'admins_notified',
          actor: 'system',
          data: { recipients: staff.length - refused, ...(refused ? { refused } : {}) },
        });
      }
      return { recipients: staff.length - refused };
    },
  };
}
