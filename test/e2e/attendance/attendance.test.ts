import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authConfigOf,
  HttpClient,
  requestAs,
  signedInMember,
  type TestMember,
  type TestSession,
} from '../../support/auth.ts';
import { createSandboxUser, sandboxPost } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, type Stack } from '../../support/stack.ts';

/**
 * 打卡出勤管理 end to end: a bound staff member clocks in and out in the shop's LINE chat
 * (sandbox), shares their location, and the admin's attendance API and CSV agree; a manager's
 * correction is audit-logged with its reason; a PIN (to clock in, or 快速登入 to the admin) works
 * only on a tablet the owner registered; a deactivated member is thrown out and can no longer clock in; another shop
 * sees nothing.
 */

let stack: Stack;
let tenant: TestTenant;
let other: TestTenant;
let owner: TestMember & TestSession;
let manager: TestMember & TestSession;
let waiter: TestMember & TestSession;
let waiterLine: string;
// The shop's branch stands at Taipei 101.
const BRANCH = { latitude: 25.033964, longitude: 121.564468 };

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, { products: [] });
  other = await createTestTenant(stack, { products: [] });
  const config = authConfigOf(stack.env);
  owner = await signedInMember(stack.db, config, tenant.id, { role: 'owner', displayName: '老闆娘' });
  manager = await signedInMember(stack.db, config, tenant.id, { role: 'manager', displayName: '店長阿華' });
  waiter = await signedInMember(stack.db, config, tenant.id, { role: 'staff', displayName: '小美' });
  waiterLine = await createSandboxUser(stack, '小美的 LINE');
  await stack.db.staff.update({ where: { id: waiter.staffId }, data: { lineUserId: waiterLine, jobTitle: '外場' } });
  await stack.db.branch.create({
    data: {
      tenantId: tenant.id,
      name: '信義店',
      address: '台北市信義區信義路五段 7 號',
      phone: '0227208889',
      ...BRANCH,
    },
  });
}, 120_000);
afterAll(() => stack?.stop());
const { messagesFor, redeliver } = shopHelpers(() => ({ stack, tenant }));

const api = (session: TestSession, method: string, path: string, body?: unknown, shop = tenant) =>
  requestAs(stack.apiUrl, session, method, `/api/t/${shop.slug}${path}`, body);
const say = (text: string) =>
  sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, { userId: waiterLine, text }) as Promise<{
    webhookEventId: string;
  }>;
const shareLocation = (point: { latitude: number; longitude: number }) =>
  sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, {
    events: [
      {
        type: 'message',
        source: { type: 'user', userId: waiterLine },
        message: { type: 'location', id: `${Date.now()}`, title: '我的位置', address: '台北市', ...point },
      },
    ],
  });
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

type Report = {
  rows: {
    shiftId: string;
    name: string;
    day: string;
    clockIn: string;
    clockOut: string | null;
    minutes: number;
    hours: number;
    state: string;
    inAtShop: boolean | null;
    corrected: boolean;
  }[];
  totals: { name: string; minutes: number; hours: number; days: number; missingClockOuts: number }[];
};

