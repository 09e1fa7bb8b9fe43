import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  deleteUberEatsConnection,
  getUberEatsConnection,
  saveUberEatsConnection,
  type UberEatsConnectionView,
} from '../../db/ubereats/connections.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { uberEatsConnectionSchema } from '../../domain/ubereats/connection-settings.ts';
import { emptyBody } from '../../domain/query-inputs.ts';
import type { ServerDeps } from '../deps.ts';
import { tenantAuth } from '../plugins/auth.ts';
import { branchOf, branchParams, requireBranch } from '../restaurant/branch-guard.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { syncUberEatsStore } from './store-sync.ts';

/** What GET and PUT answer: the connection (no secrets) and the webhook URL to give Uber. */
export interface BranchUberEats {
  connection: UberEatsConnectionView | null;
  webhookUrl: string | null;
}

/**
 * A branch's Uber Eats connection (Uber Eats 整合):
 * - GET /api/t/:tenant/branches/:branchId/ubereats — the connection and its health (settings: view).
 * - PUT the same path — connect or change it (settings: manage); the secret is sealed, never sent back.
 * - DELETE — disconnect (settings: manage).
 * - POST …/ubereats/menu-sync — push the branch's menu to the store (settings: manage): 202, done by a workflow.
 */
export async function uberEatsConnectionRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, secrets, env } = opts.deps;
  const answer = (connection: UberEatsConnectionView | null): BranchUberEats => ({
    connection,
    webhookUrl: connection ? `${env.PUBLIC_BASE_URL}/webhooks/ubereats/${connection.id}` : null,
  });

  app.get(
    '/branches/:branchId/ubereats',
    {
      preHandler: requireBranch('settings/ubereats', 'view'),
      config: { doc: { summary: "A branch's Uber Eats connection and its health", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const connection = await getUberEatsConnection(db, tenant.id, branchOf(request).id);
      return reply.header('cache-control', 'no-store').send(answer(connection));
    },
  );

  app.put(
    '/branches/:branchId/ubereats',
    {
      preHandler: requireBranch('settings/ubereats', 'manage'),
      config: {
        doc: {
          summary: 'Connect a branch to its Uber Eats store',
          params: branchParams,
          body: uberEatsConnectionSchema,
        },
      },
    },
    async (request, reply) => {
      const parsed = uberEatsConnectionSchema.safeParse(request.body);
      if (!parsed.success)
        return reply
          .code(400)
          .send({
            code: 'invalid_ubereats',
            message: z.prettifyError(parsed.error),
            fields: fieldErrors(parsed.error),
          });
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const saved = await saveUberEatsConnection(db, secrets, tenant.id, branch.id, parsed.data);
      if (!saved.ok) {
        const message =
          saved.reason === 'store_taken' ? '這個 Uber Eats 商店已經連接到另一間分店' : '第一次連接請輸入 Client Secret';
        const field = saved.reason === 'store_taken' ? 'storeId' : 'clientSecret';
        return reply
          .code(saved.reason === 'store_taken' ? 409 : 400)
          .send({ code: saved.reason, message, fields: { [field]: message } });
      }
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'branch.ubereats',
          targetType: 'branch',
          targetId: branch.id,
          data: {
            storeId: parsed.data.storeId,
            clientId: parsed.data.clientId,
            autoAccept: parsed.data.autoAccept,
            secretChanged: Boolean(parsed.data.clientSecret),
          },
        }),
      );
      return answer(saved.connection);
    },
  );

  app.delete(
    '/branches/:branchId/ubereats',
    {
      preHandler: requireBranch('settings/ubereats', 'manage'),
      config: { doc: { summary: 'Disconnect a branch from Uber Eats', params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const removed = await deleteUberEatsConnection(db, tenant.id, branch.id);
      if (removed)
        await writeAudit(
          db,
          auditEntry(request, {
            action: 'branch.ubereats_removed',
            targetType: 'branch',
            targetId: branch.id,
            data: {},
          }),
        );
      return reply.code(204).send();
    },
  );

  app.post(
    '/branches/:branchId/ubereats/menu-sync',
    {
      preHandler: requireBranch('settings/ubereats', 'manage'),
      config: { doc: { summary: "Push the branch's menu to its Uber Eats store (同步菜單)", params: branchParams, body: emptyBody } },
    },
    async (request, reply) => {
      if (!emptyBody.safeParse(request.body ?? {}).success)
        return reply.code(400).send({ code: 'invalid_request', message: '這個動作不需要內容' });
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      if (!(await syncUberEatsStore(opts.deps, tenant.id, branch.id, 'menu')))
        return reply.code(409).send({ code: 'ubereats_not_connected', message: '這家分店還沒有串接 Uber Eats' });
      await writeAudit(db, auditEntry(request, { action: 'branch.ubereats_menu_sync', targetType: 'branch', targetId: branch.id, data: {} }));
      return reply.code(202).send({ queued: true });
    },
  );
}
