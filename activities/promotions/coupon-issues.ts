import { activityInfo, ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import {
  couponCardOf,
  finishIssueRun,
  issueRunRecipients,
  markIssueSent,
  prepareIssueRun,
  type PreparedIssue,
} from '../../db/promotions/coupon-issues.ts';
import { storedDiscountSchema } from '../../domain/promotions/discount-rules.ts';
import { COUPON_CARD_CHUNK, couponCardMessage, couponValidityText } from '../../domain/promotions/manual-issue.ts';
import { memberPageLink } from '../../domain/storefront/share-links.ts';
import type { LineMessage } from '../../integrations/line/client.ts';
import { multicastAll } from '../../integrations/line/multicast.ts';
import type { ActivityDeps } from '../deps.ts';
import { lineRefusal } from '../line-refusal.ts';
import type { LineClientProvider } from '../line-clients.ts';

const runInput = z.object({ tenantId: z.uuid(), issueId: z.uuid() });
const prepareInput = runInput.extend({ atMs: z.number().int().positive() });
const chunkInput = runInput.extend({ chunk: z.number().int().min(0) });
const finishInput = runInput.extend({ failure: z.string().max(500).nullable(), atMs: z.number().int().positive() });

const NOT_CONNECTED = '本店尚未連接 LINE 官方帳號，優惠券已發出，但 LINE 訊息沒有送出；請到「LINE 設定」完成連接';

/**
 * 手動發券's steps (workflows/promotions/coupon-issue.ts): issue once and freeze the recipients,
 * send the coupon card to one chunk of them by multicast, close the run. A chunk's LINE retry
 * keys come from the workflow's ID and the batch's place, never from the attempt, so a retried
 * chunk is accepted by LINE once.
 */
export function couponIssueActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    async prepareCouponIssue(raw: z.infer<typeof prepareInput>): Promise<PreparedIssue> {
      const input = prepareInput.parse(raw);
      const prepared = await prepareIssueRun(deps.db, input.tenantId, input.issueId, new Date(input.atMs));
      if (!prepared) throw ApplicationFailure.nonRetryable('找不到這次發券', 'coupon_issue_not_found');
      deps.log.info({ ...input, ...prepared }, 'coupon issue prepared');
      return prepared;
    },

    async sendCouponCards(raw: z.infer<typeof chunkInput>): Promise<{ sent: number; duplicates: number }> {
      const input = chunkInput.parse(raw);
      const from = input.chunk * COUPON_CARD_CHUNK;
      const recipients = await issueRunRecipients(
        deps.db,
        input.tenantId,
        input.issueId,
        from,
        from + COUPON_CARD_CHUNK,
      );
      if (recipients.length === 0) return { sent: 0, duplicates: 0 };
      const card = await couponCardOf(deps.db, input.tenantId, input.issueId);
      if (!card) throw ApplicationFailure.nonRetryable('找不到這次發券', 'coupon_issue_not_found');
      const message = couponCardMessage({
        shopName: card.shop.name,
        couponName: card.coupon.name,
        rule: storedDiscountSchema.parse(card.coupon.rule),
        validityText: couponValidityText(card.validFrom, card.validUntil, card.issuedAt),
        link: memberPageLink(card.shop, deps.publicBaseUrl ?? 'http://127.0.0.1:3000'),
      });
      let line;
      try {
        line = await lineClientFor(input.tenantId);
      } catch (error) {
        if (error instanceof ApplicationFailure && error.type === 'line_not_connected')
          throw ApplicationFailure.nonRetryable(NOT_CONNECTED, 'line_not_connected');
        throw error;
      }
      const sendKey = `${activityInfo().workflowExecution?.workflowId ?? input.issueId}:${input.chunk}`;
      try {
        const report = await multicastAll(line, recipients, [message as LineMessage], { sendKey });
        await markIssueSent(deps.db, input.tenantId, input.issueId, from + recipients.length);
        return { sent: recipients.length, duplicates: report.duplicates };
      } catch (error) {
        throw lineRefusal(error) ?? error; // network, 5xx: the chunk again, with the same keys
      }
    },

    async finishCouponIssue(raw: z.infer<typeof finishInput>): Promise<void> {
      const input = finishInput.parse(raw);
      await finishIssueRun(deps.db, input.tenantId, input.issueId, input.failure, new Date(input.atMs));
    },
  };
}