describe('clocking in and out from LINE', () => {
  it('上班 clocks in once (a redelivery adds nothing), the shared location is checked, 下班 clocks out', async () => {
    const sent = await say('上班打卡');
    expect((await messagesFor(waiterLine, 1))[0]).toMatch(/^上班打卡成功：小美，\d\d:\d\d。/);
    await redeliver(sent.webhookEventId);
    await say('上班');
    expect((await messagesFor(waiterLine, 2))[1]).toContain('已經打過上班卡了');
    expect(await stack.db.attendanceShift.count({ where: { tenantId: tenant.id } })).toBe(1);

    // 30 metres from the branch.
    await shareLocation({ latitude: BRANCH.latitude + 0.00027, longitude: BRANCH.longitude });
    expect((await messagesFor(waiterLine, 3))[2]).toMatch(/^已確認位置：在「信義店」附近（\d+ 公尺）。$/);

    await say('下班');
    expect((await messagesFor(waiterLine, 4))[3]).toMatch(/^下班打卡成功：小美，\d\d:\d\d（本班 \d+ 分）。辛苦了！$/);
    // Far away when clocking out: recorded, flagged.
    await shareLocation({ latitude: 25.047675, longitude: 121.517055 });
    expect((await messagesFor(waiterLine, 5))[4]).toContain('標示為不在店內');
    const shift = await stack.db.attendanceShift.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(shift).toMatchObject({ inVia: 'line', outVia: 'line', inEventId: sent.webhookEventId });
    expect(shift.inDistanceM).toBeLessThan(50);
    expect(shift.outDistanceM).toBeGreaterThan(5000);

    // A stranger typing 上班 is just chatting.
    const stranger = await createSandboxUser(stack, '路人');
    await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, { userId: stranger, text: '上班' });
    await settle();
    expect(await stack.db.attendanceShift.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});

describe('the attendance page’s API', () => {
  it('shows the shift and the totals, and the CSV says exactly the same', async () => {
    const day = today();
    const page = await api(owner, 'GET', `/attendance?from=${day}&to=${day}`);
    expect(page.status).toBe(200);
    const report = page.body as unknown as Report;
    expect(report.rows).toHaveLength(1);
    expect(report.rows[0]).toMatchObject({ name: '小美', day, state: 'closed', inAtShop: true });
    expect(report.totals).toEqual([expect.objectContaining({ name: '小美', days: 1 })]);

    const csv = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/attendance.csv?from=${day}&to=${day}`, {
      headers: owner.headers,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    const row = report.rows[0]!;
    expect(lines[1]).toBe(
      [row.day, '小美', '外場', row.clockIn, row.clockOut, row.minutes, row.hours, '', ''].join(','),
    );
    const total = report.totals[0]!;
    expect(lines[4]).toBe(['小美', '外場', total.days, 1, total.minutes, total.hours, 0].join(','));
  });

  it('a manager corrects a night shift across midnight; the reason is in the audit log; staff may not', async () => {
    const shift = await stack.db.attendanceShift.findFirstOrThrow({ where: { tenantId: tenant.id } });
    // 22:00 to 02:30 Taipei time, two days ago.
    const base = new Date(Date.now() - 2 * 86_400_000);
    const dayKey = new Date(base.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const clockInAt = new Date(`${dayKey}T22:00:00+08:00`).toISOString();
    const clockOutAt = new Date(new Date(clockInAt).getTime() + 4.5 * 3600_000).toISOString();

    const refused = await api(waiter, 'PATCH', `/attendance/shifts/${shift.id}`, {
      clockInAt,
      clockOutAt,
      reason: '忘記打卡',
    });
    expect(refused.status).toBe(403);
    const noReason = await api(manager, 'PATCH', `/attendance/shifts/${shift.id}`, {
      clockInAt,
      clockOutAt,
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    const backwards = await api(manager, 'PATCH', `/attendance/shifts/${shift.id}`, {
      clockInAt: clockOutAt,
      clockOutAt: clockInAt,
      reason: '手誤',
    });
    expect(backwards.body).toMatchObject({ code: 'out_before_in' });

    const fixed = await api(manager, 'PATCH', `/attendance/shifts/${shift.id}`, {
      clockInAt,
      clockOutAt,
      reason: '大夜班，系統時間錯誤',
    });
    expect(fixed.status).toBe(200);
    expect(fixed.body.row).toMatchObject({ day: dayKey, minutes: 270, hours: 4.5, corrected: true });
    const audit = await stack.db.auditLog.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'attendance.correct' },
    });
    expect(audit).toMatchObject({ actorName: '店長阿華', targetId: shift.id });
    expect(audit.data).toMatchObject({
      reason: '大夜班，系統時間錯誤',
      before: { clockInAt: shift.clockInAt.toISOString() },
      after: { clockInAt, clockOutAt },
    });
    const report = (await api(owner, 'GET', `/attendance?from=${dayKey}&to=${dayKey}`)).body as unknown as Report;
    expect(report.rows.map((r) => [r.clockIn.slice(11), r.clockOut?.slice(11), r.minutes])).toEqual([
      ['22:00', '02:30', 270],
    ]);
  });

  it('another shop sees none of it', async () => {
    const outsider = await signedInMember(stack.db, authConfigOf(stack.env), other.id, { role: 'owner' });
    const shift = await stack.db.attendanceShift.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect((await api(outsider, 'GET', '/attendance')).status).toBe(404);
    const own = await api(outsider, 'GET', '/attendance', undefined, other);
    expect(own.body).toMatchObject({ rows: [], totals: [] });
    const fix = await api(
      outsider,
      'PATCH',
      `/attendance/shifts/${shift.id}`,
      {
        clockInAt: shift.clockInAt.toISOString(),
        clockOutAt: null,
        reason: '別家的班',
      },
      other,
    );
    expect(fix.status).toBe(404);
  });
});

describe('the shop tablet', () => {
  const clock = (client: HttpClient, body: Record<string, unknown>) =>
    client.post(`/api/clock/${tenant.slug}`, { requestId: randomUUID(), ...body });

  it('refuses even the right PIN on a device the owner did not register; works on one that is', async () => {
    expect((await api(owner, 'PUT', `/team/members/${waiter.staffId}/pin`, { pin: '12' })).status).toBe(400);
    expect((await api(owner, 'PUT', `/team/members/${waiter.staffId}/pin`, { pin: '2468' })).status).toBe(200);
    expect((await api(manager, 'PUT', `/team/members/${waiter.staffId}/pin`, { pin: '1111' })).status).toBe(403);

    const stranger = new HttpClient(stack.apiUrl);
    await stranger.refreshCsrf();
    const refused = await clock(stranger, { staffId: waiter.staffId, pin: '2468', action: 'in' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'device_not_registered' });
    expect((await stranger.get(`/api/clock/${tenant.slug}`)).status).toBe(403);

    // The owner registers the counter tablet from its own browser.
    const tablet = new HttpClient(stack.apiUrl);
    tablet.setCookie(owner.cookieName, owner.token);
    tablet.csrfToken = owner.csrfToken;
    const registered = await tablet.post(`/api/t/${tenant.slug}/attendance/devices`, { name: '櫃台平板' });
    expect(registered.status).toBe(201);
    const deviceCookie = tablet.cookie(`jiayi_device_${tenant.slug}`);
    expect(deviceCookie).toBeDefined();
    // The owner signs out; the tablet stays registered.
    const shared = new HttpClient(stack.apiUrl);
    shared.setCookie(`jiayi_device_${tenant.slug}`, deviceCookie!);
    await shared.refreshCsrf();
    const list = (await (await shared.get(`/api/clock/${tenant.slug}`)).json()) as {
      staff: { id: string; name: string }[];
    };
    expect(list.staff).toEqual([expect.objectContaining({ id: waiter.staffId, name: '小美', openSince: null })]);

    const wrong = await clock(shared, { staffId: waiter.staffId, pin: '1357', action: 'in' });
    expect(wrong.status).toBe(401);
    const ok = await clock(shared, { staffId: waiter.staffId, pin: '2468', action: 'in' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ outcome: 'in' });
    const shift = await stack.db.attendanceShift.findFirstOrThrow({ where: { tenantId: tenant.id, clockOutAt: null } });
    expect(shift.inVia).toBe('tablet');

    // 快速登入: the same PIN signs them in to the admin on this tablet, as themselves; nowhere else.
    expect((await stranger.post(`/api/clock/${tenant.slug}/sign-in`, { staffId: waiter.staffId, pin: '2468' })).status).toBe(
      403,
    );
    const signedIn = await shared.post(`/api/clock/${tenant.slug}/sign-in`, { staffId: waiter.staffId, pin: '2468' });
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ next: `/t/${tenant.slug}/admin` });
    const me = await shared.get(`/api/t/${tenant.slug}/me`);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { member: { id: string; role: string } }).member).toMatchObject({
      id: waiter.staffId,
      role: 'staff',
    });
    expect(await stack.db.auditLog.count({ where: { tenantId: tenant.id, action: 'auth.pin_sign_in' } })).toBe(1);
    await shared.refreshCsrf();

    // Five wrong PINs for one person: even the right one waits.
    for (let i = 0; i < 4; i++) await clock(shared, { staffId: waiter.staffId, pin: '0000', action: 'out' });
    const locked = await clock(shared, { staffId: waiter.staffId, pin: '2468', action: 'out' });
    expect(locked.status).toBe(429);
    expect(
      await stack.db.auditLog.count({ where: { tenantId: tenant.id, action: 'attendance.tablet_wrong_pin' } }),
    ).toBe(5);

    // A revoked tablet is a stranger again.
    const devices = (await api(owner, 'GET', '/attendance/devices')).body as { devices: { id: string }[] };
    expect((await api(owner, 'DELETE', `/attendance/devices/${devices.devices[0]!.id}`)).status).toBe(200);
    expect((await shared.get(`/api/clock/${tenant.slug}`)).status).toBe(403);
  });
});

describe('a member who leaves', () => {
  it('is thrown out of an open session at once, unbound from LINE, and cannot clock in', async () => {
    expect((await api(waiter, 'GET', '/me')).status).toBe(200);
    expect((await api(owner, 'POST', `/team/members/${waiter.staffId}/deactivate`, {})).status).toBe(400);
    expect(
      (await api(owner, 'POST', `/team/members/${owner.staffId}/deactivate`, { confirm: true })).body,
    ).toMatchObject({
      code: 'self',
    });
    const done = await api(owner, 'POST', `/team/members/${waiter.staffId}/deactivate`, { confirm: true });
    // Their own browser's session and the tablet's 快速登入 both end.
    expect(done.body).toEqual({ ok: true, sessionsEnded: 2 });
    expect((await api(waiter, 'GET', '/me')).status).toBe(401);
    const member = await stack.db.staff.findUniqueOrThrow({ where: { id: waiter.staffId } });
    expect(member).toMatchObject({ lineUserId: null, pinHash: null });
    expect(member.deactivatedAt).not.toBeNull();
    const team = (await api(owner, 'GET', '/team')).body as { members: { id: string; deactivatedAt: string | null }[] };
    expect(team.members.find((m) => m.id === waiter.staffId)?.deactivatedAt).toBe(member.deactivatedAt!.toISOString());

    const before = await stack.db.attendanceShift.count({ where: { tenantId: tenant.id } });
    await say('下班');
    await settle();
    expect(await stack.db.attendanceShift.count({ where: { tenantId: tenant.id, clockOutAt: { not: null } } })).toBe(1);
    expect(await stack.db.attendanceShift.count({ where: { tenantId: tenant.id } })).toBe(before);
    // Their hours stay for payroll.
    expect(((await api(owner, 'GET', '/attendance')).body as unknown as Report).rows.length).toBeGreaterThan(0);
  });
});
