import { activityInfo } from '@temporalio/activity';
import { v5 as uuidv5 } from 'uuid';
import {
  changeRestaurantOrder,
  recordRestaurantOrderEvent,
  type ChangeRestaurantOrderInput,
} from '../../db/restaurant/change-restaurant-order.ts';
import {
  customerNoticeText,
  orderPageLink,
  staffNoticeText,
  type CustomerNotice,
  type NoticeOrder,
  type StaffNotice,
} from '../../domain/restaurant/restaurant-order-messages.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { notifyActivities, type Delivery } from '../orders/notify.ts';

/** The namespace of the retry keys below (any fixed UUID; never change it: sent keys were made with it). */
const RETRY_KEY_NAMESPACE = '6f1d3a52-8c3e-4f0b-9a57-2b1f0c7de415';

/**
 * One key per message of an order's life, from the workflow's ID and the step: every attempt of
 * the activity, on any worker, sends with the same key, so LINE (X-Line-Retry-Key) takes it once.
 */
export function stepKey(step: string): string {
  const workflowId = activityInfo().workflowExecution?.workflowId ?? '';
  return uuidv5(`${workflowId}:${step}`, RETRY_KEY_NAMESPACE);
}

export interface RestaurantNoticeInput {
  tenantId: string;
  orderId: string;
  /** accept-reminder, ready, pickup-reminder…: unique within the order's workflow. */
  step: string;
}

/**
 * The restaurant order's steps: the status changes its workflow decided, and the messages of its
 * life to the customer (LINE push with a link to the order's page) and to the shop's people (the
 * shop's 訂單通知設定 channels, and the board's chime through the order change it records).
 */
export function restaurantOrderActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  const notify = notifyActivities(deps, lineClientFor);

  async function orderForNotice(tenantId: string, orderId: string) {
    const order = await deps.db.order.findFirst({
      where: { tenantId, id: orderId },
      select: {
        number: true,
        pickupNumber: true,
        pickupMethod: true,
        wantedAt: true,
        tableLabel: true,
        total: true,
        branch: { select: { name: true } },
        customer: { select: { lineUserId: true } },
        tenant: { select: { slug: true, liffId: true, lineChannelId: true } },
      },
    });
    if (!order) throw new Error(`restaurant order ${orderId} not found`);
    const notice: NoticeOrder & { total: number } = {
      number: order.number,
      pickupNumber: order.pickupNumber,
      method: order.pickupMethod ?? 'pickup',
      wantedAt: order.wantedAt,
      branchName: order.branch?.name ?? '',
      tableLabel: order.tableLabel,
      total: order.total,
    };
    return { notice, lineUserId: order.customer.lineUserId, shop: order.tenant };
  }

  return {
    async changeRestaurantOrder(input: ChangeRestaurantOrderInput) {
      return changeRestaurantOrder(deps.db, input);
    },

    /**
     * Tells the customer in LINE; 'skipped_blocked' when they blocked the shop, and
     * 'skipped_no_channel' when the shop has no LINE official account to tell them from (its
     * customers signed in with LINE Login only): the order page is where they follow it.
     */
    async tellRestaurantCustomer(
      input: RestaurantNoticeInput & { notice: CustomerNotice },
    ): Promise<Delivery | 'skipped_no_channel'> {
      const { notice, lineUserId, shop } = await orderForNotice(input.tenantId, input.orderId);
      if (!shop.lineChannelId) return 'skipped_no_channel';
      const origin = deps.publicBaseUrl ?? 'http://127.0.0.1:3000';
      const text = customerNoticeText(input.notice, notice, orderPageLink(shop, notice.number, origin), new Date());
      return notify.messageCustomer({
        tenantId: input.tenantId,
        orderId: input.orderId,
        to: lineUserId,
        replyToken: null,
        text,
        retryKey: stepKey(input.step),
      });
    },

    /**
     * Tells the shop's people: the board chimes (the order change carries `remind`/`due`), and
     * the shop's 訂單通知設定 decide the LINE and e-mail alerts (新訂單; a reminder as a problem).
     */
    async alertRestaurantStaff(input: RestaurantNoticeInput & { notice: StaffNotice }) {
      const { notice } = await orderForNotice(input.tenantId, input.orderId);
      if (input.notice !== 'new_order')
        await recordRestaurantOrderEvent(deps.db, {
          tenantId: input.tenantId,
          orderId: input.orderId,
          type: input.notice === 'due' ? 'prepare_due' : 'accept_reminder',
          data: { step: input.step },
          kind: input.notice === 'due' ? 'due' : 'remind',
        });
      return notify.alertAdmins({
        tenantId: input.tenantId,
        orderId: input.orderId,
        text: staffNoticeText(input.notice, notice, new Date()),
        retryKeySeed: stepKey(input.step),
        // An order about to be rejected unseen is a problem the shop hears of by default.
        event: input.notice === 'accept_reminder' ? 'problem' : 'new_order',
      });
    },
  };
}
