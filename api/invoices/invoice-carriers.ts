import type { FastifyInstance } from 'fastify';
import { findInvoiceSettings } from '../../db/invoices/invoice-settings.ts';
import { createRateLimiter } from '../../db/rate-limit.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { invoiceRecipientSchema, type InvoiceRecipient } from '../../domain/invoices/invoice-recipient.ts';
import { EcpayRejected, EcpayUnavailable, type EcpayInvoiceClient } from '../../integrations/ecpay/einvoice-client.ts';
import type { ServerDeps } from '../deps.ts';
import { SHOP_NOT_FOUND, shopCustomers } from '../storefront/shop-customer.ts';
import { shopInvoiceClient } from './provider.ts';

export type CarrierCheck = { ok: true } | { ok: false; field: string; message: string };

/**
 * Whether the provider knows the customer's mobile barcode or love code (formats are the
 * domain's to check). A provider out of reach does not stop the order: the invoice's workflow
 * meets the same answer later and asks the merchant.
 */
export async function checkCarrier(client: EcpayInvoiceClient, recipient: InvoiceRecipient): Promise<CarrierCheck> {
  try {
    if (recipient.kind === 'mobile' && !(await client.barcodeExists(recipient.barcode)))
      return { ok: false, field: 'invoice.barcode', message: '財政部查無這個手機條碼，請確認後再輸入' };
    if (recipient.kind === 'donation' && !(await client.loveCodeExists(recipient.loveCode)))
      return { ok: false, field: 'invoice.loveCode', message: '查無這個愛心碼，請確認受贈單位的愛心碼' };
  } catch (error) {
    if (!(error instanceof EcpayUnavailable) && !(error instanceof EcpayRejected)) throw error;
  }
  return { ok: true };
}

/** What the checkout shows about invoices: null when the shop issues none. */
export interface StorefrontInvoiceOptions {
  defaultLoveCode: string;
}

export async function storefrontInvoiceOptions(
  deps: Pick<ServerDeps, 'db'>,
  tenantId: string,
): Promise<StorefrontInvoiceOptions | null> {
  const settings = await findInvoiceSettings(deps.db, tenantId);
  return settings.enabled && settings.hasKeys ? { defaultLoveCode: settings.defaultLoveCode } : null;
}

/**
 * POST /api/shop/:tenant/invoice-carriers/check `{kind, barcode | loveCode …}` — the checkout's
 * check of a carrier as the customer types it: the domain's format, then the provider's word on
 * a mobile barcode or love code. 200 `{ok}` or 400 with the field's message; 404 when the shop
 * issues no e-invoices; 429 after 30 checks in 10 minutes from one address.
 */
/** Each check is a call to ECPay under the shop's credentials: a customer types a few, never hundreds. */
const CHECKS_PER_WINDOW = 30;
const CHECK_WINDOW_MS = 10 * 60_000;

export async function invoiceCarrierRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const shops = shopCustomers(opts.deps);
  const limiter = createRateLimiter(opts.deps.db);
  app.post(
    '/api/shop/:tenant/invoice-carriers/check',
    { config: { doc: { summary: 'Check an e-invoice carrier (mobile barcode, love code) with the provider', body: invoiceRecipientSchema } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const provider = await shopInvoiceClient(opts.deps, shop.id);
      if (!provider?.enabled) return reply.code(404).send({ code: 'invoices_off', message: '這間店沒有開立電子發票' });
      const limit = await limiter.consume(`invoice-carrier:${shop.id}:${request.ip}`, CHECKS_PER_WINDOW, CHECK_WINDOW_MS);
      if (!limit.allowed)
        return reply
          .code(429)
          .header('retry-after', String(limit.retryAfterSeconds))
          .send({ code: 'rate_limited', message: '查詢太頻繁，請稍後再試' });
      const input = invoiceRecipientSchema.safeParse(request.body);
      if (!input.success) {
        const fields = Object.fromEntries(Object.entries(fieldErrors(input.error)).map(([k, v]) => [`invoice.${k}`, v]));
        return reply.code(400).send({ code: 'invalid_carrier', message: input.error.issues[0]?.message ?? '載具不正確', fields });
      }
      const check = await checkCarrier(provider.client, input.data);
      if (!check.ok)
        return reply.code(400).send({ code: 'unknown_carrier', message: check.message, fields: { [check.field]: check.message } });
      return reply.header('cache-control', 'no-store').send({ ok: true, recipient: input.data });
    },
  );
}
