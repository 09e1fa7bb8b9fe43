import { issuedValidity } from '../../domain/promotions/coupons.ts';
import {
  audienceKindOf,
  isLineUserId,
  parseAudienceList,
  phoneForms,
  UNKNOWN_LINES_SHOWN,
  type IssueAudience,
  type ListLine,
} from '../../domain/promotions/manual-issue.ts';
import type { Db, Prisma } from '../client.ts';
import { issueCoupon } from './coupons.ts';

/**
 * 手動發券 in the database, always within one shop: an audience resolved to the shop's members
 * (another shop's members never match, whatever IDs, phones or tags the request names), the
 * preview's counts, and the issue run (coupon_issues) the workflow works through: issued once
 * per member and request, its LINE recipients frozen, its progress.
 */

type Client = Db | Prisma.TransactionClient;

/** Members issued in one insert: a large audience stays well under PostgreSQL's bind-parameter limit. */
const ISSUE_BATCH = 2000;

/** The issue key of a 手動發券 request's coupon for one member (the same since before runs were recorded). */
export const manualIssueKey = (requestId: string, memberId: string) => `manual:${requestId}:${memberId}`;

export type ResolvedAudience =
  | { ok: true; memberIds: string[]; unknown: { count: number; lines: ListLine[] } }
  | { ok: false; code: 'unknown_tag' | 'list_too_long' };

