import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildLineSandbox, type LineSandbox } from './app.ts';
import { TEST_CHANNEL } from './testing.ts';

let sb: LineSandbox;
const user = 'U1234567890abcdef1234567890abcdef';
const auth = { authorization: `Bearer ${TEST_CHANNEL.channelAccessToken}` };
const other = { ...TEST_CHANNEL, channelId: '2000000099', channelAccessToken: 'other-token', botUserId: 'Ubot2' };
const otherAuth = { authorization: `Bearer ${other.channelAccessToken}` };

const menu = (over: Record<string, unknown> = {}) => ({
  size: { width: 2500, height: 843 },
  selected: false,
  name: 'test menu',
  chatBarText: '選單',
  areas: [
    { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'message', text: '+1' } },
    {
      bounds: { x: 1250, y: 0, width: 1250, height: 843 },
      action: { type: 'richmenuswitch', richMenuAliasId: 'menu-b', data: 'switch-b' },
    },
  ],
  ...over,
});

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#06c755' } })
    .png()
    .toBuffer();

type Method = 'GET' | 'POST' | 'DELETE';
const call = (method: Method, url: string, payload?: unknown, headers: Record<string, string> = auth) =>
  sb.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

async function createMenu(body: unknown = menu(), headers = auth): Promise<string> {
  const res = await call('POST', '/v2/bot/richmenu', body, headers);
  expect(res.statusCode).toBe(200);
  return res.json().richMenuId;
}
async function upload(id: string, bytes: Buffer, type = 'image/png', headers = auth) {
  return sb.app.inject({
    method: 'POST',
    url: `/v2/bot/richmenu/${id}/content`,
    headers: { ...headers, 'content-type': type },
    payload: bytes,
  });
}
async function menuWithImage(headers = auth): Promise<string> {
  const id = await createMenu(menu(), headers);
  expect((await upload(id, await png(2500, 843), 'image/png', headers)).statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  sb = buildLineSandbox();
  await sb.app.ready();
});
afterAll(() => sb.app.close());
beforeEach(async () => {
  sb.store.reset();
  for (const ch of [TEST_CHANNEL, other]) {
    await call('POST', '/_sandbox/channels', { ...ch, webhookUrl: 'http://127.0.0.1:9/none' });
  }
});

