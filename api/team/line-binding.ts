import type { FastifyInstance } from 'fastify';
import { staffRichMenuUnlinkWorkflowId } from '../../domain/workflow-ids.ts';
import { TenantId } from '../../temporal/search-attributes.ts';
import type { staffRichMenuUnlinkWorkflow } from '../../workflows/line-chat/rich-menus.ts';
import { z } from 'zod';
import { findNotificationSettings, setNewOrderNotifications } from '../../db/orders/notification-settings.ts';
import { findLineBinding, issueBindingCode, unbindStaffLineAccount } from '../../db/team/staff-line-binding.ts';
import { BINDING_CODES_PER_WINDOW, BINDING_ATTEMPTS_WINDOW_MS } from '../../domain/team/staff-binding.ts';
import { createRateLimiter } from '../../db/rate-limit.ts';
import { auditEntry, writeAudit } from './auth/audit.ts';
import { requirePage, requireMember, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

/** The signed-in member's own LINE binding, for the LINE settings page. */
export interface LineBindingStatus {
  bound: boolean;
  notifyByLine: boolean;
  /** A code is waiting to be typed in the chat until then (ISO); null: none. */
  codeExpiresAt: string | null;
}

/** A fresh one-time code; shown once, never stored in plain. */
export interface LineBindingCodeResult {
  code: string;
  expiresAt: string;
}

/** The 新訂單 event of the shop's 訂單通知設定 (the LINE page's switch; the same data). */
export interface LineNotificationSettings {
  notifyNewOrders: boolean;
}

const notificationsBody = z.strictObject({
  notifyNewOrders: z.boolean({ error: '請選擇開啟或關閉新訂單通知' }),
});
const NOT_FOUND = { code: 'not_found', message: '找不到你在這個商店的成員資料' } as const;

/**
 * Binding is personal: every member may bind their own LINE account (requireMember), whatever
 * their permissions; the new-order switch is the shop's setting (settings: manage).
 */
export async function adminLineBindingRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, temporal, env } = opts.deps;
  const limiter = createRateLimiter(db);

  app.get(
    '/settings/line/binding',
    { preHandler: requireMember, config: { doc: { summary: "The member's own LINE binding" } } },
    async (request, reply) => {
      const { tenant, member } = tenantAuth(request);
      const binding = await findLineBinding(db, { tenantId: tenant.id, staffId: member.id });
      if (!binding) return reply.code(404).send(NOT_FOUND);
      const status: LineBindingStatus = { ...binding, codeExpiresAt: binding.codeExpiresAt?.toISOString() ?? null };
      return status;
    },
  );

  app.post(
    '/settings/line/binding/code',
    {
      preHandler: requireMember,
      config: { doc: { summary: 'A six-digit code to bind LINE, valid 10 minutes', body: emptyBody } },
    },
    async (request, reply) => {
      const body = emptyBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ code: 'invalid_request', message: z.prettifyError(body.error) });
      const { tenant, member } = tenantAuth(request);
      const limit = await limiter.consume(
        `line-bind-code:${member.id}`,
        BINDING_CODES_PER_WINDOW,
        BINDING_ATTEMPTS_WINDOW_MS,
      );
      if (!limit.allowed) {
        return reply
          .code(429)
          .header('retry-after', String(limit.retryAfterSeconds))
          .send({
            code: 'rate_limited',
            message: `產生綁定碼的次數太多，請 ${Math.ceil(limit.retryAfterSeconds / 60)} 分鐘後再試`,
          });
      }
      const issued = await issueBindingCode(db, { tenantId: tenant.id, staffId: member.id });
      await writeAudit(
        db,
        auditEntry(request, { action: 'staff.line_bind_code', targetType: 'staff', targetId: member.id }),
      );
      const result: LineBindingCodeResult = { code: issued.code, expiresAt: issued.expiresAt.toISOString() };
      return reply.code(201).send(result);
    },
  );

  app.delete(
    '/settings/line/binding',
    { preHandler: requireMember, config: { doc: { summary: "Unbind the member's LINE account" } } },
    async (request) => {
      const { tenant, member } = tenantAuth(request);
      const lineUserId = await unbindStaffLineAccount(db, { tenantId: tenant.id, staffId: member.id });
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'staff.line_unbind',
          targetType: 'staff',
          targetId: member.id,
          data: { unbound: lineUserId !== null },
        }),
      );
      const menus = lineUserId
        ? await db.lineRichMenuSet.findUnique({ where: { tenantId: tenant.id }, select: { adminMenuId: true } })
        : null;
      if (lineUserId && menus?.adminMenuId) {
        // Their LINE goes back to the customer menu (durably; the unbinding stands either way).
        // Before the shop ever applied its menus there is no admin menu to take away.
        const args: Parameters<typeof staffRichMenuUnlinkWorkflow> = [{ tenantId: tenant.id, lineUserId }];
        await temporal.workflow.start('staffRichMenuUnlinkWorkflow', {
          workflowId: staffRichMenuUnlinkWorkflowId(tenant.id, lineUserId),
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          args,
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          typedSearchAttributes: [{ key: TenantId, value: tenant.id }],
          staticSummary: '解除店家成員的 LINE 圖文選單',
        });
      }
      const status: LineBindingStatus = { bound: false, notifyByLine: true, codeExpiresAt: null };
      const binding = await findLineBinding(db, { tenantId: tenant.id, staffId: member.id });
      return { ...status, ...(binding ? { notifyByLine: binding.notifyByLine } : {}) };
    },
  );

  app.get(
    '/settings/line/notifications',
    {
      preHandler: requirePage('settings/line', 'view'),
      config: { doc: { summary: 'Whether bound members get a LINE push for every new order' } },
    },
    async (request) => {
      const { newOrder } = await findNotificationSettings(db, tenantAuth(request).tenant.id);
      const settings: LineNotificationSettings = { notifyNewOrders: newOrder };
      return settings;
    },
  );

  app.put(
    '/settings/line/notifications',
    {
      preHandler: requirePage('settings/line', 'manage'),
      config: { doc: { summary: 'Switch new-order pushes on or off', body: notificationsBody } },
    },
    async (request, reply) => {
      const body = notificationsBody.safeParse(request.body ?? {});
      if (!body.success) {
        return reply.code(400).send({ code: 'invalid_notifications', message: z.prettifyError(body.error) });
      }
      const { tenant } = tenantAuth(request);
      const settings: LineNotificationSettings = await db.$transaction(async (tx) => {
        const newOrder = await setNewOrderNotifications(tx, tenant.id, body.data.notifyNewOrders);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.line.notifications',
            targetType: 'tenant',
            targetId: tenant.id,
            data: body.data,
          }),
        );
        return { notifyNewOrders: newOrder };
      });
      return settings;
    },
  );
}
