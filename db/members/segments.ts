import type { Segment, SegmentCondition } from '../../domain/members/segment.ts';
import { Prisma } from '../client.ts';
import { containsPattern } from '../sql-like.ts';
import { doneOrder, liveOrder, ordersOfMember } from './member-sql.ts';

const DAY_MS = 86_400_000;

/** One condition as a predicate on the members row `m`. */
function conditionSql(c: SegmentCondition, now: Date): Prisma.Sql {
  const since = 'days' in c ? new Date(now.getTime() - c.days * DAY_MS) : now;
  switch (c.kind) {
    case 'tag':
      return Prisma.sql`EXISTS (SELECT 1 FROM member_tag_links l WHERE l.tenant_id = m.tenant_id AND l.member_id = m.id AND l.tag_id = ${c.tagId}::uuid)`;
    case 'tier':
      return Prisma.sql`m.tier_id = ${c.tierId}::uuid`;
    case 'lapsed':
      return Prisma.sql`(EXISTS (SELECT 1 FROM orders o WHERE ${ordersOfMember} AND ${liveOrder})
        AND NOT EXISTS (SELECT 1 FROM orders o WHERE ${ordersOfMember} AND ${liveOrder} AND o.created_at >= ${since}))`;
    case 'ordered':
      return Prisma.sql`(SELECT count(*) FROM orders o WHERE ${ordersOfMember} AND ${doneOrder} AND o.created_at >= ${since}) >= ${c.minOrders}`;
    case 'spent':
      return Prisma.sql`(SELECT coalesce(sum(o.total), 0) FROM orders o WHERE ${ordersOfMember} AND ${doneOrder} AND o.created_at >= ${since}) >= ${c.amount}`;
    case 'bought':
      return Prisma.sql`(SELECT coalesce(sum(i.allocated_quantity), 0) FROM orders o
        JOIN order_items i ON i.tenant_id = o.tenant_id AND i.order_id = o.id
        WHERE ${ordersOfMember} AND ${liveOrder} AND i.product_name ILIKE ${containsPattern(c.keyword)}) >= ${c.minUnits}`;
    case 'birthday_month':
      return Prisma.sql`extract(month FROM m.birthday) = ${c.month}`;
    case 'gender':
      return Prisma.sql`m.gender = ${c.gender}`;
    case 'joined':
      return Prisma.sql`m.joined_at >= ${since}`;
  }
}

/**
 * A segment as a predicate on `m` (a members row of the shop being queried): campaigns and rule
 * tags select `FROM members m WHERE m.tenant_id = … AND ${segmentSql(…)}`.
 */
export function segmentSql(segment: Segment, now: Date): Prisma.Sql {
  const parts = segment.conditions.map((c) => conditionSql(c, now));
  return Prisma.sql`(${Prisma.join(parts, segment.match === 'all' ? ' AND ' : ' OR ')})`;
}