describe('POST /v2/bot/richmenu', () => {
  it('creates a menu with an ID like LINE’s and returns it from get and list', async () => {
    const id = await createMenu();
    expect(id).toMatch(/^richmenu-[0-9a-f]{32}$/);
    const got = await call('GET', `/v2/bot/richmenu/${id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ richMenuId: id, ...menu() });
    expect((await call('GET', '/v2/bot/richmenu/list')).json()).toEqual({ richmenus: [{ richMenuId: id, ...menu() }] });
    // another channel sees none of it
    expect((await call('GET', '/v2/bot/richmenu/list', undefined, otherAuth)).json()).toEqual({ richmenus: [] });
    expect((await call('GET', `/v2/bot/richmenu/${id}`, undefined, otherAuth)).statusCode).toBe(404);
  });

  it.each([
    ['a width outside 800–2500', { size: { width: 3000, height: 1686 } }, 'size.width'],
    ['a height under 250', { size: { width: 800, height: 200 } }, 'size.height'],
    ['an aspect ratio under 1.45', { size: { width: 1200, height: 1000 } }, 'size'],
    ['a chat bar text over 14 characters', { chatBarText: '這是一段超過十四個字的聊天室選單列文字喔' }, 'chatBarText'],
    ['no areas', { areas: [] }, 'areas'],
    [
      'an area outside the image',
      { areas: [{ bounds: { x: 2000, y: 0, width: 600, height: 843 }, action: { type: 'message', text: 'x' } }] },
      'areas[0].bounds',
    ],
    [
      'an unknown action type',
      { areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'teleport' } }] },
      'areas[0].action.type',
    ],
    [
      'a uri with a javascript: scheme',
      {
        areas: [
          { bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'uri', uri: 'javascript:alert(1)' } },
        ],
      },
      'areas[0].action.uri',
    ],
    [
      'a richmenuswitch without data',
      {
        areas: [
          { bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: 'richmenuswitch', richMenuAliasId: 'a' } },
        ],
      },
      'areas[0].action.data',
    ],
  ])('refuses %s with LINE’s 400 body', async (_what, over, property) => {
    const body = menu(over);
    for (const url of ['/v2/bot/richmenu', '/v2/bot/richmenu/validate']) {
      const res = await call('POST', url, body);
      expect(res.statusCode).toBe(400);
      const json = res.json();
      expect(json.message).toMatch(/^The request body has \d+ error\(s\)$/);
      expect(json.details.map((d: { property: string }) => d.property)).toContain(property);
    }
    expect(sb.store.richMenus.menus.size).toBe(0);
  });

  it('accepts every classic size (2500x1686 … 800x270) on validate', async () => {
    for (const [width, height] of [
      [2500, 1686],
      [2500, 843],
      [1200, 810],
      [1200, 405],
      [800, 540],
      [800, 270],
    ]) {
      const body = menu({
        size: { width, height },
        areas: [{ bounds: { x: 0, y: 0, width, height }, action: { type: 'postback', data: 'a=1' } }],
      });
      const res = await call('POST', '/v2/bot/richmenu/validate', body);
      expect(res.statusCode, `${width}x${height}`).toBe(200);
      expect(res.json()).toEqual({});
    }
  });

  it('401s without a valid token', async () => {
    expect((await call('POST', '/v2/bot/richmenu', menu(), { authorization: 'Bearer nope' })).statusCode).toBe(401);
  });
});

describe('rich menu image (data API)', () => {
  it('takes a PNG of exactly the menu size once, and serves it back', async () => {
    const id = await createMenu();
    const image = await png(2500, 843);
    const ok = await upload(id, image);
    expect(ok.statusCode).toBe(200);
    const got = await call('GET', `/v2/bot/richmenu/${id}/content`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(image)).toBe(true);

    const again = await upload(id, image);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toEqual({ message: 'An image has already been uploaded to the richmenu' });
  });

  it('refuses a size mismatch, a wrong type, a lying content type and a file over 1 MB', async () => {
    const id = await createMenu();
    const mismatch = await upload(id, await png(2500, 1686));
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json()).toEqual({ message: 'The image size does not match the size of the rich menu' });

    const gif = await upload(id, Buffer.from('GIF89a'), 'image/gif');
    expect(gif.statusCode).toBe(415);

    const lying = await upload(id, await png(2500, 843), 'image/jpeg');
    expect(lying.statusCode).toBe(400);

    const noisy = await sharp(Buffer.from(Array.from({ length: 2500 * 843 * 3 }, (_, i) => (i * 7919) % 251)), {
      raw: { width: 2500, height: 843, channels: 3 },
    })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(1024 * 1024);
    const big = await upload(id, noisy);
    expect(big.statusCode).toBe(413);
    expect(sb.store.richMenus.menus.get(id)!.image).toBeUndefined();
    expect((await call('GET', `/v2/bot/richmenu/${id}/content`)).statusCode).toBe(404);
  });
});

describe('default menu and per-user links', () => {
  it('needs an image before a menu is the default or linked', async () => {
    const id = await createMenu();
    for (const url of [`/v2/bot/user/all/richmenu/${id}`, `/v2/bot/user/${user}/richmenu/${id}`]) {
      const res = await call('POST', url);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ message: 'must upload richmenu image before applying it to user' });
    }
  });

  it('sets, gets and clears the default; links, gets and unlinks a user; bulk links 202', async () => {
    expect((await call('GET', '/v2/bot/user/all/richmenu')).statusCode).toBe(404);
    const a = await menuWithImage();
    const b = await menuWithImage();
    expect((await call('POST', `/v2/bot/user/all/richmenu/${a}`)).statusCode).toBe(200);
    expect((await call('GET', '/v2/bot/user/all/richmenu')).json()).toEqual({ richMenuId: a });

    const none = await call('GET', `/v2/bot/user/${user}/richmenu`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual({ message: 'the user has no richmenu' });
    expect((await call('POST', `/v2/bot/user/${user}/richmenu/${b}`)).statusCode).toBe(200);
    expect((await call('GET', `/v2/bot/user/${user}/richmenu`)).json()).toEqual({ richMenuId: b });
    expect(sb.store.richMenus.effectiveFor(TEST_CHANNEL.channelId, user)?.richMenuId).toBe(b);
    expect((await call('DELETE', `/v2/bot/user/${user}/richmenu`)).statusCode).toBe(200);
    expect(sb.store.richMenus.effectiveFor(TEST_CHANNEL.channelId, user)?.richMenuId).toBe(a);

    const second = 'Uabcdefabcdefabcdefabcdefabcdefab';
    const bulk = await call('POST', '/v2/bot/richmenu/bulk/link', { richMenuId: b, userIds: [user, second] });
    expect(bulk.statusCode).toBe(202);
    expect((await call('GET', `/v2/bot/user/${second}/richmenu`)).json()).toEqual({ richMenuId: b });
    const badBulk = await call('POST', '/v2/bot/richmenu/bulk/link', { richMenuId: b, userIds: [] });
    expect(badBulk.statusCode).toBe(400);
    expect((await call('POST', '/v2/bot/richmenu/bulk/unlink', { userIds: [user, second] })).statusCode).toBe(202);
    expect((await call('GET', `/v2/bot/user/${second}/richmenu`)).statusCode).toBe(404);

    expect((await call('DELETE', '/v2/bot/user/all/richmenu')).statusCode).toBe(200);
    expect((await call('GET', '/v2/bot/user/all/richmenu')).statusCode).toBe(404);
  });

  it('takes the empty JSON body the SDK sends with link and default (LINE does)', async () => {
    const id = await menuWithImage();
    for (const url of [`/v2/bot/user/all/richmenu/${id}`, `/v2/bot/user/${user}/richmenu/${id}`]) {
      const res = await sb.app.inject({
        method: 'POST',
        url,
        headers: { ...auth, 'content-type': 'application/json' },
      });
      expect(res.statusCode, url).toBe(200);
      expect(res.json()).toEqual({});
    }
    expect(sb.store.richMenus.links.get(`${TEST_CHANNEL.channelId} ${user}`)).toBe(id);
  });

  it('refuses an invalid user ID and another channel’s menu', async () => {
    const mine = await menuWithImage();
    expect((await call('POST', `/v2/bot/user/nobody/richmenu/${mine}`)).statusCode).toBe(400);
    expect((await call('POST', `/v2/bot/user/all/richmenu/${mine}`, undefined, otherAuth)).statusCode).toBe(404);
  });
});

describe('aliases', () => {
  it('creates, lists, gets, updates and deletes; a second create of the same ID conflicts', async () => {
    const a = await menuWithImage();
    const b = await menuWithImage();
    expect(
      (await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'menu-a', richMenuId: a })).statusCode,
    ).toBe(200);
    const conflict = await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'menu-a', richMenuId: b });
    expect(conflict.statusCode).toBe(400);
    expect(conflict.json()).toEqual({ message: 'conflict richmenu alias id' });
    // the same alias ID on another channel is another alias
    const theirs = await menuWithImage(otherAuth);
    const elsewhere = await call(
      'POST',
      '/v2/bot/richmenu/alias',
      { richMenuAliasId: 'menu-a', richMenuId: theirs },
      otherAuth,
    );
    expect(elsewhere.statusCode).toBe(200);

    expect((await call('GET', '/v2/bot/richmenu/alias/menu-a')).json()).toEqual({
      richMenuAliasId: 'menu-a',
      richMenuId: a,
    });
    expect((await call('POST', '/v2/bot/richmenu/alias/menu-a', { richMenuId: b })).statusCode).toBe(200);
    expect((await call('GET', '/v2/bot/richmenu/alias/list')).json()).toEqual({
      aliases: [{ richMenuAliasId: 'menu-a', richMenuId: b }],
    });
    expect((await call('DELETE', '/v2/bot/richmenu/alias/menu-a')).statusCode).toBe(200);
    expect((await call('GET', '/v2/bot/richmenu/alias/menu-a')).statusCode).toBe(404);
    expect((await call('DELETE', '/v2/bot/richmenu/alias/menu-a')).statusCode).toBe(404);
  });

  it('refuses bad alias IDs, unknown menus and menus without an image', async () => {
    const bare = await createMenu();
    const bad = await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'has space', richMenuId: bare });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].property).toBe('richMenuAliasId');
    const noImage = await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'x', richMenuId: bare });
    expect(noImage.statusCode).toBe(400);
    const unknown = await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'x', richMenuId: 'richmenu-0' });
    expect(unknown.statusCode).toBe(400);
    expect(sb.store.richMenus.aliasesOf(TEST_CHANNEL.channelId)).toEqual([]);
  });

  it('deleting a menu drops its default, links and aliases, as LINE does', async () => {
    const a = await menuWithImage();
    await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'menu-a', richMenuId: a });
    await call('POST', `/v2/bot/user/all/richmenu/${a}`);
    await call('POST', `/v2/bot/user/${user}/richmenu/${a}`);
    expect((await call('DELETE', `/v2/bot/richmenu/${a}`)).statusCode).toBe(200);
    expect((await call('GET', '/v2/bot/richmenu/alias/list')).json()).toEqual({ aliases: [] });
    expect((await call('GET', '/v2/bot/user/all/richmenu')).statusCode).toBe(404);
    expect((await call('GET', `/v2/bot/user/${user}/richmenu`)).statusCode).toBe(404);
    expect((await call('DELETE', `/v2/bot/richmenu/${a}`)).statusCode).toBe(404);
  });
});

describe('the chat page’s view (/_sandbox)', () => {
  it('shows the effective menu and switches it by alias, as the LINE app does', async () => {
    const ch = TEST_CHANNEL.channelId;
    expect((await call('GET', `/_sandbox/channels/${ch}/richmenu?userId=${user}`)).json()).toEqual({ menu: null });
    const a = await menuWithImage();
    const b = await menuWithImage();
    await call('POST', `/v2/bot/user/all/richmenu/${a}`);
    await call('POST', '/v2/bot/richmenu/alias', { richMenuAliasId: 'menu-b', richMenuId: b });
    const shown = (await call('GET', `/_sandbox/channels/${ch}/richmenu?userId=${user}`)).json();
    expect(shown.menu).toMatchObject({ richMenuId: a, imageUrl: `/_sandbox/richmenus/${a}/image` });
    expect((await call('GET', shown.menu.imageUrl)).headers['content-type']).toBe('image/png');

    const missing = await call('POST', `/_sandbox/channels/${ch}/richmenu/switch`, {
      userId: user,
      richMenuAliasId: 'nope',
    });
    expect(missing.json()).toEqual({ status: 'RICHMENU_ALIAS_ID_NOTFOUND' });
    const switched = await call('POST', `/_sandbox/channels/${ch}/richmenu/switch`, {
      userId: user,
      richMenuAliasId: 'menu-b',
    });
    expect(switched.json()).toEqual({ status: 'SUCCESS', richMenuId: b });
    expect((await call('GET', `/_sandbox/channels/${ch}/richmenu?userId=${user}`)).json().menu.richMenuId).toBe(b);
    // a new link from the bot replaces what the user switched to
    await call('POST', `/v2/bot/user/${user}/richmenu/${a}`);
    expect((await call('GET', `/_sandbox/channels/${ch}/richmenu?userId=${user}`)).json().menu.richMenuId).toBe(a);
  });
});
