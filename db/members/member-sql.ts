import { EARNING_STATUSES, VOIDED_STATUSES } from '../../domain/members/order-outcomes.ts';
import { Prisma } from '../client.ts';

/** SQL fragments the members queries share; `m` is the members row, `o` an order. */
// As the enum, not its text: the planner then estimates the rows and can walk the orders index on (tenant_id, status, created_at).
export const doneOrder = Prisma.sql`o.status = ANY(${[...EARNING_STATUSES]}::order_status[])`;
export const liveOrder = Prisma.sql`o.status::text NOT IN (${Prisma.join([...VOIDED_STATUSES])})`;
export const ordersOfMember = Prisma.sql`o.tenant_id = m.tenant_id AND o.customer_id = m.customer_id`;
export const balanceOf = Prisma.sql`(SELECT coalesce(sum(e.points), 0)::int FROM member_point_entries e
  WHERE e.tenant_id = m.tenant_id AND e.member_id = m.id)`;
