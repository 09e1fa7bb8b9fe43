import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineClientProvider } from '../../../activities/line-clients.ts';
import { notifyActivities } from '../../../activities/orders/notify.ts';
import type { ActivityDeps } from '../../../activities/deps.ts';
import type { NotificationSettingsInput } from '../../../domain/orders/notification-settings.ts';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../../domain/orders/notification-settings.ts';
import { chatOrderWorkflowId } from '../../../domain/workflow-ids.ts';
import { authConfigOf, requestAs, signedInMember, type TestSession } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { sentTo } from '../../support/line-sandbox.ts';
import { mailsFor, mailsTo } from '../../support/mail.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, type Stack } from '../../support/stack.ts';

/**
 * 訂單通知設定 end to end: the settings API (who may, what is refused), a new order and a status
 * change told by LINE (through the sandbox) and by e-mail (through mailpit), a retried alert
 * that sends nothing twice, and 「傳送測試」 with the platform's SMTP server, the shop's own, and
 * one that refuses the password.
 */

let stack: Stack;
let tenant: TestTenant;
let owner: TestSession;
let refusingSmtp: { server: Server; port: number };

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [{ code: '250101001', name: '桂花烏龍', price: 350, stock: 100 }],
  });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner', displayName: '老闆娘' });
  refusingSmtp = await startPasswordRefusingSmtp();
});
afterAll(async () => {
  refusingSmtp?.server.close();
  await stack?.stop();
});
const { textsTo, messagesFor, chatOrder } = shopHelpers(() => ({ stack, tenant }));

const api = (session: TestSession, method: string, path: string, body?: unknown, slug = tenant.slug) =>
  requestAs(stack.apiUrl, session, method, `/api/t/${slug}${path}`, body);
const address = (name: string) => `${name}-${randomBytes(3).toString('hex')}@shop.test`;
const form = (changes: Partial<NotificationSettingsInput>): NotificationSettingsInput => ({
  ...DEFAULT_NOTIFICATION_SETTINGS,
  lineStaffIds: [],
  smtpPassword: '',
  ...changes,
});
/** The worker's notify activities, in this process (to call one twice, or as a later attempt). */
function workerActivities() {
  const deps: ActivityDeps = {
    db: stack.db,
    secrets: stack.secrets,
    line: { apiBaseUrl: stack.sandboxUrl, dataApiBaseUrl: stack.sandboxUrl },
    log: pino({ level: 'silent' }),
    mail: { smtpUrl: stack.env.SMTP_URL, from: 'Jiayi <no-reply@jiayi.test>' },
  };
  return notifyActivities(deps, createLineClientProvider(deps));
}
const boundAdmin = async () =>
  (await stack.db.staff.findFirstOrThrow({ where: { tenantId: tenant.id, lineUserId: tenant.adminLineUserIds[0] } }))
    .id;
const mailpitSmtp = () => {
  const url = new URL(stack.env.SMTP_URL!);
  return { host: url.hostname, port: Number(url.port) };
};

