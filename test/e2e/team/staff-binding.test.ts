import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chatOrderWorkflowId,
  chatWorkflowId,
  richMenuWorkflowId,
  staffRichMenuUnlinkWorkflowId,
} from '../../../domain/workflow-ids.ts';
import { recordHistory } from '../../support/histories.ts';
import { authConfigOf, signedInMember, type TestMember, type TestSession } from '../../support/auth.ts';
import { createSandboxUser, sandboxPost, sendChat, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, shopHelpers, type TestTenant } from '../../support/shops.ts';
import { settle, startStack, waitFor, type Stack } from '../../support/stack.ts';

/**
 * A member's LINE binding and the new-order pushes, through the sandbox and the admin API: a member's one-time code typed
 * in the shop's LINE chat binds their LINE account (綁定成功), with every way it can go wrong;
 * and the new-order switch pushes a summary of each new order to bound staff.
 */

let stack: Stack;
let tenant: TestTenant;
let owner: TestMember & TestSession;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, {
    products: [{ code: '250101001', name: '桂花烏龍', price: 350, stock: 100 }],
  });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner', displayName: '老闆娘' });
});
afterAll(() => stack?.stop());
const { textsTo, messagesFor, redeliver } = shopHelpers(() => ({ stack, tenant }));

async function api(session: TestSession, method: string, path: string, body?: unknown) {
  const response = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}${path}`, {
    method,
    headers: { ...session.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}
const newCode = async (session: TestSession) => {
  const { status, json } = await api(session, 'POST', '/settings/line/binding/code', {});
  expect(status).toBe(201);
  return json as { code: string; expiresAt: string };
};
const say = (userId: string, text: string, who = tenant) => sendChat(stack, who, userId, text);
const lineUserOf = async (staffId: string) =>
  (await stack.db.staff.findUniqueOrThrow({ where: { id: staffId } })).lineUserId;

describe('binding a member’s LINE account with a one-time code', () => {
  it('the code typed alone in the chat binds the LINE user and answers 綁定成功; once only', async () => {
    const manager = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
      role: 'manager',
      displayName: '小陳',
    });
    expect((await api(manager, 'GET', '/settings/line/binding')).json).toEqual({
      bound: false,
      notifyByLine: true,
      codeExpiresAt: null,
    });
    const { code, expiresAt } = await newCode(manager);
    expect(code).toMatch(/^\d{6}$/);
    const ttl = Date.parse(expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000);
    // Stored hashed only.
    const stored = await stack.db.lineBindingCode.findUniqueOrThrow({ where: { staffId: manager.staffId } });
    expect(stored.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.codeHash).not.toContain(code);
    expect((await api(manager, 'GET', '/settings/line/binding')).json.codeExpiresAt).toBe(expiresAt);

    const lineUser = await createSandboxUser(stack, '小陳的 LINE');
    // Full-width digits, as a phone keyboard may type them.
    const fullWidth = code.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const sent = await say(lineUser, ` ${fullWidth} `);
    const [reply] = await messagesFor(lineUser, 1);
    expect(reply).toMatch(/^綁定成功！/);
    expect(reply).toContain('「小陳」');
    expect(await lineUserOf(manager.staffId)).toBe(lineUser);
    const result = await stack.temporal.workflow.getHandle(chatWorkflowId(tenant.id, sent.webhookEventId)).result();
    expect(result).toEqual({ outcome: 'bound', delivery: 'reply' });
    await recordHistory(chatWorkflowId(tenant.id, sent.webhookEventId), 'line-binding-bound');
    expect(await stack.db.lineBindingCode.count({ where: { staffId: manager.staffId } })).toBe(0);
    expect((await api(manager, 'GET', '/settings/line/binding')).json).toMatchObject({ bound: true });
    const audit = await stack.db.auditLog.findMany({ where: { tenantId: tenant.id, action: 'staff.line_bind' } });
    expect(audit).toEqual([
      expect.objectContaining({ targetId: manager.staffId, userId: manager.userId, actorName: '小陳' }),
    ]);
    // A code is never an order.
    expect(await stack.db.order.count({ where: { tenantId: tenant.id } })).toBe(0);

    // LINE redelivers the event: no second binding, no second answer.
    await redeliver(sent.webhookEventId);
    // The same code again (single use): refused.
    const other = await createSandboxUser(stack, '撿到代碼的人');
    await say(other, code);
    const [refused] = await messagesFor(other, 1);
    expect(refused).toContain('綁定碼錯誤或已過期');
    await settle();
    expect(await textsTo(lineUser)).toHaveLength(1);
    expect(await lineUserOf(manager.staffId)).toBe(lineUser);

    // The bound manager may now make products from photos.
    const photo = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/messages`, {
      userId: lineUser,
      image: { dataBase64: Buffer.from('not an image').toString('base64') },
    })) as { messageId: string };
    const [, photoReply] = await messagesFor(lineUser, 2);
    expect(photoReply).toContain('這張照片無法建立商品');
    expect(
      await stack.db.chatProductPhoto.count({ where: { messageId: photo.messageId, product: { deletedAt: null } } }),
    ).toBe(0);

    // Unbind from the settings page.
    const unbound = await api(manager, 'DELETE', '/settings/line/binding');
    expect(unbound.status).toBe(200);
    expect(unbound.json).toMatchObject({ bound: false });
    expect(await lineUserOf(manager.staffId)).toBeNull();
    expect(
      await stack.db.auditLog.count({
        where: { tenantId: tenant.id, action: 'staff.line_unbind', targetId: manager.staffId },
      }),
    ).toBe(1);
  });

  it('a wrong code, an expired code and a replaced code get a clear answer and bind nothing', async () => {
    const staff = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'staff' });
    const lineUser = await createSandboxUser(stack, '店員 LINE');
    const first = await newCode(staff);
    const second = await newCode(staff);
    await say(
      lineUser,
      first.code === second.code ? String((Number(first.code) + 1) % 1e6).padStart(6, '0') : first.code,
    );
    expect((await messagesFor(lineUser, 1))[0]).toContain('綁定碼錯誤或已過期');
    await stack.db.lineBindingCode.update({
      where: { staffId: staff.staffId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await say(lineUser, second.code);
    expect((await messagesFor(lineUser, 2))[1]).toContain('綁定碼錯誤或已過期');
    expect(await lineUserOf(staff.staffId)).toBeNull();
  });

  it('wrong codes are rate-limited per LINE user: after 5, even the right one is refused for a while', async () => {
    const staff = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'staff' });
    const lineUser = await createSandboxUser(stack, '亂猜的人');
    const { code } = await newCode(staff);
    const wrong = String((Number(code) + 500_000) % 1e6).padStart(6, '0');
    for (let i = 1; i <= 5; i++) {
      await say(lineUser, wrong);
      await messagesFor(lineUser, i);
    }
    await say(lineUser, code);
    const texts = await messagesFor(lineUser, 6);
    expect(texts[5]).toContain('輸入錯誤的次數太多');
    expect(await lineUserOf(staff.staffId)).toBeNull();
  });

  it('a LINE user bound to another member is refused; a code does not work in another shop', async () => {
    const alreadyBound = tenant.adminLineUserIds[0]!;
    const staff = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'staff' });
    const { code } = await newCode(staff);
    await say(alreadyBound, code);
    const [reply] = await messagesFor(alreadyBound, 1);
    expect(reply).toContain('已經綁定店員「店長1」');
    expect(await lineUserOf(staff.staffId)).toBeNull();

    const otherShop = await createTestTenant(stack, { products: [], admins: 0 });
    const lineUser = await createSandboxUser(stack, '別家的人');
    await say(lineUser, code, otherShop);
    const [elsewhere] = await waitFor('answer', async () => {
      const texts = await textsTo(lineUser, otherShop);
      return texts.length > 0 ? texts : undefined;
    });
    expect(elsewhere).toContain('綁定碼錯誤或已過期');
    expect(await lineUserOf(staff.staffId)).toBeNull();
    expect(await stack.db.staff.count({ where: { tenantId: otherShop.id } })).toBe(0);
  });
  it('a member who binds after the shop applied its rich menus gets the admin menu on their LINE, and loses it on unbinding', async () => {
    const applied = await api(owner, 'POST', '/settings/line/rich-menu/apply', {});
    expect(applied.status).toBe(202);
    const result = (await stack.temporal.workflow.getHandle(richMenuWorkflowId(tenant.id)).result()) as { ok: boolean };
    expect(result.ok).toBe(true);
    const { adminMenuId } = await stack.db.lineRichMenuSet.findUniqueOrThrow({ where: { tenantId: tenant.id } });

    const member = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, {
      role: 'staff',
      displayName: '阿明',
    });
    const lineUser = await createSandboxUser(stack, '阿明的 LINE');
    const menuOf = async () => {
      const res = await fetch(`${stack.sandboxUrl}/v2/bot/user/${lineUser}/richmenu`, {
        headers: { authorization: `Bearer ${tenant.channelAccessToken}` },
      });
      return res.status === 200 ? ((await res.json()) as { richMenuId: string }).richMenuId : null;
    };
    expect(await menuOf()).toBeNull();

    await say(lineUser, (await newCode(member)).code);
    expect((await messagesFor(lineUser, 1))[0]).toMatch(/^綁定成功！/);
    expect(await waitFor('the admin menu linked', async () => (await menuOf()) ?? undefined)).toBe(adminMenuId);

    // Unbound in the admin: their LINE goes back to the customer menu (the default).
    expect((await api(member, 'DELETE', '/settings/line/binding')).json).toMatchObject({ bound: false });
    const unlink = stack.temporal.workflow.getHandle(staffRichMenuUnlinkWorkflowId(tenant.id, lineUser));
    expect(await unlink.result()).toBe('unlinked');
    await recordHistory(unlink.workflowId, 'rich-menu-staff-unlinked');
    expect(await menuOf()).toBeNull();
    expect(await lineUserOf(member.staffId)).toBeNull();
  });
});

