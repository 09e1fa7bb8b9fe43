import { EARNING_STATUSES, VOIDED_STATUSES } from '../../domain/members/order-outcomes.ts';
import { Prisma } from '../client.ts';

/** SQL fragments the members queries share; `m` is the members row, `o` an order. */
export const doneOrder = Prisma.sql`o.status::text IN (${Prisma.join([...EARNING_STATUSES])})`;
export const liveOrder = Prisma.sql`o.status::text NOT IN (${Prisma.join([...VOIDED_STATUSES])})`;
export const ordersOfMember = Prisma.sql`o.tenant_id = m.tenant_id AND o.customer_id = m.customer_id`;
export const balanceOf = Prisma.sql`(SELECT coalesce(sum(e.points), 0)::int FROM member_point_entries e
  WHERE e.tenant_id = m.tenant_id AND e.member_id = m.id)`;
