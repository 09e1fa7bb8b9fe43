import {
  memberAnalytics,
  groupSpend,
  rankTags,
  type GroupSpend,
  type JoinHour,
  type MemberAnalytics,
  type OrderHour,
  type TagSpend,
} from '../../domain/members/member-analytics.ts';
import { taipeiDayRange } from '../../domain/taipei-time.ts';
import { Prisma, type Db } from '../client.ts';
import { orderConditions, type ReportScope } from '../insights/report-scope.ts';
import { doneOrder } from './member-sql.ts';

/**
 * The queries of 會員經營分析 and 會員標籤分析 over a report scope (the shop, Taipei days, the
 * branches the member may see, as 營運報表 has them). Orders are done orders created within
 * the days (orders' (tenant_id, status, created_at) index); an order is a member's when its
 * customer had joined by then (`m` joined on members' unique customer_id). The database counts
 * and groups by the UTC hour; domain/members/member-analytics.ts does the days and the maths.
 * Joining is the shop's, not a branch's: new members and members at the end are the whole shop's.
 */
const memberOf = Prisma.sql`m.tenant_id = o.tenant_id AND m.customer_id = o.customer_id AND m.joined_at <= o.created_at`;
// date_part is a double (extract is a numeric, slower to divide); exact for epoch seconds.
const hourOf = (column: Prisma.Sql) => Prisma.sql`floor(date_part('epoch', ${column}) / 3600)::int`;

/**
 * Two statements: the members who joined (per hour, and all by the end) from members' index on
 * (tenant_id, joined_at), and the done orders read once for both their hours and who came back.
 */
export async function loadMemberAnalytics(db: Db, scope: ReportScope): Promise<MemberAnalytics> {
  const start = taipeiDayRange(scope.from).start;
  const end = taipeiDayRange(scope.to).end;
  const [joinRows, orderRows] = await Promise.all([
    db.$queryRaw<{ hour: number | null; members: number }[]>`
      SELECT ${hourOf(Prisma.sql`m.joined_at`)} AS hour, count(*)::int AS members
      FROM members m
      WHERE m.tenant_id = ${scope.tenantId}::uuid AND m.joined_at >= ${start} AND m.joined_at < ${end}
      GROUP BY 1
      UNION ALL
      -- Every member by the end.
      SELECT NULL, count(*)::int FROM members m WHERE m.tenant_id = ${scope.tenantId}::uuid AND m.joined_at < ${end}`,
    db.$queryRaw<{ hour: number | null; member: boolean | null; orders: number; amount: number }[]>`
      WITH done AS MATERIALIZED (
        SELECT ${hourOf(Prisma.sql`o.created_at`)} AS hour, m.id AS member_id, o.total
        FROM orders o LEFT JOIN members m ON ${memberOf}
        WHERE ${orderConditions(scope)} AND ${doneOrder})
      SELECT hour, member_id IS NOT NULL AS member, count(*)::int AS orders, sum(total)::int AS amount
      FROM done GROUP BY 1, 2
      UNION ALL
      -- Who came back: members with a done order (orders), of them with two or more (amount).
      SELECT NULL, NULL, count(*)::int, count(*) FILTER (WHERE n >= 2)::int
      FROM (SELECT member_id, count(*) AS n FROM done WHERE member_id IS NOT NULL GROUP BY 1) b`,
  ]);
  const buyers = orderRows.find((r) => r.hour === null);
  return memberAnalytics({
    from: scope.from,
    to: scope.to,
    joins: joinRows.filter((r): r is JoinHour => r.hour !== null),
    orders: orderRows.filter((r): r is OrderHour => r.hour !== null),
    membersAtEnd: joinRows.find((r) => r.hour === null)?.members ?? 0,
    activeMembers: buyers?.orders ?? 0,
    repeatMembers: buyers?.amount ?? 0,
  });
}

export interface TagAnalytics {
  range: { from: string; to: string };
  /** Every tag of the shop, most spent first. */
  tags: TagSpend[];
  /** Every member of the shop now (tagged or not), to hold each tag against. */
  everyone: GroupSpend;
}

/**
 * Each tag's members now (manual and rule tags alike) and what they spent in the scope: the
 * members' done orders summed once per member, then per tag through its links (a member with
 * two tags counts in both).
 */
export async function loadTagAnalytics(db: Db, scope: ReportScope): Promise<TagAnalytics> {
  const rows = await db.$queryRaw<
    { id: string | null; name: string; kind: string; members: number; buyers: number; orders: number; amount: number }[]
  >`
    WITH spent AS MATERIALIZED (
      SELECT m.id AS member_id, count(*)::int AS orders, sum(o.total)::bigint AS amount
      FROM orders o JOIN members m ON ${memberOf}
      WHERE ${orderConditions(scope)} AND ${doneOrder} GROUP BY m.id)
    SELECT t.id, t.name, t.kind,
      (SELECT count(*)::int FROM member_tag_links l WHERE l.tenant_id = t.tenant_id AND l.tag_id = t.id) AS members,
      coalesce(s.buyers, 0)::int AS buyers, coalesce(s.orders, 0)::int AS orders, coalesce(s.amount, 0)::int AS amount
    FROM member_tags t
    LEFT JOIN (SELECT l.tag_id, count(*) AS buyers, sum(spent.orders) AS orders, sum(spent.amount) AS amount
               FROM spent JOIN member_tag_links l ON l.tenant_id = ${scope.tenantId}::uuid AND l.member_id = spent.member_id
               GROUP BY l.tag_id) s ON s.tag_id = t.id
    WHERE t.tenant_id = ${scope.tenantId}::uuid
    UNION ALL
    -- Every member of the shop.
    SELECT NULL, '', '', (SELECT count(*)::int FROM members m WHERE m.tenant_id = ${scope.tenantId}::uuid),
      count(*)::int, coalesce(sum(orders), 0)::int, coalesce(sum(amount), 0)::int
    FROM spent`;
  const everyone = rows.find((r) => r.id === null) ?? { members: 0, buyers: 0, orders: 0, amount: 0 };
  return {
    range: { from: scope.from, to: scope.to },
    tags: rankTags(
      rows
        .filter((r): r is typeof r & { id: string } => r.id !== null)
        .map(({ id, name, kind, ...figures }): TagSpend => ({
          tagId: id,
          name,
          kind: kind === 'rule' ? 'rule' : 'manual',
          ...groupSpend(figures),
        })),
    ),
    everyone: groupSpend(everyone),
  };
}
