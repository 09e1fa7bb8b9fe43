import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { searchTextSchema } from '../../domain/query-inputs.ts';
import { listCustomers, loadCustomer } from '../../db/customers/customers.ts';
import { CUSTOMER_FILTERS, startOfTaipeiMonth } from '../../domain/customers/customer-stats.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { decodeCursor, encodeCursor } from '../page-cursor.ts';

const customerParams = z.object({ customerId: z.uuid() });
const cursor = z
  .string()
  .max(200)
  .transform((raw, ctx) => {
    const decoded = decodeCursor(raw);
    if (!decoded) ctx.addIssue({ code: 'custom', message: 'cursor is not one this API gave out' });
    return decoded ?? z.NEVER;
  });
const listQuery = z.object({
  q: searchTextSchema.optional(),
  filter: z.enum(CUSTOMER_FILTERS).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursor.optional(),
});

/** The customers of 顧客管理: list with search and filters, and one customer's detail. */
export async function adminCustomerRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/customers',
    {
      preHandler: requirePage('customers', 'view'),
      config: { doc: { summary: 'List customers: search, filters, paging', query: listQuery } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const query = listQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send({ code: 'invalid_query', message: z.prettifyError(query.error) });
      const page = await listCustomers(db, tenant.id, {
        query: query.data.q ?? null,
        filter: query.data.filter,
        monthStart: startOfTaipeiMonth(new Date()),
        limit: query.data.limit,
        after: query.data.cursor ?? null,
      });
      return {
        customers: page.customers,
        nextCursor: page.next ? encodeCursor(page.next) : null,
      };
    },
  );

  app.get(
    '/customers/:customerId',
    {
      preHandler: requirePage('customers', 'view'),
      config: { doc: { summary: 'A customer with figures and order history', params: customerParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const path = customerParams.safeParse(request.params);
      const customer = path.success ? await loadCustomer(db, tenant.id, path.data.customerId) : null;
      if (!customer) return reply.code(404).send({ code: 'not_found', message: '找不到這位顧客' });
      return customer;
    },
  );
}
