import type { FastifyInstance } from 'fastify';
import { newStripeId } from './ids.ts';
import { customerObject } from './objects.ts';
import { metadata, str, type Params } from './params.ts';
import { noSuchObject } from './stripe-errors.ts';
import type { StripeSandboxStore } from './store.ts';

/** `/v1/customers`: create, retrieve, update (email, name, metadata). */
export function registerCustomerRoutes(api: FastifyInstance, store: StripeSandboxStore): void {
  api.post('/v1/customers', async (request) => {
    const body = (request.body ?? {}) as Params;
    const customer = {
      id: newStripeId('cus', 14),
      object: 'customer' as const,
      email: str(body, 'email') ?? null,
      name: str(body, 'name') ?? null,
      metadata: metadata(body),
      created: store.now(),
      livemode: false as const,
      card: 'none' as const,
    };
    store.customers.set(customer.id, customer);
    return customerObject(customer);
  });

  api.get<{ Params: { id: string } }>('/v1/customers/:id', async (request) => {
    const customer = store.customers.get(request.params.id);
    if (!customer) throw noSuchObject('customer', request.params.id);
    return customerObject(customer);
  });

  api.post<{ Params: { id: string } }>('/v1/customers/:id', async (request) => {
    const customer = store.customers.get(request.params.id);
    if (!customer) throw noSuchObject('customer', request.params.id);
    const body = (request.body ?? {}) as Params;
    customer.email = str(body, 'email') ?? customer.email;
    customer.name = str(body, 'name') ?? customer.name;
    if (body.metadata !== undefined) customer.metadata = { ...customer.metadata, ...metadata(body) };
    return customerObject(customer);
  });
}
