import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import { z } from 'zod';
import {
  finishCampaignRun,
  findCampaignRun,
  issueCampaignRun,
  pendingCampaignMessages,
  recordCampaignMessages,
  setCampaignRunError,
} from '../../db/promotions/coupon-campaign-runs.ts';
import { runCampaign } from '../../db/promotions/coupon-campaigns.ts';
import {
  CAMPAIGN_MESSAGE_REASONS_ZH,
  campaignCouponText,
  campaignMemberCardLink,
  type CampaignRunResult,
} from '../../domain/promotions/coupon-campaigns.ts';
import { LineApiError } from '../../integrations/line/client.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { lineRefusal } from '../line-refusal.ts';
import { couponIssueActivities } from './coupon-issues.ts';

const runInput = z.object({ tenantId: z.uuid(), campaignId: z.uuid(), atMs: z.number().int().positive() });
const issueInput = runInput.extend({ workflowId: z.string().min(1).max(1000) });
const runKeyInput = z.object({ tenantId: z.uuid(), campaignId: z.uuid(), runKey: z.string().regex(/^\d{8}$/) });
const errorInput = runKeyInput.extend({ error: z.string().min(1).max(2000) });

/** The promotions area: a coupon campaign's run (自動發送設定) with its record, and 手動發券's run. */
export function promotionsActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    /** Runs from before runs were recorded: issues the campaign's coupon; a retry issues nothing twice. */
    async runCouponCampaign(raw: z.infer<typeof runInput>): Promise<CampaignRunResult> {
      const input = runInput.parse(raw);
      const result = await runCampaign(deps.db, input.tenantId, input.campaignId, new Date(input.atMs));
      deps.log.info({ ...input, ...result }, 'coupon campaign run');
      return result;
    },

    /**
     * The run's first step: opens (or takes over) the day's row in coupon_campaign_runs, issues
     * the coupon to the members who lack it for their period and writes the figures. Retried or
     * run twice on one day, it leaves the same row and gives nothing twice.
     */
    async issueCouponCampaignRun(raw: z.infer<typeof issueInput>): Promise<CampaignRunResult> {
      const input = issueInput.parse(raw);
      const result = await issueCampaignRun(deps.db, {
        ...input,
        at: new Date(input.atMs),
        now: new Date(),
      });
      deps.log.info({ ...input, ...result }, 'coupon campaign issued');
      return result;
    },

    /**
     * The run's second step: tells each member the run gave a coupon, by LINE push with the issued
     * coupon's id as LINE's retry key (a retry never sends one twice), and records each message;
     * then counts them onto the run's row and ends it. A blocked customer is not pushed to; a
     * shop without LINE, or one LINE refuses for good (quota, revoked token), has the rest marked
     * undelivered and the reason on the run. LINE's passing trouble (network, 5xx, 429) is left on
     * the run's row and the activity retried.
     */
    async messageCouponCampaignRun(raw: z.infer<typeof runKeyInput>): Promise<CampaignRunResult> {
      const input = runKeyInput.parse(raw);
      const run = await findCampaignRun(deps.db, input);
      if (!run) throw ApplicationFailure.nonRetryable('找不到這次發送的紀錄', 'campaign_run_not_found');
      const record = (memberCouponId: string, status: 'sent' | 'failed', reason: string | null = null) =>
        recordCampaignMessages(deps.db, {
          tenantId: input.tenantId,
          runId: run.id,
          messages: [{ memberCouponId, status, reason }],
        });
      const pending = await pendingCampaignMessages(deps.db, input);
      let error: string | null = null;
      if (pending.length) {
        const shop = await deps.db.tenant.findUniqueOrThrow({
          where: { id: input.tenantId },
          select: { name: true, slug: true, liffId: true },
        });
        const memberCardUrl = campaignMemberCardLink(shop, deps.publicBaseUrl ?? 'http://127.0.0.1:3000');
        const line = await lineClientFor(input.tenantId).catch((e: unknown) => {
          if (e instanceof ApplicationFailure && e.type === 'line_not_connected') return null;
          throw e;
        });
        for (const [i, message] of pending.entries()) {
          heartbeat(i);
          if (error || !line) {
            error ??= CAMPAIGN_MESSAGE_REASONS_ZH.notConnected;
            await record(message.memberCouponId, 'failed', error);
          } else if (message.blocked) {
            await record(message.memberCouponId, 'failed', CAMPAIGN_MESSAGE_REASONS_ZH.blocked);
          } else {
            const text = campaignCouponText({ shopName: shop.name, ...message, memberCardUrl });
            try {
              await line.push(message.lineUserId, [{ type: 'text', text }], message.memberCouponId);
              await record(message.memberCouponId, 'sent');
            } catch (e) {
              const refusal = lineRefusal(e);
              if (!refusal) {
                await setCampaignRunError(deps.db, {
                  ...input,
                  error: CAMPAIGN_MESSAGE_REASONS_ZH.retrying,
                  finishedAt: null,
                });
                throw e; // retried: what was sent is recorded, the rest goes with the same keys
              }
              await record(message.memberCouponId, 'failed', refusal.message);
              // The quota and a revoked token stop every message; a refused user stops only theirs.
              if (e instanceof LineApiError && (e.isQuotaExceeded || e.status === 401)) error = refusal.message;
            }
          }
        }
      }
      // With nothing new to send, what kept the day's earlier messages from going out still stands.
      const standing = pending.length || run.error === CAMPAIGN_MESSAGE_REASONS_ZH.retrying ? null : run.error;
      const done = await finishCampaignRun(deps.db, { runId: run.id, error: error ?? standing, now: new Date() });
      deps.log.info({ ...input, sent: done.lineSent, failed: done.lineFailed }, 'coupon campaign messaged');
      return {
        campaignId: input.campaignId,
        runKey: input.runKey,
        audience: done.audience,
        issued: done.issued,
        skipped: done.skipped,
        lineSent: done.lineSent,
        lineFailed: done.lineFailed,
        paused: false,
      };
    },

    /** What stopped the run, left on its row for the shop (the workflow failed past its retries). */
    async failCouponCampaignRun(raw: z.infer<typeof errorInput>): Promise<void> {
      const input = errorInput.parse(raw);
      await setCampaignRunError(deps.db, { ...input, finishedAt: new Date() });
    },
    ...couponIssueActivities(deps, lineClientFor),
  };
}