describe('the settings API', () => {
  it('answers the defaults, with the bound members to pick from and no password', async () => {
    const { status, body } = await api(owner, 'GET', '/settings/notifications');
    expect(status).toBe(200);
    expect(body.settings).toEqual(DEFAULT_NOTIFICATION_SETTINGS);
    expect(body.smtpPasswordSet).toBe(false);
    expect(body.platformMail).toBe(true);
    expect(body.boundStaff).toEqual([expect.objectContaining({ id: await boundAdmin(), notify: true })]);
  });

  it('refuses bad input with each field named, another shop’s member with 404, and changes nothing', async () => {
    const before = await stack.db.orderNotificationSettings.findUnique({ where: { tenantId: tenant.id } });
    const bad = await api(owner, 'PUT', '/settings/notifications', {
      ...form({ emailEnabled: true }),
      smtpPort: 0,
      statusChanges: ['lost'],
    });
    expect(bad.status).toBe(400);
    // Every problem at once, the cross check (e-mail on without a recipient) too.
    expect(bad.body.fields).toEqual({
      smtpPort: 'SMTP 連接埠要在 1 到 65535 之間',
      statusChanges: '沒有這個訂單狀態',
      emailRecipients: '開啟電子郵件通知時，請至少輸入一個收件人',
    });

    const other = await createTestTenant(stack, { products: [] });
    const stranger = (await stack.db.staff.findFirstOrThrow({ where: { tenantId: other.id } })).id;
    const foreign = await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({ newOrder: true, lineStaffIds: [stranger] }),
    );
    expect(foreign.status).toBe(404);
    expect(await stack.db.orderNotificationSettings.findUnique({ where: { tenantId: tenant.id } })).toEqual(before);
    expect((await stack.db.staff.findUniqueOrThrow({ where: { id: stranger } })).notifyByLine).toBe(true);

    // A member of the other shop cannot read or change this one's.
    const otherOwner = await signedInMember(stack.db, authConfigOf(stack.env), other.id, { role: 'owner' });
    expect((await api(otherOwner, 'GET', '/settings/notifications')).status).toBe(404);
    expect((await api(otherOwner, 'POST', '/settings/notifications/test', {})).status).toBe(404);
  });

  it('limited staff may not change or test it', async () => {
    const staff = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
      role: 'manager',
      permissions: { 'settings/notifications': 'view' },
    });
    expect((await api(staff, 'GET', '/settings/notifications')).status).toBe(200);
    expect((await api(staff, 'PUT', '/settings/notifications', form({ newOrder: true }))).status).toBe(403);
    expect((await api(staff, 'POST', '/settings/notifications/test', {})).status).toBe(403);
    expect(await stack.db.orderNotificationSettings.findUnique({ where: { tenantId: tenant.id } })).toBeNull();
  });

  it('keeps the SMTP password sealed, never answers it, and keeps it when the form leaves it empty', async () => {
    const smtp = { smtpCustom: true, smtpHost: 'smtp.example.com', smtpUser: 'shop', smtpFrom: 'shop@example.com' };
    const saved = await api(owner, 'PUT', '/settings/notifications', form({ ...smtp, smtpPassword: 'p@ss-123' }));
    expect(saved.status).toBe(200);
    expect(JSON.stringify(saved.body)).not.toContain('p@ss-123');
    expect(saved.body.smtpPasswordSet).toBe(true);
    const row = await stack.db.orderNotificationSettings.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(row.smtpPasswordEnc).toMatch(/^v1\./);
    expect(stack.secrets.open(row.smtpPasswordEnc!)).toBe('p@ss-123');
    await api(owner, 'PUT', '/settings/notifications', form({ ...smtp, smtpPassword: '' }));
    const kept = await stack.db.orderNotificationSettings.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(stack.secrets.open(kept.smtpPasswordEnc!)).toBe('p@ss-123');
    const audit = await stack.db.auditLog.findFirstOrThrow({
      where: { tenantId: tenant.id, action: 'settings.notifications' },
      orderBy: { createdAt: 'desc' },
    });
    expect(JSON.stringify(audit.data)).not.toContain('p@ss-123');
    await api(owner, 'PUT', '/settings/notifications', form({ smtpPassword: null }));
    expect((await api(owner, 'GET', '/settings/notifications')).body.smtpPasswordSet).toBe(false);
  });
});

describe('alerts of orders', () => {
  it('a new order and a change to a chosen status reach the chosen staff by LINE and the listed addresses by e-mail', async () => {
    const admin = tenant.adminLineUserIds[0]!;
    const boss = address('boss');
    const saved = await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({
        newOrder: true,
        statusChanges: ['paid'],
        lineStaffIds: [await boundAdmin()],
        emailEnabled: true,
        emailRecipients: [boss],
      }),
    );
    expect(saved.status).toBe(200);
    const before = (await textsTo(admin)).length;

    const { order } = await chatOrder('林小姐', '250101001+2');
    const pushed = await messagesFor(admin, before + 1);
    expect(pushed[before]).toMatch(/^【新訂單】/);
    const [mail] = await mailsFor(boss, 1);
    expect(mail!.subject).toBe(
      `[${(await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).name}] ${pushed[before]!.split('\n')[0]}`,
    );
    expect(mail!.text).toContain(order.number);
    expect(mail!.text).toContain('顧客：林小姐');
    expect(mail!.messageId).toMatch(/^[0-9a-f-]{36}@notify\.jiayi$/);

    const paid = await api(owner, 'POST', `/orders/${order.number}/status`, { to: 'paid' });
    expect(paid.status).toBe(200);
    const told = await messagesFor(admin, before + 2);
    expect(told[before + 1]).toBe(`【訂單狀態】${order.number} 改為「已支付」\n顧客：林小姐`);
    expect((await mailsFor(boss, 2))[1]!.subject).toContain(`【訂單狀態】${order.number} 改為「已支付」`);

    // 已出貨 is not among the chosen statuses: nobody is told.
    expect((await api(owner, 'POST', `/orders/${order.number}/status`, { to: 'shipped' })).status).toBe(200);
    await settle();
    expect(await textsTo(admin)).toHaveLength(before + 2);
    expect(await mailsTo(boss)).toHaveLength(2);
    await recordHistory(chatOrderWorkflowId(tenant.id, order.sourceEventId), 'chat-order-status-alerted');
  });

  it('an alert tried again (a retried activity) sends no second push and no second e-mail', async () => {
    const admin = tenant.adminLineUserIds[0]!;
    const boss = address('retry');
    await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({ lineStaffIds: [await boundAdmin()], emailEnabled: true, emailRecipients: [boss] }),
    );
    const { alertAdmins } = workerActivities();
    const before = (await sentTo(stack, tenant, admin)).length;
    const alert = {
      tenantId: tenant.id,
      orderId: null,
      text: '【庫存不足】測試',
      retryKeySeed: randomUUID(),
      event: 'problem' as const,
    };
    expect(await alertAdmins(alert)).toEqual({ recipients: 2 });
    expect(await alertAdmins(alert)).toEqual({ recipients: 2 });
    await settle();
    expect(await sentTo(stack, tenant, admin)).toHaveLength(before + 1);
    expect(await mailsTo(boss)).toHaveLength(1);

    // The shop switched problems off: the same kind of alert now goes nowhere.
    await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({ problem: false, emailEnabled: true, emailRecipients: [boss] }),
    );
    expect(await alertAdmins({ ...alert, retryKeySeed: randomUUID() })).toEqual({ recipients: 0 });
  });

  it('a mail server that cannot be reached is tried again a few times, then left on the order’s timeline', async () => {
    const boss = address('down');
    const { order } = await chatOrder('郵件伺服器壞了', '250101001+1');
    await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({
        lineEnabled: false,
        emailEnabled: true,
        emailRecipients: [boss],
        smtpCustom: true,
        smtpHost: '127.0.0.1',
        smtpPort: 1,
        smtpFrom: 'shop@amei.test',
      }),
    );
    const { alertAdmins } = workerActivities();
    const alert = { tenantId: tenant.id, orderId: order.id, text: '【庫存不足】測試', retryKeySeed: randomUUID() };
    const attempt = (n: number) =>
      new MockActivityEnvironment({ attempt: n }).run(alertAdmins, { ...alert, event: 'problem' as const });
    await expect(attempt(1)).rejects.toThrow('alert e-mail failed: 連不上 SMTP 伺服器，請檢查主機和連接埠');
    expect(await attempt(3)).toEqual({ recipients: 0 });
    const event = await stack.db.orderEvent.findFirstOrThrow({ where: { orderId: order.id, type: 'admins_notified' } });
    expect(event.data).toEqual({ recipients: 0, email: '連不上 SMTP 伺服器，請檢查主機和連接埠' });
  });
});

