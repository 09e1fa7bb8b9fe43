import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineClientProvider } from '../../../activities/line-clients.ts';
import { richMenuActivities } from '../../../activities/line-chat/rich-menus.ts';
import type { RichMenuSettings, WelcomeMessageSettings } from '../../../api/line-chat/rich-menu.ts';
import { defaultWelcomeMessage } from '../../../domain/line-chat/chat-replies.ts';
import { richMenuAliasId } from '../../../domain/line-chat/rich-menus.ts';
import { richMenuWorkflowId } from '../../../domain/workflow-ids.ts';
import type { RichMenuApplyResult } from '../../../workflows/line-chat/rich-menus.ts';
import { authConfigOf, signedInMember, type TestSession } from '../../support/auth.ts';
import { recordHistory } from '../../support/histories.ts';
import { startStack, waitFor, type Stack } from '../../support/stack.ts';
import { createSandboxUser, sandboxPost, sentTo } from '../../support/line-sandbox.ts';
import { createTestTenant, type TestTenant } from '../../support/shops.ts';

/**
 * Rich menus through the real API, worker, Temporal and the LINE sandbox:
 * apply → exactly three menus with images, aliases for the two staff menus only, the customer
 * menu (no tabs) as default, bound staff on the admin menu; re-apply leaves nothing behind; LINE errors end as a clear status.
 * And the welcome text edited in the admin is what the next new friend gets.
 */

let stack: Stack;
let tenant: TestTenant;
let owner: TestSession;
let orderPrefix: string;

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTestTenant(stack, { products: [], admins: 2 });
  owner = await signedInMember(stack.db, authConfigOf(stack.env), tenant.id, { role: 'owner' });
  orderPrefix = (await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).orderPrefix;
});
afterAll(() => stack?.stop());

const api = (path: string, init: { method?: string; json?: unknown; session?: TestSession } = {}) =>
  fetch(`${stack.apiUrl}/api/t/${tenant.slug}/settings/line${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.session ?? owner).headers,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });

/** The shop's channel as LINE sees it, through LINE's own API paths. */
async function line<T>(path: string, forTenant = tenant): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.sandboxUrl}${path}`, {
    headers: { authorization: `Bearer ${forTenant.channelAccessToken}` },
  });
  const type = res.headers.get('content-type') ?? '';
  const body = (type.startsWith('application/json') ? await res.json() : Buffer.from(await res.arrayBuffer())) as T;
  return { status: res.status, body };
}

async function apply(): Promise<RichMenuApplyResult> {
  const res = await api('/rich-menu/apply', { method: 'POST', json: {} });
  expect(res.status).toBe(202);
  expect(((await res.json()) as RichMenuSettings).status).toBe('applying');
  return stack.temporal.workflow.getHandle(richMenuWorkflowId(tenant.id)).result() as Promise<RichMenuApplyResult>;
}

type MenuList = { richmenus: { richMenuId: string; name: string; chatBarText: string }[] };

