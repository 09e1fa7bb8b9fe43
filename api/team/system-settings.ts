import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  countPastRetention,
  lastRetentionRun,
  type RetentionRun,
} from '../../db/customers/data-retention.ts';
import { findSystemSettings, saveSystemSettings } from '../../db/team/system-settings.ts';
import { retentionCutoff } from '../../domain/customers/data-retention.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import {
  retentionPreviewQuery,
  systemSettingsSchema,
  type SystemSettings,
} from '../../domain/team/system-settings.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from './auth/audit.ts';

export interface SystemSettingsView extends SystemSettings {
  /** The nightly 個資保存期限 run's last result for the shop; null before the first. */
  lastRun: RetentionRun | null;
}

/** GET …/retention-preview: the cut-off a limit of `months` has now, and how many customers are past it. */
export interface RetentionPreview {
  months: number;
  cutoff: string;
  customers: number;
}

/**
 * 員工與系統管理 › 系統設定: GET/PUT /api/t/:tenant/settings/system (後台預設語言 and 個資保存期限,
 * domain/team/system-settings.ts) and GET …/retention-preview?months=N, how many customers a
 * limit would anonymize if the nightly run (workflows/customers/data-retention.ts) ran now.
 */
export async function systemSettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  const view = async (tenantId: string): Promise<SystemSettingsView> => ({
    ...(await findSystemSettings(db, tenantId)),
    lastRun: await lastRetentionRun(db, tenantId),
  });

  app.get(
    '/settings/system',
    {
      preHandler: requirePage('settings/system', 'view'),
      config: { doc: { summary: "The admin's default language, 個資保存期限 and the last retention run" } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await view(tenantAuth(request).tenant.id)),
  );

  app.put(
    '/settings/system',
    {
      preHandler: requirePage('settings/system', 'manage'),
      config: {
        doc: { summary: "Change the admin's default language and 個資保存期限", body: systemSettingsSchema },
      },
    },
    async (request, reply) => {
      const input = systemSettingsSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_system_settings',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
        });
      const { tenant } = tenantAuth(request);
      await db.$transaction(async (tx) => {
        const before = await findSystemSettings(tx, tenant.id);
        await saveSystemSettings(tx, tenant.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.system',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { before, after: input.data },
          }),
        );
      });
      return view(tenant.id);
    },
  );

  app.get(
    '/settings/system/retention-preview',
    {
      preHandler: requirePage('settings/system', 'view'),
      config: {
        doc: {
          summary: 'How many customers a 個資保存期限 of N months would anonymize if the nightly run ran now',
          query: retentionPreviewQuery,
        },
      },
    },
    async (request, reply) => {
      const query = retentionPreviewQuery.safeParse(request.query);
      if (!query.success)
        return reply.code(400).send({ code: 'invalid_query', message: z.prettifyError(query.error) });
      const cutoff = retentionCutoff(new Date(), query.data.months);
      const customers = await countPastRetention(db, tenantAuth(request).tenant.id, cutoff);
      const preview: RetentionPreview = { months: query.data.months, cutoff: cutoff.toISOString(), customers };
      return reply.header('cache-control', 'no-store').send(preview);
    },
  );
}
