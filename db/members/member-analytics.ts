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
const hourOf = (column: Prisma.Sql) => Prisma.sql`floor(extract(epoch FROM ${column}) / 3600)::int`;

export async function loadMemberAnalytics(db: Db, scope: ReportScope): Promise<MemberAnalytics> {
  const start = taipeiDayRange(scope.from).start;
  const end = taipeiDayRange(scope.to).end;
  const [joins, orders, [members], [buyers]] = await Promise.all([
    db.$queryRaw<JoinHour[]>`
      SELECT ${hourOf(Prisma.sql`m.joined_at`)} AS hour, count(*)::int AS members
      FROM members m
      WHERE m.tenant_id = ${scope.tenantId}::uuid AND m.joined_at >= ${start} AND m.joined_at < ${end}
      GROUP BY 1`,
    db.$queryRaw<OrderHour[]>`
      SELECT ${hourOf(Prisma.sql`o.created_at`)} AS hour, m.id IS NOT NULL AS member,
             count(*)::int AS orders, sum(o.total)::int AS amount
      FROM orders o LEFT JOIN members m ON ${memberOf}
      WHERE ${orderConditions(scope)} AND ${doneOrder}
      GROUP BY 1, 2`,
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM members m
      WHERE m.tenant_id = ${scope.tenantId}::uuid AND m.joined_at < ${end}`,
    db.$queryRaw<{ active: number; repeat: number }[]>`
      SELECT count(*)::int AS active, count(*) FILTER (WHERE n >= 2)::int AS repeat
      FROM (SELECT m.id, count(*) AS n FROM orders o JOIN members m ON ${memberOf}
            WHERE ${orderConditions(scope)} AND ${doneOrder} GROUP BY m.id) b`,
  ]);
  return memberAnalytics({
    from: scope.from,
    to: scope.to,
    joins,
    orders,
    membersAtEnd: members?.count ?? 0,
    activeMembers: buyers?.active ?? 0,
    repeatMembers: buyers?.repeat ?? 0,
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
  const spentBy = Prisma.sql`
    SELECT m.id AS member_id, count(*)::int AS orders, sum(o.total)::bigint AS amount
    FROM orders o JOIN members m ON ${memberOf}
    WHERE ${orderConditions(scope)} AND ${doneOrder} GROUP BY m.id`;
  const [tags, [all]] = await Promise.all([
    db.$queryRaw<
      { id: string; name: string; kind: string; members: number; buyers: number; orders: number; amount: number }[]
    >`
      WITH spent AS (${spentBy})
      SELECT t.id, t.name, t.kind,
        (SELECT count(*)::int FROM member_tag_links l WHERE l.tenant_id = t.tenant_id AND l.tag_id = t.id) AS members,
        coalesce(s.buyers, 0)::int AS buyers, coalesce(s.orders, 0)::int AS orders, coalesce(s.amount, 0)::int AS amount
      FROM member_tags t
      LEFT JOIN (SELECT l.tag_id, count(*) AS buyers, sum(spent.orders) AS orders, sum(spent.amount) AS amount
                 FROM spent JOIN member_tag_links l ON l.tenant_id = ${scope.tenantId}::uuid AND l.member_id = spent.member_id
                 GROUP BY l.tag_id) s ON s.tag_id = t.id
      WHERE t.tenant_id = ${scope.tenantId}::uuid`,
    db.$queryRaw<{ members: number; buyers: number; orders: number; amount: number }[]>`
      WITH spent AS (${spentBy})
      SELECT (SELECT count(*)::int FROM members m WHERE m.tenant_id = ${scope.tenantId}::uuid) AS members,
             count(*)::int AS buyers, coalesce(sum(orders), 0)::int AS orders, coalesce(sum(amount), 0)::int AS amount
      FROM spent`,
  ]);
  return {
    range: { from: scope.from, to: scope.to },
    tags: rankTags(
      tags.map(({ id, name, kind, ...figures }): TagSpend => ({
        tagId: id,
        name,
        kind: kind === 'rule' ? 'rule' : 'manual',
        ...groupSpend(figures),
      })),
    ),
    everyone: groupSpend(all ?? { members: 0, buyers: 0, orders: 0, amount: 0 }),
  };
}
