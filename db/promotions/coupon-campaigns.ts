import {
  campaignIssueKey,
  campaignIssueKeyPrefix,
  campaignPeriod,
  type CampaignKind,
  type CampaignRunResult,
  type CouponCampaignInput,
} from '../../domain/promotions/coupon-campaigns.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import { Prisma, type Db } from '../client.ts';
import { liveOrder, ordersOfMember } from '../members/member-sql.ts';
import { issueCoupon } from './coupons.ts';

/** 自動發送設定 in the database, always within one shop, and what a campaign's run issues. */

export interface CampaignSummary {
  id: string;
  name: string;
  couponId: string;
  couponName: string;
  kind: CampaignKind;
  days: number | null;
  tagId: string | null;
  paused: boolean;
  /** Coupons the campaign has issued so far. */
  issued: number;
}

export async function createCampaign(
  db: Db,
  tenantId: string,
  input: CouponCampaignInput,
): Promise<{ id: string } | 'unknown_coupon' | 'unknown_tag'> {
  const refused = await refusalOf(db, tenantId, input);
  if (refused) return refused;
  return db.couponCampaign.create({ data: { tenantId, ...input }, select: { id: true } });
}

/**
 * Changes what a campaign gives and to whom (its paused flag and its runs stay). Null when the
 * shop has no such campaign. The next run issues by the new settings; coupons already issued stay.
 */
export async function updateCampaign(
  db: Db,
  tenantId: string,
  id: string,
  input: CouponCampaignInput,
): Promise<CampaignSummary | null | 'unknown_coupon' | 'unknown_tag'> {
  if (!(await db.couponCampaign.findFirst({ where: { tenantId, id }, select: { id: true } }))) return null;
  const refused = await refusalOf(db, tenantId, input);
  if (refused) return refused;
  await db.couponCampaign.updateMany({ where: { tenantId, id }, data: input });
  return findCampaign(db, tenantId, id);
}

/** The coupon and tag a campaign names must be the shop's own. */
async function refusalOf(
  db: Db,
  tenantId: string,
  input: CouponCampaignInput,
): Promise<'unknown_coupon' | 'unknown_tag' | null> {
  const coupon = await db.coupon.findFirst({ where: { tenantId, id: input.couponId }, select: { id: true } });
  if (!coupon) return 'unknown_coupon';
  if (input.tagId && !(await db.memberTag.findFirst({ where: { tenantId, id: input.tagId }, select: { id: true } })))
    return 'unknown_tag';
  return null;
}

export async function listCampaigns(db: Db, tenantId: string): Promise<CampaignSummary[]> {
  return summaries(db, tenantId, await db.couponCampaign.findMany({ where: { tenantId }, ...summaryQuery }));
}

export async function findCampaign(db: Db, tenantId: string, id: string): Promise<CampaignSummary | null> {
  const [found] = await summaries(
    db,
    tenantId,
    await db.couponCampaign.findMany({ where: { tenantId, id }, ...summaryQuery }),
  );
  return found ?? null;
}

const summaryQuery = {
  include: { coupon: { select: { name: true } } },
  orderBy: { createdAt: 'desc' },
} as const satisfies Prisma.CouponCampaignFindManyArgs;

async function summaries(
  db: Db,
  tenantId: string,
  rows: Prisma.CouponCampaignGetPayload<typeof summaryQuery>[],
): Promise<CampaignSummary[]> {
  const counts = await Promise.all(
    rows.map((r) =>
      db.memberCoupon.count({ where: { tenantId, issueKey: { startsWith: campaignIssueKeyPrefix(r.id) } } }),
    ),
  );
  return rows.map((r, i) => ({
    id: r.id,
    name: r.name,
    couponId: r.couponId,
    couponName: r.coupon.name,
    kind: r.kind as CampaignKind,
    days: r.days,
    tagId: r.tagId,
    paused: r.paused,
    issued: counts[i]!,
  }));
}

export async function setCampaignPaused(db: Db, tenantId: string, id: string, paused: boolean): Promise<boolean> {
  const { count } = await db.couponCampaign.updateMany({ where: { tenantId, id }, data: { paused } });
  return count > 0;
}

/** The campaign's members at `at`, each with the period they are issued in. */
export async function audienceOf(
  db: Db,
  campaign: { tenantId: string; kind: CampaignKind; days: number | null; tagId: string | null },
  at: Date,
): Promise<{ memberId: string; period: string }[]> {
  const day = taipeiDayKey(at);
  const tenant = Prisma.sql`m.tenant_id = ${campaign.tenantId}::uuid`;
  if (campaign.kind === 'birthday') {
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM members m WHERE ${tenant} AND EXTRACT(MONTH FROM m.birthday) = ${Number(day.slice(4, 6))}`;
    return rows.map((r) => ({ memberId: r.id, period: campaignPeriod('birthday', day, null) }));
  }
  if (campaign.kind === 'segment') {
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM members m JOIN member_tag_links l ON l.member_id = m.id AND l.tenant_id = m.tenant_id
       WHERE ${tenant} AND l.tag_id = ${campaign.tagId}::uuid`;
    return rows.map((r) => ({ memberId: r.id, period: campaignPeriod('segment', day, null) }));
  }
  const cutoff = new Date(at.getTime() - (campaign.days ?? 0) * 86_400_000);
  const rows = await db.$queryRaw<{ id: string; last_order_id: string }[]>`
    SELECT m.id, o.id AS last_order_id FROM members m
      JOIN LATERAL (SELECT o.id, o.created_at FROM orders o WHERE ${ordersOfMember} AND ${liveOrder}
                    ORDER BY o.created_at DESC LIMIT 1) o ON true
     WHERE ${tenant} AND o.created_at <= ${cutoff}`;
  return rows.map((r) => ({ memberId: r.id, period: campaignPeriod('repurchase', day, r.last_order_id) }));
}

/**
 * One run of the campaign as of `at`: its members each get the coupon unless they already have
 * it for this period (the issue key), so a retried or overlapping run issues nothing twice. A
 * paused (or removed) campaign issues nothing.
 */
export async function runCampaign(db: Db, tenantId: string, campaignId: string, at: Date): Promise<CampaignRunResult> {
  const campaign = await db.couponCampaign.findFirst({ where: { tenantId, id: campaignId } });
  if (!campaign || campaign.paused) return { campaignId, audience: 0, issued: 0, paused: true };
  const members = await audienceOf(db, { ...campaign, kind: campaign.kind as CampaignKind }, at);
  const periodOf = new Map(members.map((m) => [m.memberId, m.period]));
  const issued = await issueCoupon(db, {
    tenantId,
    couponId: campaign.couponId,
    memberIds: members.map((m) => m.memberId),
    keyOf: (memberId) => campaignIssueKey(campaignId, periodOf.get(memberId)!, memberId),
    now: at,
  });
  return { campaignId, audience: members.length, issued: issued ?? 0, paused: false };
}
