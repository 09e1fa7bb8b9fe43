import { v7 as uuidv7 } from 'uuid';
import {
  campaignIssueKey,
  campaignIssueKeyPrefix,
  campaignRunDay,
  campaignRunKey,
  type CampaignKind,
  type CampaignMessageStatus,
  type CampaignRunResult,
} from '../../domain/promotions/coupon-campaigns.ts';
import type { Db } from '../client.ts';
import { audienceOf } from './coupon-campaigns.ts';
import { issueCoupon } from './coupons.ts';

/**
 * A coupon campaign's runs (coupon_campaign_runs), one row per campaign and Taipei day. Each
 * figure is counted from what the database holds after the step (the day's coupons, the messages
 * recorded for them), never added to, so a retried activity, a retried run and two overlapping
 * runs of one day all leave the same row with the same figures.
 */

export interface CampaignRun {
  id: string;
  runKey: string;
  workflowId: string;
  startedAt: Date;
  finishedAt: Date | null;
  audience: number;
  issued: number;
  skipped: number;
  lineSent: number;
  lineFailed: number;
  error: string | null;
}

const runColumns = {
  id: true,
  runKey: true,
  workflowId: true,
  startedAt: true,
  finishedAt: true,
  audience: true,
  issued: true,
  skipped: true,
  lineSent: true,
  lineFailed: true,
  error: true,
} as const;

/** Issue keys go to `IN (…)` in slices this size, well under PostgreSQL's parameter limit. */
const KEY_SLICE = 5000;

/**
 * The day's run of the campaign as of `at` (the Schedule's time for it): opens the day's row (or
 * takes it over from an earlier run of that day), gives each member of the audience the coupon
 * unless they have it for their period (the issue key), and writes who it was for, who got it
 * that day and who had it already. A paused or removed campaign issues and records nothing.
 */