describe('applying the rich menus', () => {
  it('creates the three menus with their images, the staff aliases, the default and the staff links', async () => {
    const before = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    expect(before).toMatchObject({ connected: true, status: 'never', boundStaff: 2 });

    const result = await apply();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    await recordHistory(richMenuWorkflowId(tenant.id), 'rich-menus-applied');

    const { body: list } = await line<MenuList>('/v2/bot/richmenu/list');
    expect(list.richmenus.map((m) => m.richMenuId).sort()).toEqual(
      [result.menus.admin, result.menus.staffCustomer, result.menus.customer].sort(),
    );
    // What every friend gets: no richmenuswitch area, so no way to the staff menus.
    const customerMenu = await line<{ areas: { action: { type: string } }[] }>(
      `/v2/bot/richmenu/${result.menus.customer}`,
    );
    const types = customerMenu.body.areas.map((a) => a.action.type);
    expect(types).toHaveLength(4);
    expect(types).not.toContain('richmenuswitch');
    for (const id of Object.values(result.menus)) {
      const image = await line<Buffer>(`/v2/bot/richmenu/${id}/content`);
      expect(image.status).toBe(200);
      expect(image.body.length).toBeLessThan(1024 * 1024);
      expect(await sharp(image.body).metadata()).toMatchObject({ format: 'jpeg', width: 2500, height: 1686 });
    }
    const { body: aliases } = await line<{ aliases: { richMenuAliasId: string; richMenuId: string }[] }>(
      '/v2/bot/richmenu/alias/list',
    );
    expect(aliases.aliases.sort((a, b) => a.richMenuAliasId.localeCompare(b.richMenuAliasId))).toEqual([
      { richMenuAliasId: richMenuAliasId({ orderPrefix }, 'admin'), richMenuId: result.menus.admin },
      { richMenuAliasId: richMenuAliasId({ orderPrefix }, 'staffCustomer'), richMenuId: result.menus.staffCustomer },
    ]);
    expect((await line('/v2/bot/user/all/richmenu')).body).toEqual({ richMenuId: result.menus.customer });
    for (const staff of tenant.adminLineUserIds) {
      expect((await line(`/v2/bot/user/${staff}/richmenu`)).body).toEqual({ richMenuId: result.menus.admin });
    }
    const after = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    expect(after).toMatchObject({ status: 'applied', menuIds: result.menus, linkedStaff: 2, error: null });
    expect(after.appliedAt).not.toBeNull();
  });

  it('re-applying replaces the menus and leaves none behind, even after a half-made try', async () => {
    const first = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    // a leftover of ours from a crashed try, and a menu someone else made on the same channel
    const menuBody = (name: string) => ({
      size: { width: 800, height: 270 },
      selected: false,
      name,
      chatBarText: 'x',
      areas: [{ bounds: { x: 0, y: 0, width: 800, height: 270 }, action: { type: 'message', text: 'x' } }],
    });
    const post = (body: unknown) =>
      fetch(`${stack.sandboxUrl}/v2/bot/richmenu`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tenant.channelAccessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<{ richMenuId: string }>);
    await post(menuBody(`jiayi:${orderPrefix}:customer`));
    const foreign = await post(menuBody('made in LINE Official Account Manager'));

    const result = await apply();
    expect(result).toMatchObject({ ok: true, deleted: 4 });
    if (!result.ok) return;
    expect(Object.values(result.menus)).not.toContain(first.menuIds.customer);
    expect(Object.values(result.menus)).not.toContain(first.menuIds.staffCustomer);
    const { body: list } = await line<MenuList>('/v2/bot/richmenu/list');
    expect(list.richmenus.map((m) => m.richMenuId).sort()).toEqual(
      [result.menus.admin, result.menus.staffCustomer, result.menus.customer, foreign.richMenuId].sort(),
    );
    expect((await line('/v2/bot/user/all/richmenu')).body).toEqual({ richMenuId: result.menus.customer });
    expect((await line(`/v2/bot/richmenu/alias/${richMenuAliasId({ orderPrefix }, 'admin')}`)).body).toMatchObject({
      richMenuId: result.menus.admin,
    });
    const { body: again } = await line<{ aliases: unknown[] }>('/v2/bot/richmenu/alias/list');
    expect(again.aliases).toHaveLength(2);
  });

  it('a richmenuswitch tap in the chat shows the other menu and sends LINE’s postback', async () => {
    const staff = tenant.adminLineUserIds[0]!;
    const settings = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    const sw = (await sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/richmenu/switch`, {
      userId: staff,
      richMenuAliasId: richMenuAliasId({ orderPrefix }, 'staffCustomer'),
    })) as { status: string; richMenuId: string };
    expect(sw).toEqual({ status: 'SUCCESS', richMenuId: settings.menuIds.staffCustomer });
    const shown = await fetch(
      `${stack.sandboxUrl}/_sandbox/channels/${tenant.channelId}/richmenu?userId=${staff}`,
    ).then((r) => r.json() as Promise<{ menu: { richMenuId: string } }>);
    expect(shown.menu.richMenuId).toBe(settings.menuIds.staffCustomer);
  });

  it('linkStaffToAdminRichMenu gives a staff member who binds later the admin menu', async () => {
    const newcomer = await createSandboxUser(stack, '新店員');
    const activities = richMenuActivities(
      {
        db: stack.db,
        secrets: stack.secrets,
        line: { apiBaseUrl: stack.sandboxUrl, dataApiBaseUrl: stack.sandboxUrl },
        log: pino({ level: 'silent' }),
      },
      createLineClientProvider({
        db: stack.db,
        secrets: stack.secrets,
        line: { apiBaseUrl: stack.sandboxUrl, dataApiBaseUrl: stack.sandboxUrl },
        log: pino({ level: 'silent' }),
      }),
    );
    expect(await activities.linkStaffToAdminRichMenu({ tenantId: tenant.id, lineUserId: newcomer })).toBe('linked');
    const settings = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    expect((await line(`/v2/bot/user/${newcomer}/richmenu`)).body).toEqual({ richMenuId: settings.menuIds.admin });

    const fresh = await createTestTenant(stack, { products: [], admins: 0 });
    expect(await activities.linkStaffToAdminRichMenu({ tenantId: fresh.id, lineUserId: newcomer })).toBe(
      'no_admin_menu',
    );
  });

  it('a LINE failure ends as a clear status, and the previous menus stay live', async () => {
    const live = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    await sandboxPost(stack, '/_sandbox/faults', { path: '/v2/bot/richmenu', mode: 'error500' });
    try {
      const result = await apply();
      expect(result.ok).toBe(false);
    } finally {
      await fetch(`${stack.sandboxUrl}/_sandbox/faults`, { method: 'DELETE' });
    }
    const after = (await (await api('/rich-menu')).json()) as RichMenuSettings;
    expect(after.status).toBe('failed');
    expect(after.error).toBe('LINE 在「建立選單」這一步暫時無法處理（HTTP 500），請稍後再按一次「套用」。');
    expect(after.menuIds).toEqual(live.menuIds);
    expect((await line('/v2/bot/user/all/richmenu')).body).toEqual({ richMenuId: live.menuIds.customer });
  });

  it('a wrong access token is explained, not retried', async () => {
    const broken = await createTestTenant(stack, { products: [], admins: 0 });
    await stack.db.tenant.update({
      where: { id: broken.id },
      data: { lineChannelTokenEnc: stack.secrets.seal('revoked-token') },
    });
    const brokenOwner = await signedInMember(stack.db, authConfigOf(stack.env), broken.id, { role: 'owner' });
    const res = await fetch(`${stack.apiUrl}/api/t/${broken.slug}/settings/line/rich-menu/apply`, {
      method: 'POST',
      headers: { ...brokenOwner.headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const result = (await stack.temporal.workflow
      .getHandle(richMenuWorkflowId(broken.id))
      .result()) as RichMenuApplyResult;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('Access token 無效');
    await recordHistory(richMenuWorkflowId(broken.id), 'rich-menus-failed');
    expect((await line<MenuList>('/v2/bot/richmenu/list', broken)).body.richmenus).toEqual([]);
    // the other shop's menus were never touched (its three and the foreign one)
    expect((await line<MenuList>('/v2/bot/richmenu/list')).body.richmenus).toHaveLength(4);
  });
});

describe('the admin API around applying', () => {
  it('serves the preview image LINE gets, with an ETag; an unknown kind is 404', async () => {
    const res = await api('/rich-menu/customer/image');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 2500, height: 1686 });
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${stack.apiUrl}/api/t/${tenant.slug}/settings/line/rich-menu/customer/image`, {
      headers: { ...owner.headers, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect((await api('/rich-menu/boss/image')).status).toBe(404);
  });

  it('refuses to apply for a shop without a LINE channel, with a message saying what to do', async () => {
    const shop = await createTestTenant(stack, { products: [], admins: 0 });
    await stack.db.tenant.update({ where: { id: shop.id }, data: { lineChannelTokenEnc: null } });
    const someone = await signedInMember(stack.db, authConfigOf(stack.env), shop.id, { role: 'owner' });
    const res = await fetch(`${stack.apiUrl}/api/t/${shop.slug}/settings/line/rich-menu/apply`, {
      method: 'POST',
      headers: { ...someone.headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toContain('請先到「LINE 設定」');
    expect(await stack.db.lineRichMenuSet.findUnique({ where: { tenantId: shop.id } })).toBeNull();
  });
});

describe('the welcome message', () => {
  const follow = async (user: string) =>
    sandboxPost(stack, `/_sandbox/channels/${tenant.channelId}/events`, {
      events: [{ type: 'follow', source: { type: 'user', userId: user } }],
    });
  const welcomeTo = (user: string) =>
    waitFor('the welcome message', async () => {
      const sent = await sentTo(stack, tenant, user);
      return sent[0]?.messages[0]?.text;
    });

  it('edited in the admin, it is what the next new friend gets; blank goes back to the default', async () => {
    const initial = (await (await api('/welcome-message')).json()) as WelcomeMessageSettings;
    const shop = await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(initial).toEqual({ welcomeMessage: null, defaultMessage: defaultWelcomeMessage(shop.name), maxLength: 500 });

    const text = '歡迎來到小花的店 🌸\n直播時留言 +1 就能下單喔！';
    const saved = await api('/welcome-message', { method: 'PUT', json: { welcomeMessage: `  ${text}  ` } });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as WelcomeMessageSettings).welcomeMessage).toBe(text);
    const friend = await createSandboxUser(stack, '新朋友');
    await follow(friend);
    expect(await welcomeTo(friend)).toBe(text);

    const audit = await stack.db.auditLog.findFirst({
      where: { tenantId: tenant.id, action: 'settings.welcome_message.update' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit?.data).toEqual({ custom: true, length: text.length });

    await api('/welcome-message', { method: 'PUT', json: { welcomeMessage: '   ' } });
    const another = await createSandboxUser(stack, '另一位朋友');
    await follow(another);
    expect(await welcomeTo(another)).toBe(defaultWelcomeMessage(shop.name));
  });

  it('refuses 501 characters with a zh-TW message and keeps the old text', async () => {
    await api('/welcome-message', { method: 'PUT', json: { welcomeMessage: '原本的歡迎詞' } });
    const res = await api('/welcome-message', { method: 'PUT', json: { welcomeMessage: '好'.repeat(501) } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('歡迎訊息最多 500 個字');
    const shop = await stack.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(shop.welcomeMessage).toBe('原本的歡迎詞');
  });
});
