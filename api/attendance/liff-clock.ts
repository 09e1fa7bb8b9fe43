import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { shopHasFeature } from '../../db/billing/subscriptions.ts';
import { attachLocation, findClockingStaff, latestOpen, recordPunch } from '../../db/attendance/shifts.ts';
import { PUNCH_ACTIONS, punchReply } from '../../domain/attendance/punches.ts';
import type { ServerDeps } from '../deps.ts';
import { shopCustomers } from '../storefront/shop-customer.ts';

const liffPunchBody = z.strictObject({
  action: z.enum(PUNCH_ACTIONS, { error: '請選擇上班或下班' }),
  /** Chosen by the page per tap, so a retried request punches once. */
  requestId: z.uuid({ error: '請重新整理頁面再打卡' }),
  /** Where the phone was, when the staff member let the page ask. */
  location: z
    .strictObject({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .nullable()
    .default(null),
});

const NOT_STAFF = {
  code: 'not_staff',
  message: '這個 LINE 帳號還沒有綁定為這家店的員工。請先在後台「員工管理」綁定 LINE，再回來打卡。',
} as const;
const NO_ATTENDANCE = { code: 'attendance_unavailable', message: '這家店沒有開啟打卡出勤功能。' } as const;

/**
 * 打卡 in the shop's LIFF app (a rich-menu link or the chat), for a member bound to the LINE
 * user signed in there:
 * - GET /api/shop/:tenant/clock — who they are and whether a shift is open.
 * - POST /api/shop/:tenant/clock {action, requestId, location} — clock in or out. A location the
 *   phone shared is kept on the punch with the distance to the nearest branch; one too far away
 *   is recorded and flagged, as in the chat; none shared, the punch stands without it.
 */
export async function liffClockRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const shops = shopCustomers(opts.deps);

  /** The bound member behind the signed-in LINE user, or null with the refusal sent. */
  async function clockingStaff(request: FastifyRequest, reply: FastifyReply) {
    const signed = await shops.signedIn(request, reply);
    if (!signed) return null;
    if (!(await shopHasFeature(db, signed.shop.id, 'attendance'))) {
      await reply.code(403).send(NO_ATTENDANCE);
      return null;
    }
    const staff = await findClockingStaff(db, signed.shop.id, signed.customer.lineUserId);
    if (!staff) {
      await reply.code(403).header('cache-control', 'no-store').send(NOT_STAFF);
      return null;
    }
    return { tenantId: signed.shop.id, staff };
  }

  app.get(
    '/api/shop/:tenant/clock',
    { config: { doc: { summary: '打卡 in LIFF: the bound staff member and their open shift' } } },
    async (request, reply) => {
      const found = await clockingStaff(request, reply);
      if (!found) return reply;
      const open = await latestOpen(db, found.tenantId, found.staff.id);
      return reply
        .header('cache-control', 'no-store')
        .send({ name: found.staff.displayName, openSince: open?.clockInAt.toISOString() ?? null });
    },
  );

  app.post(
    '/api/shop/:tenant/clock',
    { config: { doc: { summary: '打卡 in LIFF: clock in or out, with the phone’s location', body: liffPunchBody } } },
    async (request, reply) => {
      const body = liffPunchBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ code: 'invalid_punch', message: z.prettifyError(body.error) });
      const found = await clockingStaff(request, reply);
      if (!found) return reply;
      const at = new Date();
      const outcome = await recordPunch(db, {
        tenantId: found.tenantId,
        staff: found.staff,
        action: body.data.action,
        at,
        via: 'line',
        eventId: `liff:${body.data.requestId}`,
      });
      const located =
        outcome.kind !== 'refused' && body.data.location
          ? await attachLocation(db, {
              tenantId: found.tenantId,
              staffId: found.staff.id,
              at,
              point: body.data.location,
            })
          : null;
      // Answered as on the tablet: nothing to ask for afterwards, the page sent the location with the tap.
      const texts = [punchReply(outcome, 'tablet'), ...(located ? [punchReply(located)] : [])];
      return reply
        .code(outcome.kind === 'refused' ? 409 : 200)
        .send({ outcome: outcome.kind, message: texts.join('\n') });
    },
  );
}
