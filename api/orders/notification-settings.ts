import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendShopAlert, type ChannelResult } from '../../activities/orders/shop-alerts.ts';
import { createRateLimiter } from '../../db/rate-limit.ts';
import {
  getNotificationSettings,
  saveNotificationSettings,
  UnknownMemberError,
  type StoredNotificationSettings,
} from '../../db/orders/notification-settings.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { notificationSettingsSchema, storedPart, testAlert } from '../../domain/orders/notification-settings.ts';
import type { ServerDeps } from '../deps.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { serverLineClients } from '../line-clients.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

/** What GET and PUT answer (the web app imports this type only). */
export type NotificationSettingsView = StoredNotificationSettings & {
  /** The platform has an SMTP server for shops without their own. */
  platformMail: boolean;
};

/** One channel's answer to 「傳送測試」. */
export type TestChannelResult =
  | { channel: 'line' | 'email'; status: 'sent'; recipients: number }
  | { channel: 'line' | 'email'; status: 'failed'; reason: string };

export interface NotificationTestResult {
  results: TestChannelResult[];
  /** The page plays the sound itself (the browser's own speakers). */
  sound: boolean;
}

const TESTS_PER_WINDOW = 10;
const TEST_WINDOW_MS = 10 * 60_000;

/**
 * The shop's order notifications (訂單通知設定), settings: view to read, manage to change:
 *
 * - GET /api/t/:tenant/settings/notifications — the settings (defaults if never saved), whether
 *   an SMTP password is stored (never the password) and the members bound to LINE to pick from.
 * - PUT the same path with the whole settings object; audited without the password. A member
 *   ID that is not a LINE-bound member of this shop is 404 and nothing changes.
 * - POST …/test (「傳送測試」) — sends a test through every enabled push channel with the saved
 *   settings and answers per channel: sent (to how many) or failed with the reason.
 */
export async function notificationSettingsRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, secrets, log } = opts.deps;
  const limiter = createRateLimiter(db);
  const lineClientFor = serverLineClients(opts.deps, () =>
    Object.assign(new Error('no LINE channel'), { type: 'line_not_connected' }),
  );
  const view = async (tenantId: string): Promise<NotificationSettingsView> => ({
    ...(await getNotificationSettings(db, tenantId)),
    platformMail: Boolean(env.SMTP_URL),
  });

  app.get(
    '/settings/notifications',
    {
      preHandler: requirePage('settings/notifications', 'view'),
      config: { doc: { summary: 'Who is told of new orders, problems and status changes, and how' } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await view(tenantAuth(request).tenant.id)),
  );

  app.put(
    '/settings/notifications',
    {
      preHandler: requirePage('settings/notifications', 'manage'),
      config: { doc: { summary: 'Save the order notification settings', body: notificationSettingsSchema } },
    },
    async (request, reply) => {
      const input = notificationSettingsSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_notification_settings',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
        });
      const { tenant } = tenantAuth(request);
      try {
        await db.$transaction(async (tx) => {
          await saveNotificationSettings(tx, secrets, tenant.id, input.data);
          await writeAudit(
            tx,
            auditEntry(request, {
              action: 'settings.notifications',
              targetType: 'tenant',
              targetId: tenant.id,
              data: {
                ...storedPart(input.data),
                lineStaffIds: input.data.lineStaffIds,
                smtpPassword:
                  input.data.smtpPassword === '' ? 'kept' : input.data.smtpPassword === null ? 'cleared' : 'changed',
              },
            }),
          );
        });
      } catch (error) {
        if (error instanceof UnknownMemberError)
          return reply.code(404).send({ code: 'staff_not_found', message: '找不到這位已綁定 LINE 的成員' });
        throw error;
      }
      return view(tenant.id);
    },
  );

  app.post(
    '/settings/notifications/test',
    {
      preHandler: requirePage('settings/notifications', 'manage'),
      config: { doc: { summary: 'Send a test notification through every enabled channel', body: emptyBody } },
    },
    async (request, reply) => {
      const body = emptyBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ code: 'invalid_request', message: z.prettifyError(body.error) });
      const { tenant } = tenantAuth(request);
      // Each test may push LINE messages (the shop's quota) and e-mail: a few per window.
      const limit = await limiter.consume(`notification-test:${tenant.id}`, TESTS_PER_WINDOW, TEST_WINDOW_MS);
      if (!limit.allowed)
        return reply
          .code(429)
          .header('retry-after', String(limit.retryAfterSeconds))
          .send({
            code: 'rate_limited',
            message: `測試次數太多，請 ${Math.ceil(limit.retryAfterSeconds / 60)} 分鐘後再試`,
          });
      const { settings } = await getNotificationSettings(db, tenant.id);
      const results = await sendShopAlert(
        { db, secrets, log, lineClientFor, platformMail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM } },
        settings,
        { tenantId: tenant.id, text: testAlert(tenant.name), key: randomUUID() },
      );
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'settings.notifications.test',
          targetType: 'tenant',
          targetId: tenant.id,
          data: { results: results.map(publicResult) },
        }),
      );
      const answer: NotificationTestResult = { results: results.map(publicResult), sound: settings.soundEnabled };
      return answer;
    },
  );
}

function publicResult(result: ChannelResult): TestChannelResult {
  return result.status === 'sent' ? result : { channel: result.channel, status: 'failed', reason: result.reason };
}
