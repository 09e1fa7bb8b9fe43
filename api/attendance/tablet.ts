import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { tabletStaff } from '../../db/attendance/devices.ts';
import { recordPunch } from '../../db/attendance/shifts.ts';
import { PUNCH_ACTIONS, punchReply } from '../../domain/attendance/punches.ts';
import {
  PIN_ATTEMPTS_PER_DEVICE,
  PIN_ATTEMPTS_PER_PERSON,
  PIN_ATTEMPTS_WINDOW_MS,
  pinSchema,
} from '../../domain/team/staff-pin.ts';
import { shopHasFeature } from '../../db/billing/subscriptions.ts';
import { tenantParams } from '../tenant-scope.ts';
import { writeAudit } from '../team/auth/audit.ts';
import { verifyPassword } from '../team/auth/passwords.ts';
import { deviceOf } from './devices.ts';

const punchBody = z.object({
  staffId: z.uuid(),
  pin: pinSchema,
  action: z.enum(PUNCH_ACTIONS),
  /** Chosen by the tablet per tap, so a retried request punches once. */
  requestId: z.uuid(),
});

const pinSignInBody = z.strictObject({ staffId: z.uuid(), pin: pinSchema });

const NO_ACCOUNT = {
  code: 'no_account',
  message: '這位員工還沒有後台帳號，請店主在「員工管理」邀請他加入後再使用快速登入。',
} as const;
const NOT_REGISTERED = {
  code: 'device_not_registered',
  message: '這台裝置還沒有登錄為店內平板。請店主在後台「打卡出勤管理 → 店內平板」登錄這台裝置。',
} as const;
const WRONG_PIN = { code: 'wrong_pin', message: 'PIN 不正確，請再試一次。' } as const;

/**
 * The shop tablet's 打卡 screen, only on a device the owner registered (api/attendance/devices.ts):
 * - GET /api/clock/:tenant — who can clock in here (members with a PIN) and who is working.
 * - POST /api/clock/:tenant {staffId, pin, action, requestId} — clock in or out with the PIN.
 * - POST /api/clock/:tenant/sign-in {staffId, pin} — 快速登入 to the admin with the PIN.
 * Anywhere else all answer 403 device_not_registered and no PIN is checked. Wrong PINs are
 * limited per person and per device (db/rate-limit.ts); each try is in the audit log.
 */
export async function tabletClockRoutes(app: FastifyInstance) {
  const { db, limiter, sessions } = app.jiayiAuth;

  async function resolve(params: unknown) {
    const path = tenantParams.safeParse(params);
    if (!path.success) return null;
    const tenant = await db.tenant.findUnique({ where: { slug: path.data.tenant }, select: { id: true, name: true } });
    if (!tenant) return null;
    return (await shopHasFeature(db, tenant.id, 'attendance')) ? tenant : null;
  }

  /**
   * The staff member a PIN typed on this device belongs to, or null with the refusal sent:
   * wrong PINs limited per person and per device, every try audited as `action` (or as a wrong PIN).
   */
  async function checkPin(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { tenant: { id: string }; device: { id: string }; staffId: string; pin: string },
    action: string,
    data: Record<string, unknown>,
  ) {
    const { tenant, device, staffId, pin } = input;
    const [person, whole] = await Promise.all([
      limiter.consume(`pin:${device.id}:${staffId}`, PIN_ATTEMPTS_PER_PERSON, PIN_ATTEMPTS_WINDOW_MS),
      limiter.consume(`pin:${device.id}`, PIN_ATTEMPTS_PER_DEVICE, PIN_ATTEMPTS_WINDOW_MS),
    ]);
    if (!person.allowed || !whole.allowed) {
      const wait = Math.max(person.allowed ? 0 : person.retryAfterSeconds, whole.allowed ? 0 : whole.retryAfterSeconds);
      await reply
        .code(429)
        .header('retry-after', String(wait))
        .send({ code: 'too_many_attempts', message: `PIN 錯誤次數太多，請 ${Math.ceil(wait / 60)} 分鐘後再試。` });
      return null;
    }
    const staff = await db.staff.findFirst({
      where: { id: staffId, tenantId: tenant.id, deactivatedAt: null },
      select: { id: true, displayName: true, pinHash: true, userId: true },
    });
    const ok = staff?.pinHash ? await verifyPassword(pin, staff.pinHash) : false;
    await writeAudit(db, {
      tenantId: tenant.id,
      userId: ok ? (staff?.userId ?? null) : null,
      actorName: staff?.displayName ?? null,
      ip: request.ip,
      action: ok ? action : 'attendance.tablet_wrong_pin',
      targetType: 'shop_device',
      targetId: device.id,
      data: { staffId, ...data },
    });
    if (!ok || !staff) {
      await reply.code(401).send(WRONG_PIN);
      return null;
    }
    await limiter.refund(`pin:${device.id}:${staffId}`);
    await limiter.refund(`pin:${device.id}`);
    return staff;
  }

  app.get(
    '/api/clock/:tenant',
    { config: { doc: { summary: 'The shop tablet: who can clock in here' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const tenant = await resolve(request.params);
      const device = tenant ? await deviceOf(request, (request.params as { tenant: string }).tenant) : null;
      if (!tenant || !device) return reply.code(403).send(NOT_REGISTERED);
      return { shop: { name: tenant.name }, device: { name: device.name }, staff: await tabletStaff(db, tenant.id) };
    },
  );

  app.post(
    '/api/clock/:tenant',
    { config: { doc: { summary: 'Clock in or out on the shop tablet with a PIN', body: punchBody } } },
    async (request, reply) => {
      const tenant = await resolve(request.params);
      const device = tenant ? await deviceOf(request, (request.params as { tenant: string }).tenant) : null;
      if (!tenant || !device) return reply.code(403).send(NOT_REGISTERED);
      const input = punchBody.safeParse(request.body);
      if (!input.success)
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '資料不正確。' });
      const { staffId, pin, action, requestId } = input.data;
      const staff = await checkPin(request, reply, { tenant, device, staffId, pin }, 'attendance.tablet_punch', { action });
      if (!staff) return reply;
      const outcome = await recordPunch(db, {
        tenantId: tenant.id,
        staff,
        action,
        at: new Date(),
        via: 'tablet',
        eventId: `tablet:${requestId}`,
        branchId: device.branchId,
      });
      const status = outcome.kind === 'refused' ? 409 : 200;
      return reply.code(status).send({ outcome: outcome.kind, message: punchReply(outcome, 'tablet') });
    },
  );

  /**
   * 快速登入: a staff member signs in to the admin on the shop tablet with their PIN, as their own
   * account (what they may see is what their permissions say). Only on a registered device; the
   * tablet's previous session is ended first, so the last person to sign in is the one acting.
   */
  app.post(
    '/api/clock/:tenant/sign-in',
    { config: { doc: { summary: '快速登入: sign in to the admin on the shop tablet with a PIN', body: pinSignInBody } } },
    async (request, reply) => {
      const tenant = await resolve(request.params);
      const slug = (request.params as { tenant: string }).tenant;
      const device = tenant ? await deviceOf(request, slug) : null;
      if (!tenant || !device) return reply.code(403).send(NOT_REGISTERED);
      const input = pinSignInBody.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '資料不正確。' });
      const staff = await checkPin(request, reply, { tenant, device, ...input.data }, 'auth.pin_sign_in', {});
      if (!staff) return reply;
      if (!staff.userId) return reply.code(409).send(NO_ACCOUNT);
      await sessions.start(request, reply, staff.userId);
      return { next: `/t/${slug}/admin` };
    },
  );
}