describe('new-order notifications', () => {
  it('off by default; when switched on, each new order pushes a summary to bound staff who take LINE notifications', async () => {
    const admin = tenant.adminLineUserIds[0]!;
    const quiet = await createSandboxUser(stack, '不收通知');
    await stack.db.staff.create({
      data: { tenantId: tenant.id, displayName: '不收通知', role: 'manager', lineUserId: quiet, notifyByLine: false },
    });
    expect((await api(owner, 'GET', '/settings/line/notifications')).json).toEqual({ notifyNewOrders: false });
    const before = (await textsTo(admin)).length;
    const customer = await createSandboxUser(stack, '林小姐');
    await say(customer, '+1');
    await messagesFor(customer, 1);
    await settle();
    expect(await textsTo(admin)).toHaveLength(before);

    expect((await api(owner, 'PUT', '/settings/line/notifications', { notifyNewOrders: 'on' })).status).toBe(400);
    const on = await api(owner, 'PUT', '/settings/line/notifications', { notifyNewOrders: true });
    expect(on).toEqual({ status: 200, json: { notifyNewOrders: true } });
    expect(
      await stack.db.auditLog.count({ where: { tenantId: tenant.id, action: 'settings.line.notifications' } }),
    ).toBe(1);

    const sent = await say(customer, '250101001+3');
    const order = await waitFor(
      'order',
      async () =>
        (await stack.db.order.findUnique({
          where: { tenantId_sourceEventId: { tenantId: tenant.id, sourceEventId: sent.webhookEventId } },
        })) ?? undefined,
    );
    const pushes = await waitFor('the push', async () => {
      const all = await sentTo(stack, tenant, admin);
      return all.length > before ? all.slice(before) : undefined;
    });
    expect(pushes).toHaveLength(1);
    expect(pushes[0]!.kind).toBe('push');
    expect(pushes[0]!.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    const text = pushes[0]!.messages[0]!.text!;
    expect(text).toMatch(/^【新訂單】/);
    expect(text).toContain(order.number);
    expect(text).toContain('顧客：林小姐');
    expect(text).toContain('「桂花烏龍」（250101001）');
    expect(text).toContain('合計：NT$1,050');
    await waitFor(
      'admins_notified',
      async () =>
        (await stack.db.orderEvent.findFirst({ where: { orderId: order.id, type: 'admins_notified' } })) ?? undefined,
    );
    await recordHistory(chatOrderWorkflowId(tenant.id, sent.webhookEventId), 'chat-order-new-order-notified');
    await settle();
    expect(await textsTo(quiet)).toEqual([]);

    // Switched off again: no more pushes.
    await api(owner, 'PUT', '/settings/line/notifications', { notifyNewOrders: false });
    await say(customer, '+1');
    await messagesFor(customer, 3);
    await settle();
    expect(await textsTo(admin)).toHaveLength(before + 1);
  });

  it('a retried push counts LINE’s 409 for an accepted retry key as delivered: each staff member gets one push', async () => {
    await api(owner, 'PUT', '/settings/line/notifications', { notifyNewOrders: true });
    const first = tenant.adminLineUserIds[0]!;
    const second = await createSandboxUser(stack, '第二位店員');
    await stack.db.staff.create({
      data: { tenantId: tenant.id, displayName: '第二位店員', role: 'staff', lineUserId: second },
    });
    const before = { first: (await textsTo(first)).length, second: (await textsTo(second)).length };
    // The first staff push goes through, the second fails once: the activity retries both with
    // the same keys, LINE answers 409 for the first, and the second is delivered.
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/message/push', mode: 'error500', count: 1, skip: 1 });
    const customer = await createSandboxUser(stack, '重試顧客');
    await say(customer, '+1');
    await messagesFor(second, before.second + 1);
    await settle();
    const pushed = (await sentTo(stack, tenant, first)).slice(before.first);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.messages[0]!.text).toMatch(/^【新訂單】/);
    expect(await textsTo(second)).toHaveLength(before.second + 1);
    await api(owner, 'PUT', '/settings/line/notifications', { notifyNewOrders: false });
  });
});
