import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findDevice, listDevices } from '../../db/attendance/devices.ts';
import { deviceNameSchema } from '../../domain/team/staff-pin.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { randomToken, sha256Hex } from '../team/auth/crypto.ts';

const registerBody = z.object({ name: deviceNameSchema, branchId: z.uuid().nullable().default(null) });
const deviceParams = z.object({ deviceId: z.uuid() });

/** The cookie a registered tablet keeps, one per shop (a tablet may serve two shops). */
export const deviceCookie = (slug: string) => `jiayi_device_${slug}`;
/** A registered tablet stays registered for a year of not being revoked. */
const DEVICE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

/** The registered device this request comes from, for the shop at `slug`, or null. */
export function deviceOf(request: FastifyRequest, slug: string) {
  const token = request.cookies[deviceCookie(slug)];
  if (!token || token.length < 20 || token.length > 100) return Promise.resolve(null);
  return findDevice(request.server.jiayiAuth.db, slug, sha256Hex(token));
}

/**
 * The shop's tablets, where a staff PIN works (owners only, team: manage):
 * - POST /api/t/:tenant/attendance/devices {name, branchId} — registers THIS browser: it gets a
 *   long random token in an httpOnly cookie; only its hash is stored.
 * - GET /api/t/:tenant/attendance/devices — the registered ones (team: view).
 * - DELETE /api/t/:tenant/attendance/devices/:deviceId — forget one (a lost tablet).
 */
export async function attendanceDeviceRoutes(app: FastifyInstance) {
  const { db, config } = app.jiayiAuth;

  app.get(
    '/attendance/devices',
    { preHandler: requirePage(['team', 'attendance'], 'view'), config: { doc: { summary: "The shop's registered tablets" } } },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const current = await deviceOf(request, tenant.slug);
      const devices = await listDevices(db, tenant.id);
      return reply.header('cache-control', 'no-store').send({
        devices: devices.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), thisDevice: d.id === current?.id })),
      });
    },
  );

  app.post(
    '/attendance/devices',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: 'Register this browser as a shop tablet', body: registerBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const input = registerBody.safeParse(request.body ?? {});
      if (!input.success)
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: input.error.issues[0]?.message ?? '資料不正確。' });
      const { branchId } = input.data;
      if (branchId && !(await db.branch.findFirst({ where: { id: branchId, tenantId: tenant.id, archivedAt: null } })))
        return reply.code(404).send({ code: 'branch_not_found', message: '找不到這間分店。' });
      const token = randomToken(32);
      const device = await db.$transaction(async (tx) => {
        const created = await tx.shopDevice.create({
          data: { tenantId: tenant.id, name: input.data.name, branchId, tokenHash: sha256Hex(token) },
          select: { id: true, name: true, branchId: true, createdAt: true },
        });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'attendance.device_register',
            targetType: 'shop_device',
            targetId: created.id,
            data: { name: created.name, branchId },
          }),
        );
        return created;
      });
      reply.setCookie(deviceCookie(tenant.slug), token, {
        httpOnly: true,
        secure: config.secureCookies,
        sameSite: 'strict',
        path: '/',
        maxAge: DEVICE_COOKIE_MAX_AGE_S,
      });
      return reply
        .code(201)
        .send({ device: { ...device, createdAt: device.createdAt.toISOString(), thisDevice: true } });
    },
  );

  app.delete(
    '/attendance/devices/:deviceId',
    {
      preHandler: requirePage('team', 'manage'),
      config: { doc: { summary: 'Forget a registered tablet', params: deviceParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const params = deviceParams.safeParse(request.params);
      const revoked = params.success
        ? await db.$transaction(async (tx) => {
            const { count } = await tx.shopDevice.updateMany({
              where: { id: params.data.deviceId, tenantId: tenant.id, revokedAt: null },
              data: { revokedAt: new Date() },
            });
            if (count === 1)
              await writeAudit(
                tx,
                auditEntry(request, {
                  action: 'attendance.device_revoke',
                  targetType: 'shop_device',
                  targetId: params.data.deviceId,
                }),
              );
            return count === 1;
          })
        : false;
      if (!revoked) return reply.code(404).send({ code: 'not_found', message: '找不到這台裝置。' });
      return reply.send({ ok: true });
    },
  );
}