describe('傳送測試', () => {
  it('sends through every enabled channel and answers per channel', async () => {
    const admin = tenant.adminLineUserIds[0]!;
    const boss = address('test');
    await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({ lineStaffIds: [await boundAdmin()], emailEnabled: true, emailRecipients: [boss] }),
    );
    const before = (await textsTo(admin)).length;
    const { status, body } = await api(owner, 'POST', '/settings/notifications/test', {});
    expect(status).toBe(200);
    expect(body).toEqual({
      results: [
        { channel: 'line', status: 'sent', recipients: 1 },
        { channel: 'email', status: 'sent', recipients: 1 },
      ],
      sound: true,
    });
    expect((await messagesFor(admin, before + 1))[before]).toMatch(/^【測試通知】/);
    const [mail] = await mailsFor(boss, 1);
    expect(mail!.subject).toMatch(/【測試通知】/);
    expect(mail!.from).toBe('no-reply@jiayi.local');
  });

  it('uses the shop’s own SMTP server, and says in zh-TW when it refuses the password or cannot be reached', async () => {
    const boss = address('own-smtp');
    const own = {
      lineEnabled: false,
      emailEnabled: true,
      emailRecipients: [boss],
      smtpCustom: true,
      smtpHost: mailpitSmtp().host,
      smtpPort: mailpitSmtp().port,
      smtpUser: 'shop',
      smtpPassword: 'secret',
      smtpFrom: '阿美小舖 <orders@amei.test>',
    };
    await api(owner, 'PUT', '/settings/notifications', form(own));
    const ok = await api(owner, 'POST', '/settings/notifications/test', {});
    expect(ok.body.results).toEqual([{ channel: 'email', status: 'sent', recipients: 1 }]);
    expect((await mailsFor(boss, 1))[0]!.from).toBe('orders@amei.test');

    await api(
      owner,
      'PUT',
      '/settings/notifications',
      form({ ...own, smtpHost: '127.0.0.1', smtpPort: refusingSmtp.port }),
    );
    const refused = await api(owner, 'POST', '/settings/notifications/test', {});
    expect(refused.status).toBe(200);
    expect(refused.body.results).toEqual([
      { channel: 'email', status: 'failed', reason: 'SMTP 帳號或密碼錯誤，伺服器拒絕登入，請確認後再試' },
    ]);

    await api(owner, 'PUT', '/settings/notifications', form({ ...own, smtpHost: '127.0.0.1', smtpPort: 1 }));
    const unreachable = await api(owner, 'POST', '/settings/notifications/test', {});
    expect(unreachable.body.results).toEqual([
      { channel: 'email', status: 'failed', reason: '連不上 SMTP 伺服器，請檢查主機和連接埠' },
    ]);
    expect(await mailsTo(boss)).toHaveLength(1);
  });
});

/** An SMTP server that offers AUTH and refuses every password (535), as a real one does. */
async function startPasswordRefusingSmtp(): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.write('220 refusing.test ESMTP\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const verb = buffer.slice(0, end).slice(0, 4).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (verb === 'EHLO') socket.write('250-refusing.test\r\n250 AUTH PLAIN LOGIN\r\n');
        else if (verb === 'AUTH') socket.write('535 5.7.8 Authentication credentials invalid\r\n');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('502 5.5.2 not here\r\n');
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { server, port };
}
