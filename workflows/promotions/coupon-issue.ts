import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import { LINE_REFUSAL_TYPES } from '../../domain/line-chat/line-refusals.ts';
import { COUPON_CARD_CHUNK } from '../../domain/promotions/manual-issue.ts';
import { databaseActivities as db } from '../activity-proxies.ts';

export interface CouponIssueInput {
  tenantId: string;
  /** The run (coupon_issues) the API made for the request. */
  issueId: string;
}

export interface CouponIssueResult {
  skipped: number;
  issued: number;
  recipients: number;
  /** Why the LINE cards stopped (the coupons stay issued); null when all went. */
  failure: string | null;
}

/** Issuing to a whole shop's members (tens of thousands) takes longer than a database step's 30 seconds. */
const prepare = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: ['coupon_issue_not_found'],
  },
});

const line = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // LINE down or slow: the same chunk again, with the same retry keys, for up to a day.
  scheduleToCloseTimeout: '1 day',
  retry: {
    initialInterval: '1 second',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [...LINE_REFUSAL_TYPES, 'line_not_connected', 'coupon_issue_not_found'],
  },
});

/**
 * 手動發券 (api/promotions/coupons.ts starts it as coupon-issue:<tenant>:<coupon>:<request>, so a
 * double tap runs it once): the coupon to every member of the audience who does not hold it,
 * then the coupon card to those LINE can reach, 5,000 a step (multicasts of 500), the run's
 * `sent` moving after each step for the page. LINE refusing for good (the month's quota, a
 * revoked token) stops the cards and says why; the coupons stay issued.
 */
export async function couponIssueWorkflow(input: CouponIssueInput): Promise<CouponIssueResult> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const atMs = Date.now();
  const prepared = await prepare.prepareCouponIssue({ ...input, atMs });
  let failure: string | null = null;
  const chunks = Math.ceil(prepared.recipients / COUPON_CARD_CHUNK);
  for (let chunk = 0; chunk < chunks; chunk++) {
    try {
      await line.sendCouponCards({ ...input, chunk });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      failure = error.cause instanceof ApplicationFailure ? error.cause.message : 'LINE 訊息沒有全部送出';
      break;
    }
  }
  // eslint-disable-next-line no-restricted-properties
  await db.finishCouponIssue({ ...input, failure, atMs: Date.now() });
  return { ...prepared, failure };
}