export async function issueCampaignRun(
  db: Db,
  args: { tenantId: string; campaignId: string; workflowId: string; at: Date; now: Date },
): Promise<CampaignRunResult> {
  const { tenantId, campaignId, at } = args;
  const campaign = await db.couponCampaign.findFirst({ where: { tenantId, id: campaignId } });
  if (!campaign || campaign.paused) return { campaignId, audience: 0, issued: 0, paused: true };
  const runKey = campaignRunKey(at);
  const [run] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO coupon_campaign_runs (id, tenant_id, campaign_id, run_key, workflow_id, started_at)
    VALUES (${uuidv7()}::uuid, ${tenantId}::uuid, ${campaignId}::uuid, ${runKey}, ${args.workflowId}, ${args.now})
    ON CONFLICT (campaign_id, run_key)
    DO UPDATE SET workflow_id = EXCLUDED.workflow_id, finished_at = NULL
    RETURNING id`;
  const members = await audienceOf(db, { ...campaign, kind: campaign.kind as CampaignKind }, at);
  const keyOf = new Map(members.map((m) => [m.memberId, campaignIssueKey(campaignId, m.period, m.memberId)]));
  await issueCoupon(db, {
    tenantId,
    couponId: campaign.couponId,
    memberIds: members.map((m) => m.memberId),
    keyOf: (memberId) => keyOf.get(memberId)!,
    now: at,
  });
  const keys = [...keyOf.values()];
  const { start, end } = campaignRunDay(runKey);
  let issued = 0;
  for (let i = 0; i < keys.length; i += KEY_SLICE) {
    issued += await db.memberCoupon.count({
      where: { tenantId, issueKey: { in: keys.slice(i, i + KEY_SLICE) }, issuedAt: { gte: start, lt: end } },
    });
  }
  const figures = { audience: members.length, issued, skipped: members.length - issued };
  await db.couponCampaignRun.update({ where: { id: run!.id }, data: figures });
  return { campaignId, runKey, ...figures, paused: false };
}

export interface PendingCampaignMessage {
  memberCouponId: string;
  couponName: string;
  validUntil: Date | null;
  lineUserId: string;
  blocked: boolean;
}

/** The run's coupons (the campaign's issued on its day) whose member has not been told yet. */
export async function pendingCampaignMessages(
  db: Db,
  args: { tenantId: string; campaignId: string; runKey: string },
): Promise<PendingCampaignMessage[]> {
  const { start, end } = campaignRunDay(args.runKey);
  const rows = await db.$queryRaw<
    { id: string; coupon_name: string; valid_until: Date | null; line_user_id: string; blocked_at: Date | null }[]
  >`
    SELECT mc.id, c.name AS coupon_name, mc.valid_until, cu.line_user_id, cu.blocked_at
      FROM member_coupons mc
      JOIN coupons c ON c.id = mc.coupon_id
      JOIN members m ON m.id = mc.member_id
      JOIN customers cu ON cu.id = m.customer_id
     WHERE mc.tenant_id = ${args.tenantId}::uuid
       AND mc.issue_key LIKE ${`${campaignIssueKeyPrefix(args.campaignId)}%`}
       AND mc.issued_at >= ${start} AND mc.issued_at < ${end}
       AND NOT EXISTS (SELECT 1 FROM coupon_campaign_messages x WHERE x.member_coupon_id = mc.id)
     ORDER BY mc.id`;
  return rows.map((r) => ({
    memberCouponId: r.id,
    couponName: r.coupon_name,
    validUntil: r.valid_until,
    lineUserId: r.line_user_id,
    blocked: r.blocked_at !== null,
  }));
}

/** What became of one coupon's message; the first record stands (an overlapping run's is dropped). */
export async function recordCampaignMessages(
  db: Db,
  args: {
    tenantId: string;
    runId: string;
    messages: { memberCouponId: string; status: CampaignMessageStatus; reason: string | null }[];
  },
): Promise<void> {
  if (!args.messages.length) return;
  await db.couponCampaignMessage.createMany({
    data: args.messages.map((m) => ({ ...m, tenantId: args.tenantId, runId: args.runId })),
    skipDuplicates: true,
  });
}

/** The run's row by its day, if a run of that day started. */
export async function findCampaignRun(
  db: Db,
  args: { tenantId: string; campaignId: string; runKey: string },
): Promise<CampaignRun | null> {
  return db.couponCampaignRun.findFirst({
    where: { tenantId: args.tenantId, campaignId: args.campaignId, runKey: args.runKey },
    select: runColumns,
  });
}

/** Counts the run's messages onto its row and ends it, with what kept messages from going out (or none). */
export async function finishCampaignRun(
  db: Db,
  args: { runId: string; error: string | null; now: Date },
): Promise<CampaignRun> {
  const counts = await db.couponCampaignMessage.groupBy({
    by: ['status'],
    where: { runId: args.runId },
    _count: { _all: true },
  });
  const of = (status: CampaignMessageStatus) => counts.find((c) => c.status === status)?._count._all ?? 0;
  return db.couponCampaignRun.update({
    where: { id: args.runId },
    data: { lineSent: of('sent'), lineFailed: of('failed'), finishedAt: args.now, error: args.error },
    select: runColumns,
  });
}

/** Leaves what is holding the run up (or what stopped it) on its row for the shop to read. */
export async function setCampaignRunError(
  db: Db,
  args: { tenantId: string; campaignId: string; runKey: string; error: string; finishedAt: Date | null },
): Promise<void> {
  await db.couponCampaignRun.updateMany({
    where: { tenantId: args.tenantId, campaignId: args.campaignId, runKey: args.runKey },
    data: { error: args.error, finishedAt: args.finishedAt },
  });
}

/** The campaign's runs, newest day first. */
export async function listCampaignRuns(
  db: Db,
  tenantId: string,
  campaignId: string,
  limit = 60,
): Promise<CampaignRun[]> {
  return db.couponCampaignRun.findMany({
    where: { tenantId, campaignId },
    select: runColumns,
    orderBy: { runKey: 'desc' },
    take: limit,
  });
}
