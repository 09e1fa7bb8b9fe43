import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  deleteDeliverySettings,
  getDeliverySettings,
  recordDeliveryError,
  saveDeliverySettings,
  type DeliverySettingsView,
} from '../../db/delivery/settings.ts';
import { deliverySettingsSchema } from '../../domain/delivery/delivery-settings.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { LalamoveError } from '../../integrations/lalamove/client.ts';
import type { ServerDeps } from '../deps.ts';
import { tenantAuth } from '../plugins/auth.ts';
import { branchOf, branchParams, requireBranch } from '../restaurant/branch-guard.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { partnerApiOf } from './partner-api.ts';

/** What GET and PUT answer: the settings (no secret) and the webhook URL to give the partner. */
export interface BranchDeliverySettings {
  settings: DeliverySettingsView | null;
  webhookUrl: string | null;
  /** After a save: whether the partner took the webhook URL (PATCH /v3/webhook). */
  webhookRegistered?: boolean;
}

/** The URL a branch's partner posts its events to (Lalamove: PATCH /v3/webhook, or its partner portal). */
export function deliveryWebhookPath(settingsId: string): string {
  return `/webhooks/lalamove/${settingsId}`;
}

/**
 * A branch's 外送物流設定:
 * - GET /api/t/:tenant/branches/:branchId/delivery-settings — the settings and the partner's last word (settings: view).
 * - PUT the same path — set them (settings: manage); the secret is sealed, never sent back.
 * - DELETE — stop booking riders for the branch (settings: manage).
 */
export async function deliverySettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, secrets, env } = opts.deps;
  const webhookUrlOf = (settingsId: string) => `${env.PUBLIC_BASE_URL}${deliveryWebhookPath(settingsId)}`;
  const answer = (settings: DeliverySettingsView | null): BranchDeliverySettings => ({
    settings,
    webhookUrl: settings ? webhookUrlOf(settings.id) : null,
  });

  /**
   * Gives the partner the branch's webhook URL with the saved credentials, so its news reaches
   * the shop without a trip to the partner's portal. Refused (wrong key, no answer), the save
   * stands and the branch's last error says why; the URL is shown to enter by hand.
   */
  async function registerWebhook(tenantId: string, settingsId: string): Promise<boolean> {
    const api = await partnerApiOf(opts.deps, { tenantId, id: settingsId });
    if (!api) return false;
    try {
      await api.setWebhook(webhookUrlOf(settingsId));
      return true;
    } catch (error) {
      if (!(error instanceof LalamoveError)) throw error;
      await recordDeliveryError(db, settingsId, `通知網址沒有設定成功：${error.message}`);
      return false;
    }
  }

  app.get(
    '/branches/:branchId/delivery-settings',
    {
      preHandler: requireBranch('settings/delivery', 'view'),
      config: { doc: { summary: "A branch's delivery partner settings (外送物流設定)", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const settings = await getDeliverySettings(db, tenant.id, branchOf(request).id);
      return reply.header('cache-control', 'no-store').send(answer(settings));
    },
  );

  app.put(
    '/branches/:branchId/delivery-settings',
    {
      preHandler: requireBranch('settings/delivery', 'manage'),
      config: { doc: { summary: "Set a branch's delivery partner", params: branchParams, body: deliverySettingsSchema } },
    },
    async (request, reply) => {
      const parsed = deliverySettingsSchema.safeParse(request.body);
      if (!parsed.success)
        return reply
          .code(400)
          .send({ code: 'invalid_delivery_settings', message: z.prettifyError(parsed.error), fields: fieldErrors(parsed.error) });
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const saved = await saveDeliverySettings(db, secrets, tenant.id, branch.id, parsed.data);
      if (!saved.ok) {
        const message = '第一次設定請輸入 API Secret';
        return reply.code(400).send({ code: saved.reason, message, fields: { apiSecret: message } });
      }
      const { apiSecret, ...shown } = parsed.data;
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'branch.delivery_settings',
          targetType: 'branch',
          targetId: branch.id,
          data: { ...shown, secretChanged: Boolean(apiSecret) },
        }),
      );
      const webhookRegistered = await registerWebhook(tenant.id, saved.settings.id);
      const settings = webhookRegistered ? saved.settings : await getDeliverySettings(db, tenant.id, branch.id);
      return { ...answer(settings), webhookRegistered };
    },
  );

  app.delete(
    '/branches/:branchId/delivery-settings',
    {
      preHandler: requireBranch('settings/delivery', 'manage'),
      config: { doc: { summary: "Remove a branch's delivery partner", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      if (await deleteDeliverySettings(db, tenant.id, branch.id))
        await writeAudit(
          db,
          auditEntry(request, { action: 'branch.delivery_settings_removed', targetType: 'branch', targetId: branch.id, data: {} }),
        );
      return reply.code(204).send();
    },
  );
}
