import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findPaymentOptions, findPaymentSettings, savePaymentSettings } from '../../db/payments/payment-settings.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { cardNotReady, paymentSettingsSchema, type PaymentSettings } from '../../domain/payments/payment-settings.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';

/** What GET and PUT answer (the web app imports this type only). */
export interface PaymentSettingsView {
  settings: PaymentSettings;
  /** The shop's Stripe account can take charges now: 線上刷卡 may be offered. */
  cardReady: boolean;
}

/**
 * GET/PUT /api/t/:tenant/settings/payments — 收款金流設定: the ways customers may pay per pickup
 * method (or shop-wide), the bank account shown for transfers, and the reminder times and
 * deadline of an unpaid order. 線上刷卡 is refused until the shop's Stripe account can take
 * charges. New orders take the settings; placed ones keep what they were placed with.
 */
export async function paymentSettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  app.get(
    '/settings/payments',
    {
      preHandler: requirePage('settings/payments', 'view'),
      config: {
        doc: { summary: 'How customers may pay, per pickup method, and when unpaid orders are reminded and let go' },
      },
    },
    async (request, reply) => {
      const view: PaymentSettingsView = await findPaymentOptions(db, tenantAuth(request).tenant.id);
      return reply.header('cache-control', 'no-store').send(view);
    },
  );

  app.put(
    '/settings/payments',
    {
      preHandler: requirePage('settings/payments', 'manage'),
      config: { doc: { summary: 'Save how customers may pay', body: paymentSettingsSchema } },
    },
    async (request, reply) => {
      const input = paymentSettingsSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_payment_settings',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
        });
      const { tenant } = tenantAuth(request);
      const { cardReady } = await findPaymentOptions(db, tenant.id);
      const notReady = cardNotReady(input.data, cardReady);
      if (notReady.length > 0) {
        const message = '開通 Stripe 收款後才能選擇線上刷卡';
        return reply.code(409).send({
          code: 'card_not_ready',
          message,
          fields: Object.fromEntries(notReady.map((scope) => [scope, message])),
        });
      }
      await db.$transaction(async (tx) => {
        const before = await findPaymentSettings(tx, tenant.id);
        await savePaymentSettings(tx, tenant.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.payments',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { before, after: input.data },
          }),
        );
      });
      const view: PaymentSettingsView = { settings: input.data, cardReady };
      return view;
    },
  );
}
