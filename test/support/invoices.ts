import { expect } from 'vitest';
import { STAGE_MERCHANT } from '../../sandbox/ecpay/store.ts';
import type { SandboxInvoice } from '../../sandbox/ecpay/store.ts';
import { requestAs } from './auth.ts';
import type { TestRestaurant } from './restaurant-orders.ts';
import { waitFor, type Stack } from './stack.ts';

/** The ECPay sandbox's control API (sandbox/ecpay/README.md). */
export async function ecpayControl(stack: Stack, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.ecpayUrl}/__control${path}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** What the sandbox issued under this RelateNumber (exactly-once is counted here). */
export async function sandboxInvoices(stack: Stack, relateNumber?: string): Promise<SandboxInvoice[]> {
  const { body } = await ecpayControl(stack, 'GET', `/invoices?merchantId=${STAGE_MERCHANT.merchantId}`);
  const all = body.invoices as SandboxInvoice[];
  return relateNumber ? all.filter((i) => i.relateNumber === relateNumber) : all;
}

/** 電子發票設定 saved by the owner with ECPay's staging merchant, and checked. */
export async function turnOnInvoices(stack: Stack, shop: TestRestaurant, overrides: Record<string, unknown> = {}) {
  const saved = await requestAs(stack.apiUrl, shop.owner, 'PUT', `/api/t/${shop.tenant.slug}/settings/invoices`, {
    enabled: true,
    merchantId: STAGE_MERCHANT.merchantId,
    hashKey: STAGE_MERCHANT.hashKey,
    hashIv: STAGE_MERCHANT.hashIv,
    issueOn: 'completion',
    defaultLoveCode: '8585',
    ...overrides,
  });
  expect(saved.status).toBe(200);
  return saved.body;
}

/** The order's invoice row once `check` holds for it. */
export function invoiceOf(stack: Stack, shop: TestRestaurant, orderId: string, what: string, check: (row: { status: string; invoiceNo: string | null; problem: string | null }) => boolean, timeoutMs = 30_000) {
  return waitFor(
    what,
    async () => {
      const row = await stack.db.orderInvoice.findFirst({ where: { tenantId: shop.tenant.id, orderId } });
      return row && check(row) ? row : undefined;
    },
    timeoutMs,
  );
}
