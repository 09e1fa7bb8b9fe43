import { activityInfo } from '@temporalio/activity';
import { z } from 'zod';
import { afterSent, deliverAnswer, textWithQuickReply, type Delivery } from '../../integrations/line/deliver-answer.ts';
import { recordOrderEvent } from '../../db/orders/change-order-status.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { lineRefusal } from '../line-refusal.ts';
import { mayPushTo } from '../push-guard.ts';
import { NOTIFY_EVENTS, wantsEvent } from '../../domain/orders/notification-settings.ts';
import { ORDER_STATUSES } from '../../domain/orders/order-status.ts';
import { findNotificationSettings } from '../../db/orders/notification-settings.ts';
import { sendShopAlert } from './shop-alerts.ts';

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
  /** Which 訂單通知設定 event this is; absent in alerts scheduled before events were named. */
  event: z.enum(NOTIFY_EVENTS).optional(),
  /** For `status_changed`: the new status. */
  status: z.enum(ORDER_STATUSES).optional(),
});
export type AdminAlertInput = z.infer<typeof adminAlertInput>;

export type { Delivery };

/**
 * A mail server that may come back is tried this many times (what went out is not sent again);
 * then the failure is left on the order's timeline: a mail server that stays down must not hold
 * up the order's later messages, which wait behind this alert.
 */
const EMAIL_ATTEMPTS = 3;

/** The activity's attempt; 1 when called outside an activity (a script, a test). */
function currentAttempt(): number {
  try {
    return activityInfo().attempt;
  } catch {
    return 1;
  }
}

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
        {
          to: input.to,
          replyToken: input.replyToken,
          messages: [textWithQuickReply(input.text, input.quickReply)],
          retryKey: input.retryKey,
        },
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

    /**
     * Tells the shop's people of an order event through the channels of its 訂單通知設定
     * (shop-alerts.ts), if it wants that event told. LINE trouble that may pass (and any refusal
     * about the shop itself) fails the activity as before; e-mail that may work later is retried
     * a few times (EMAIL_ATTEMPTS), e-mail that cannot (wrong password) is left on the order.
     */
    async alertAdmins(raw: AdminAlertInput): Promise<{ recipients: number }> {
      const input = adminAlertInput.parse(raw);
      const settings = await findNotificationSettings(deps.db, input.tenantId);
      // Alerts scheduled before events were named were decided by the workflow already.
      if (input.event && !wantsEvent(settings, input.event, input.status)) return { recipients: 0 };
      const results = await sendShopAlert(
        { ...deps, lineClientFor, platformMail: deps.mail ?? { smtpUrl: undefined, from: 'Jiayi' } },
        settings,
        { tenantId: input.tenantId, text: input.text, key: input.retryKeySeed },
      );
      const line = results.find((r) => r.channel === 'line');
      if (line?.status === 'failed' && line.error !== undefined) throw lineRefusal(line.error) ?? line.error;
      const email = results.find((r) => r.channel === 'email');
      if (email?.status === 'failed' && email.retryable && currentAttempt() < EMAIL_ATTEMPTS)
        throw new Error(`alert e-mail failed: ${email.reason}`);
      const recipients = results.reduce((sum, r) => sum + r.recipients, 0);
      if (input.orderId && (recipients > 0 || email?.status === 'failed')) {
        await recordOrderEvent(deps.db, {
          tenantId: input.tenantId,
          orderId: input.orderId,
          type: 'admins_notified',
          actor: 'system',
          data: {
            recipients,
            ...Object.fromEntries(results.map((r) => [r.channel, r.status === 'sent' ? r.recipients : r.reason])),
          },
        });
      }
      return { recipients };
    },
  };
}