/** The audience's members in this shop, in a stable order; a list's lines that name nobody here come back as unknown. */
export async function resolveAudience(
  db: Client,
  tenantId: string,
  audience: IssueAudience,
): Promise<ResolvedAudience> {
  const none = { count: 0, lines: [] };
  if ('memberIds' in audience) {
    const rows = await db.member.findMany({
      where: { tenantId, id: { in: audience.memberIds } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return {
      ok: true,
      memberIds: rows.map((r) => r.id),
      unknown: { count: audience.memberIds.length - rows.length, lines: [] },
    };
  }
  if ('tagId' in audience) {
    const tag = await db.memberTag.findFirst({ where: { tenantId, id: audience.tagId }, select: { id: true } });
    if (!tag) return { ok: false, code: 'unknown_tag' };
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT l.member_id AS id FROM member_tag_links l JOIN members m ON m.id = l.member_id AND m.tenant_id = l.tenant_id
       WHERE l.tenant_id = ${tenantId}::uuid AND l.tag_id = ${tag.id}::uuid ORDER BY l.member_id`;
    return { ok: true, memberIds: rows.map((r) => r.id), unknown: none };
  }
  if ('everyone' in audience) {
    const rows = await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM members WHERE tenant_id = ${tenantId}::uuid ORDER BY id`;
    return { ok: true, memberIds: rows.map((r) => r.id), unknown: none };
  }
  const list = parseAudienceList(audience.list);
  if (list.tooLong) return { ok: false, code: 'list_too_long' };
  const values = (kind: string) => [...new Set(list.keys.filter((k) => k.kind === kind).map((k) => k.value))];
  const phones = values('phone');
  const codes = values('memberCode');
  const lineIds = values('lineUserId');
  // Arrays as single parameters: a list of thousands of lines stays one query.
  const rows = await db.$queryRaw<{ id: string; phone: string; member_code: string; line_user_id: string }[]>`
    SELECT m.id, m.phone, m.member_code, c.line_user_id
      FROM members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
     WHERE m.tenant_id = ${tenantId}::uuid
       AND (m.phone = ANY(${phones.flatMap(phoneForms)}::text[])
            OR m.member_code = ANY(${codes}::text[])
            OR c.line_user_id = ANY(${lineIds}::text[]))
     ORDER BY m.joined_at, m.id`;
  const byKey = new Map<string, string[]>();
  const add = (key: string, id: string) => byKey.set(key, [...(byKey.get(key) ?? []), id]);
  for (const row of rows) {
    add(`phone:${row.phone.startsWith('+886') ? `0${row.phone.slice(4)}` : row.phone}`, row.id);
    add(`memberCode:${row.member_code}`, row.id);
    add(`lineUserId:${row.line_user_id}`, row.id);
  }
  const memberIds = new Set<string>();
  const unknown: ListLine[] = list.unreadable.slice();
  for (const key of list.keys) {
    const ids = byKey.get(`${key.kind}:${key.value}`);
    if (ids) for (const id of ids) memberIds.add(id);
    else unknown.push({ line: key.line, text: key.text });
  }
  unknown.sort((a, b) => a.line - b.line);
  return {
    ok: true,
    memberIds: [...memberIds],
    unknown: { count: unknown.length, lines: unknown.slice(0, UNKNOWN_LINES_SHOWN) },
  };
}

/** A coupon of the shop (what the card shows and an issue needs), or null. */
export function findShopCoupon(db: Client, tenantId: string, couponId: string) {
  return db.coupon.findFirst({
    where: { tenantId, id: couponId },
    select: { id: true, name: true, rule: true, validDays: true, startsAt: true, endsAt: true, usesPerCoupon: true },
  });
}

/**
 * Of these members of the shop: who already holds the coupon (an issued one still good and not
 * used up; `exceptRequest`'s own issues do not count), and who LINE can reach (a LINE user ID,
 * the shop not blocked) among the rest.
 */
export async function audienceCounts(
  db: Client,
  args: { tenantId: string; couponId: string; memberIds: string[]; now: Date; exceptRequest?: string },
): Promise<{ members: number; holding: number; reachable: number }> {
  const [row] = await db.$queryRaw<{ members: bigint; holding: bigint; reachable: bigint }[]>`
    WITH audience AS (
      SELECT m.id, c.line_user_id, c.blocked_at,
             EXISTS (SELECT 1 FROM member_coupons mc JOIN coupons k ON k.id = mc.coupon_id
                      WHERE mc.tenant_id = m.tenant_id AND mc.member_id = m.id AND mc.coupon_id = ${args.couponId}::uuid
                        AND mc.used_count < k.uses_per_coupon
                        AND (mc.valid_until IS NULL OR mc.valid_until > ${args.now})
                        AND mc.issue_key NOT LIKE ${`manual:${args.exceptRequest ?? 'none'}:%`}) AS held
        FROM members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
       WHERE m.tenant_id = ${args.tenantId}::uuid AND m.id = ANY(${args.memberIds}::uuid[]))
    SELECT count(*) AS members,
           count(*) FILTER (WHERE held) AS holding,
           count(*) FILTER (WHERE NOT held AND line_user_id ~ '^U[0-9a-f]{32}$' AND blocked_at IS NULL) AS reachable
      FROM audience`;
  return { members: Number(row!.members), holding: Number(row!.holding), reachable: Number(row!.reachable) };
}

export interface IssueRunStart {
  tenantId: string;
  couponId: string;
  requestId: string;
  audience: IssueAudience;
  memberIds: string[];
  sendLine: boolean;
  actor: string;
}

/** The request's run, made once: a repeated request finds the first one (created false). */
export async function createIssueRun(
  db: Client,
  run: IssueRunStart,
): Promise<{ id: string; couponId: string; created: boolean }> {
  const created = await db.couponIssue.createMany({
    data: [
      {
        tenantId: run.tenantId,
        couponId: run.couponId,
        requestId: run.requestId,
        audienceKind: audienceKindOf(run.audience),
        memberIds: run.memberIds,
        sendLine: run.sendLine,
        actor: run.actor,
      },
    ],
    skipDuplicates: true,
  });
  const row = await db.couponIssue.findUniqueOrThrow({
    where: { tenantId_requestId: { tenantId: run.tenantId, requestId: run.requestId } },
    select: { id: true, couponId: true },
  });
  return { ...row, created: created.count > 0 };
}

export function findIssueRun(db: Client, tenantId: string, requestId: string) {
  return db.couponIssue.findUnique({
    where: { tenantId_requestId: { tenantId, requestId } },
    select: { id: true, couponId: true },
  });
}

export interface PreparedIssue {
  /** Members in the run's audience who already held the coupon, and those this request issued it to. */
  skipped: number;
  issued: number;
  /** LINE users the coupon card goes to (none when the run sends no message). */
  recipients: number;
}

/**
 * The run's first step: the coupon to each of its members who does not hold it yet (once per
 * member and request), then the LINE users to send the card to, frozen on the run. Done once:
 * a retried step finds what the first one stored.
 */
export async function prepareIssueRun(
  db: Db,
  tenantId: string,
  issueId: string,
  now: Date,
): Promise<PreparedIssue | null> {
  const run = await db.couponIssue.findFirst({ where: { tenantId, id: issueId } });
  if (!run) return null;
  const stored = (r: { skipped: number; issued: number; recipients: string[] }) => ({
    skipped: r.skipped,
    issued: r.issued,
    recipients: r.recipients.length,
  });
  if (run.preparedAt) return stored(run);
  const holders = await db.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT mc.member_id AS id FROM member_coupons mc JOIN coupons k ON k.id = mc.coupon_id
     WHERE mc.tenant_id = ${tenantId}::uuid AND mc.coupon_id = ${run.couponId}::uuid
       AND mc.member_id = ANY(${run.memberIds}::uuid[])
       AND mc.used_count < k.uses_per_coupon AND (mc.valid_until IS NULL OR mc.valid_until > ${now})
       AND mc.issue_key NOT LIKE ${`manual:${run.requestId}:%`}`;
  const held = new Set(holders.map((h) => h.id));
  // Members of this shop only, whatever the run lists (one array parameter, however many).
  const members = await db.$queryRaw<{ id: string; line_user_id: string; blocked: boolean }[]>`
    SELECT m.id, c.line_user_id, c.blocked_at IS NOT NULL AS blocked
      FROM members m JOIN customers c ON c.id = m.customer_id AND c.tenant_id = m.tenant_id
     WHERE m.tenant_id = ${tenantId}::uuid AND m.id = ANY(${run.memberIds}::uuid[])
     ORDER BY m.id`;
  const toIssue = members.filter((m) => !held.has(m.id));
  for (let i = 0; i < toIssue.length; i += ISSUE_BATCH) {
    await issueCoupon(db, {
      tenantId,
      couponId: run.couponId,
      memberIds: toIssue.slice(i, i + ISSUE_BATCH).map((m) => m.id),
      keyOf: (memberId) => manualIssueKey(run.requestId, memberId),
      now,
    });
  }
  const issuedNow = await db.memberCoupon.findMany({
    where: { tenantId, couponId: run.couponId, issueKey: { startsWith: `manual:${run.requestId}:` } },
    select: { memberId: true },
  });
  const issuedTo = new Set(issuedNow.map((r) => r.memberId));
  const recipients = run.sendLine
    ? [
        ...new Set(
          members
            .filter((m) => issuedTo.has(m.id) && isLineUserId(m.line_user_id) && !m.blocked)
            .map((m) => m.line_user_id),
        ),
      ]
    : [];
  await db.couponIssue.updateMany({
    where: { tenantId, id: issueId, preparedAt: null },
    data: { preparedAt: now, skipped: members.length - toIssue.length, issued: issuedTo.size, recipients },
  });
  return stored(await db.couponIssue.findFirstOrThrow({ where: { tenantId, id: issueId } }));
}

/** Recipients [from, to) of the run, as frozen by prepareIssueRun. */
export async function issueRunRecipients(db: Db, tenantId: string, issueId: string, from: number, to: number) {
  const [row] = await db.$queryRaw<{ slice: string[] | null }[]>`
    SELECT recipients[${from + 1}:${to}] AS slice FROM coupon_issues WHERE tenant_id = ${tenantId}::uuid AND id = ${issueId}::uuid`;
  return row?.slice ?? [];
}

/** What the coupon card is made of: the shop, the coupon, and the validity its members were issued with. */
export async function couponCardOf(db: Db, tenantId: string, issueId: string) {
  const run = await db.couponIssue.findFirst({
    where: { tenantId, id: issueId },
    select: {
      preparedAt: true,
      tenant: { select: { name: true, slug: true, liffId: true } },
      coupon: { select: { name: true, rule: true, validDays: true, startsAt: true, endsAt: true } },
    },
  });
  if (!run?.preparedAt) return null;
  return {
    shop: run.tenant,
    coupon: run.coupon,
    issuedAt: run.preparedAt,
    ...issuedValidity(run.coupon, run.preparedAt),
  };
}

/** LINE accepted the recipients before `upTo`: progress only moves forward (a retried batch cannot take it back). */
export async function markIssueSent(db: Db, tenantId: string, issueId: string, upTo: number): Promise<void> {
  await db.$executeRaw`
    UPDATE coupon_issues SET sent = GREATEST(sent, ${upTo}) WHERE tenant_id = ${tenantId}::uuid AND id = ${issueId}::uuid`;
}

export async function finishIssueRun(
  db: Db,
  tenantId: string,
  issueId: string,
  failure: string | null,
  now: Date,
): Promise<void> {
  await db.couponIssue.updateMany({
    where: { tenantId, id: issueId, finishedAt: null },
    data: { status: failure ? 'failed' : 'done', failure, finishedAt: now },
  });
}

export interface IssueProgress {
  requestId: string;
  couponId: string;
  state: 'preparing' | 'sending' | 'done' | 'failed';
  members: number;
  skipped: number;
  issued: number;
  sendLine: boolean;
  /** LINE users to send the card to, and how many LINE has accepted. */
  total: number;
  sent: number;
  failure: string | null;
}

/** The request's run as the page polls it. */
export async function issueProgress(db: Db, tenantId: string, requestId: string): Promise<IssueProgress | null> {
  const [row] = await db.$queryRaw<
    {
      request_id: string;
      coupon_id: string;
      prepared: boolean;
      members: number;
      skipped: number;
      issued: number;
      send_line: boolean;
      total: number;
      sent: number;
      status: string;
      failure: string | null;
    }[]
  >`
    SELECT request_id, coupon_id, prepared_at IS NOT NULL AS prepared, cardinality(member_ids) AS members,
           skipped, issued, send_line, cardinality(recipients) AS total, sent, status, failure
      FROM coupon_issues WHERE tenant_id = ${tenantId}::uuid AND request_id = ${requestId}::uuid`;
  if (!row) return null;
  return {
    requestId: row.request_id,
    couponId: row.coupon_id,
    state: row.status === 'done' ? 'done' : row.status === 'failed' ? 'failed' : row.prepared ? 'sending' : 'preparing',
    members: row.members,
    skipped: row.skipped,
    issued: row.issued,
    sendLine: row.send_line,
    total: row.total,
    sent: row.sent,
    failure: row.failure,
  };
}
