import type { FastifyInstance } from 'fastify';
import { parseStripeForm } from './form-body.ts';
import { newStripeId } from './ids.ts';
import { invoiceObject, listObject, subscriptionObject } from './objects.ts';
import { limitParam, required, str, url, type Params } from './params.ts';
import { noSuchObject } from './stripe-errors.ts';
import type { BillingContext } from './billing-cycle.ts';

/** `/v1/subscriptions/:id`, `/v1/invoices` and `/v1/billing_portal/sessions`. */
export function registerBillingRoutes(api: FastifyInstance, ctx: BillingContext): void {
  const { store } = ctx;
  api.get<{ Params: { id: string } }>('/v1/subscriptions/:id', async (request) => {
    const sub = store.subscriptions.get(request.params.id);
    if (!sub) throw noSuchObject('subscription', request.params.id);
    return subscriptionObject(sub);
  });

  api.get('/v1/invoices', async (request) => {
    const query = parseStripeForm(request.url.split('?')[1] ?? '') as Params;
    const limit = limitParam(query);
    const customer = str(query, 'customer');
    const subscription = str(query, 'subscription');
    const invoices = [...store.invoices.values()]
      .filter((i) => (!customer || i.customer === customer) && (!subscription || i.subscription === subscription))
      .sort((a, b) => b.created - a.created || b.number.localeCompare(a.number))
      .map((i) => invoiceObject(i, ctx.publicUrl));
    return listObject('/v1/invoices', invoices, limit);
  });

  api.get<{ Params: { id: string } }>('/v1/invoices/:id', async (request) => {
    const invoice = store.invoices.get(request.params.id);
    if (!invoice) throw noSuchObject('invoice', request.params.id);
    return invoiceObject(invoice, ctx.publicUrl);
  });

  api.post('/v1/billing_portal/sessions', async (request) => {
    const body = (request.body ?? {}) as Params;
    const customer = required(body, 'customer');
    if (!store.customers.has(customer)) throw noSuchObject('customer', customer, 'customer');
    const id = newStripeId('bps');
    const session = {
      id,
      customer,
      return_url: url(body, 'return_url') ?? '',
      url: `${ctx.publicUrl}/p/session/${id}`,
      created: store.now(),
    };
    store.portalSessions.set(id, session);
    return { ...session, object: 'billing_portal.session', livemode: false, locale: str(body, 'locale') ?? null };
  });
}
