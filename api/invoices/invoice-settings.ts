import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  findInvoiceSettings,
  markInvoiceSettingsChecked,
  saveInvoiceSettings,
} from '../../db/invoices/invoice-settings.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { invoiceSettingsSchema, keysToStore, type InvoiceSettingsView } from '../../domain/invoices/invoice-settings.ts';
import { emptyBody } from '../../domain/query-inputs.ts';
import { EcpayRejected, EcpayUnavailable } from '../../integrations/ecpay/einvoice-client.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { shopInvoiceClient } from './provider.ts';

/** What 檢查設定 answers. */
export interface InvoiceCheckResult {
  ok: boolean;
  message: string;
  checkedAt: string | null;
}

/** A love code ECPay lists (創世基金會), asked to prove the credentials open ECPay's envelope. */
const PROBE_LOVE_CODE = '8585';

/**
 * 電子發票設定 (settings: view to see, manage to change):
 * - GET/PUT /api/t/:tenant/settings/invoices — ECPay's MerchantID, HashKey and HashIV (sealed at
 *   rest, never sent back), whether and when invoices are issued, the default love code. Saved
 *   with an audit line (the keys never in it).
 * - POST /api/t/:tenant/settings/invoices/check — 檢查設定: one call to ECPay with the stored
 *   credentials; ECPay opening the envelope proves MerchantID and keys belong together.
 */
export async function invoiceSettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, secrets } = opts.deps;

  app.get(
    '/settings/invoices',
    {
      preHandler: requirePage('settings/invoices', 'view'),
      config: { doc: { summary: '電子發票設定: ECPay credentials (never the keys), when invoices are issued' } },
    },
    async (request, reply) => {
      const view: InvoiceSettingsView = await findInvoiceSettings(db, tenantAuth(request).tenant.id);
      return reply.header('cache-control', 'no-store').send(view);
    },
  );

  app.put(
    '/settings/invoices',
    {
      preHandler: requirePage('settings/invoices', 'manage'),
      config: { doc: { summary: 'Save 電子發票設定 (empty keys keep the stored ones)', body: invoiceSettingsSchema } },
    },
    async (request, reply) => {
      const input = invoiceSettingsSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_invoice_settings',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
        });
      const { tenant } = tenantAuth(request);
      const saved = await db.$transaction(async (tx) => {
        const before = await findInvoiceSettings(tx, tenant.id);
        const keys = keysToStore(input.data, before.hasKeys);
        if (!keys.ok) return keys;
        await saveInvoiceSettings(tx, secrets, tenant.id, input.data);
        const after = await findInvoiceSettings(tx, tenant.id);
        const keysChanged = input.data.hashKey !== '' || input.data.hashIv !== '';
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.invoices',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { before, after, keysChanged },
          }),
        );
        return { ok: true as const, view: after };
      });
      if (!saved.ok)
        return reply
          .code(400)
          .send({ code: 'invalid_invoice_settings', message: saved.message, fields: { [saved.field]: saved.message } });
      return saved.view;
    },
  );

  app.post(
    '/settings/invoices/check',
    {
      preHandler: requirePage('settings/invoices', 'manage'),
      config: { doc: { summary: '檢查設定: ask ECPay with the stored credentials', body: emptyBody } },
    },
    async (request, reply) => {
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_input', message: '這個請求不需要內容' });
      const { tenant } = tenantAuth(request);
      const shop = await shopInvoiceClient(opts.deps, tenant.id);
      const answer = (result: InvoiceCheckResult) => reply.header('cache-control', 'no-store').send(result);
      if (!shop) return answer({ ok: false, message: '請先儲存特店編號、HashKey 與 HashIV', checkedAt: null });
      try {
        await shop.client.loveCodeExists(PROBE_LOVE_CODE);
      } catch (error) {
        const unreachable = error instanceof EcpayUnavailable && /HTTP|fetch|abort|timeout/i.test(error.message);
        const message =
          error instanceof EcpayRejected || (error instanceof EcpayUnavailable && !unreachable)
            ? `綠界拒絕了這組設定：${error.message.replace(/^ECPay \w+: /, '')}。請確認特店編號、HashKey 與 HashIV。`
            : '暫時連不上綠界，請稍後再試';
        return answer({ ok: false, message, checkedAt: null });
      }
      const at = new Date();
      await markInvoiceSettingsChecked(db, tenant.id, at);
      await writeAudit(db, auditEntry(request, { action: 'settings.invoices.check', targetType: 'tenant', targetId: tenant.id }));
      return answer({ ok: true, message: '設定正確，綠界已接受這組特店編號與金鑰', checkedAt: at.toISOString() });
    },
  );
}
