import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import sharp from 'sharp';
import { z } from 'zod';
import { LINE_TARGET_ID } from './ids.ts';
import { sendLineError, validationErrorBody } from './line-errors.ts';
import { authenticate } from './routes-messaging.ts';
import type { SandboxStore } from './store.ts';

/**
 * LINE's rich menu API (Messaging API reference, "Rich menu"): menus with their images on the
 * data API, the default menu, per-user and bulk links, and aliases for richmenuswitch. Same
 * paths, bodies and error shapes as api.line.me / api-data.line.me. Plus `/_sandbox/*` for the
 * chat page: the menu a user sees and the switch the LINE app does on a richmenuswitch tap.
 */

export interface RichMenuBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SandboxRichMenu {
  richMenuId: string;
  channelId: string;
  size: { width: number; height: number };
  selected: boolean;
  name: string;
  chatBarText: string;
  areas: { bounds: RichMenuBounds; action: Record<string, unknown> }[];
  image?: { contentType: string; data: Buffer };
}

/** Every rich menu, alias and link the sandbox holds (per channel). */
export class RichMenuState {
  readonly menus = new Map<string, SandboxRichMenu>();
  /** key `${channelId} ${aliasId}` → richMenuId */
  readonly aliases = new Map<string, string>();
  /** channelId → richMenuId */
  readonly defaults = new Map<string, string>();
  /** `${channelId} ${userId}` → richMenuId linked to that user */
  readonly links = new Map<string, string>();
  /** `${channelId} ${userId}` → menu the user's LINE app switched to (richmenuswitch); cleared by a new link. */
  readonly shown = new Map<string, string>();

  menusOf(channelId: string): SandboxRichMenu[] {
    return [...this.menus.values()].filter((m) => m.channelId === channelId);
  }

  aliasesOf(channelId: string): { richMenuAliasId: string; richMenuId: string }[] {
    const out: { richMenuAliasId: string; richMenuId: string }[] = [];
    for (const [key, richMenuId] of this.aliases) {
      const [ch, richMenuAliasId] = key.split(' ') as [string, string];
      if (ch === channelId) out.push({ richMenuAliasId, richMenuId });
    }
    return out;
  }

  /** What the user's chat shows: a switched-to menu, else the linked one, else the default. */
  effectiveFor(channelId: string, userId: string): SandboxRichMenu | undefined {
    const key = `${channelId} ${userId}`;
    const id = this.shown.get(key) ?? this.links.get(key) ?? this.defaults.get(channelId);
    return id ? this.menus.get(id) : undefined;
  }

  clear(): void {
    this.menus.clear();
    this.aliases.clear();
    this.defaults.clear();
    this.links.clear();
    this.shown.clear();
  }
}

export const RICH_MENU_MSG = {
  notFound: 'Not found',
  imageAlreadyUploaded: 'An image has already been uploaded to the richmenu',
  imageRequired: 'must upload richmenu image before applying it to user',
  imageSizeMismatch: 'The image size does not match the size of the rich menu',
  imageTooLarge: 'The image must be 1 MB or smaller',
  unsupportedMediaType: 'Unsupported media type',
  userHasNoRichMenu: 'the user has no richmenu',
  noDefault: 'no default richmenu',
  aliasConflict: 'conflict richmenu alias id',
  aliasNotFound: 'richmenu alias not found',
} as const;

const IMAGE_MAX_BYTES = 1024 * 1024;
const BULK_MAX_USERS = 500;
const RICH_MENU_ID = /^richmenu-[0-9a-f]{32}$/;
const ALIAS_ID = /^[a-zA-Z0-9_-]{1,32}$/;

const len = (max: number) => ({ error: `Length must be between 0 and ${max}` });
const required = (max: number) => z.string().min(1, { error: 'May not be empty' }).max(max, len(max));
const uriSchema = z
  .string()
  .max(1000, len(1000))
  .regex(/^(https?|line|tel):/, { error: 'Invalid uri scheme (http, https, line and tel are allowed)' });

const actionSchema = z.discriminatedUnion(
  'type',
  [
    z.looseObject({
      type: z.literal('postback'),
      label: z.string().max(20, len(20)).optional(),
      data: required(300),
      displayText: z.string().max(300, len(300)).optional(),
    }),
    z.looseObject({ type: z.literal('message'), label: z.string().max(20, len(20)).optional(), text: required(300) }),
    z.looseObject({ type: z.literal('uri'), label: z.string().max(20, len(20)).optional(), uri: uriSchema }),
    z.looseObject({
      type: z.literal('richmenuswitch'),
      label: z.string().max(20, len(20)).optional(),
      richMenuAliasId: z.string().regex(ALIAS_ID, { error: 'Invalid rich menu alias ID' }),
      data: required(300),
    }),
    z.looseObject({
      type: z.literal('datetimepicker'),
      data: required(300),
      mode: z.enum(['date', 'time', 'datetime']),
    }),
    z.looseObject({ type: z.literal('camera'), label: z.string().max(20, len(20)).optional() }),
    z.looseObject({ type: z.literal('cameraRoll'), label: z.string().max(20, len(20)).optional() }),
    z.looseObject({ type: z.literal('location'), label: z.string().max(20, len(20)).optional() }),
    z.looseObject({
      type: z.literal('clipboard'),
      label: z.string().max(20, len(20)).optional(),
      clipboardText: required(1000),
    }),
  ],
  {
    error:
      'Must be one of the following values: [postback, message, uri, richmenuswitch, datetimepicker, camera, cameraRoll, location, clipboard]',
  },
);

const int = z.number().int({ error: 'must be an integer' });
const boundsSchema = z.object({
  x: int.min(0, { error: 'must be greater than or equal to 0' }),
  y: int.min(0, { error: 'must be greater than or equal to 0' }),
  width: int.min(1, { error: 'must be greater than or equal to 1' }),
  height: int.min(1, { error: 'must be greater than or equal to 1' }),
});

/**
 * A rich menu object. Sizes: width 800–2500 px, height at least 250 px, width / height at least
 * 1.45 (the classic 2500x1686, 2500x843, 1200x810, 1200x405, 800x540 and 800x270 all qualify);
 * 1–20 areas inside the image; chat bar text up to 14 characters.
 */
export const richMenuSchema = z
  .object({
    size: z.object({
      width: int
        .min(800, { error: 'must be between 800 and 2500' })
        .max(2500, { error: 'must be between 800 and 2500' }),
      height: int.min(250, { error: 'must be greater than or equal to 250' }),
    }),
    selected: z.boolean(),
    name: required(300),
    chatBarText: required(14),
    areas: z
      .array(z.object({ bounds: boundsSchema, action: actionSchema }))
      .min(1, { error: 'Size must be between 1 and 20' })
      .max(20, { error: 'Size must be between 1 and 20' }),
  })
  .superRefine((menu, ctx) => {
    if (menu.size.width / menu.size.height < 1.45) {
      ctx.addIssue({
        code: 'custom',
        path: ['size'],
        message: 'The aspect ratio (width / height) must be at least 1.45',
      });
    }
    menu.areas.forEach((area, i) => {
      const b = area.bounds;
      if (b.x + b.width > menu.size.width || b.y + b.height > menu.size.height) {
        ctx.addIssue({
          code: 'custom',
          path: ['areas', i, 'bounds'],
          message: 'The area must be within the rich menu',
        });
      }
    });
  });

const aliasCreateSchema = z.object({
  richMenuAliasId: z.string().regex(ALIAS_ID, { error: 'Invalid rich menu alias ID' }),
  richMenuId: z.string().min(1, { error: 'May not be empty' }),
});
const aliasUpdateSchema = z.object({ richMenuId: z.string().min(1, { error: 'May not be empty' }) });
const userIdsSchema = z
  .array(z.string().regex(LINE_TARGET_ID, { error: 'Invalid user ID' }))
  .min(1, { error: `Size must be between 1 and ${BULK_MAX_USERS}` })
  .max(BULK_MAX_USERS, { error: `Size must be between 1 and ${BULK_MAX_USERS}` });
const bulkLinkSchema = z.object({
  richMenuId: z.string().min(1, { error: 'May not be empty' }),
  userIds: userIdsSchema,
});
const bulkUnlinkSchema = z.object({ userIds: userIdsSchema });
const switchSchema = z.object({ userId: z.string().min(1), richMenuAliasId: z.string().min(1) });

function publicMenu(m: SandboxRichMenu) {
  return {
    richMenuId: m.richMenuId,
    size: m.size,
    selected: m.selected,
    name: m.name,
    chatBarText: m.chatBarText,
    areas: m.areas,
  };
}

export function registerRichMenuRoutes(app: FastifyInstance, store: SandboxStore): void {
  const state = store.richMenus;
  const notFound = (reply: FastifyReply, message: string = RICH_MENU_MSG.notFound) =>
    sendLineError(reply, 404, { message });
  /** POSTs without a body: LINE takes them with an empty `Content-Type: application/json` body (as the SDK sends them). */
  const bodyless = (register: (scope: FastifyInstance) => void) =>
    app.register(async (scope) => {
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, _body, done) => done(null, {}));
      register(scope);
    });
  const menuOf = (channelId: string, richMenuId: string) => {
    const menu = state.menus.get(richMenuId);
    return menu && menu.channelId === channelId ? menu : undefined;
  };

  app.post('/v2/bot/richmenu', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const parsed = richMenuSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
    state.menus.set(richMenuId, { ...parsed.data, richMenuId, channelId: channel.channelId });
    return { richMenuId };
  });

  app.post('/v2/bot/richmenu/validate', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const parsed = richMenuSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    return {};
  });

  app.get('/v2/bot/richmenu/list', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    return { richmenus: state.menusOf(channel.channelId).map(publicMenu) };
  });

  // aliases
  app.post('/v2/bot/richmenu/alias', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const parsed = aliasCreateSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const { richMenuAliasId, richMenuId } = parsed.data;
    const menu = menuOf(channel.channelId, richMenuId);
    if (!menu) return sendLineError(reply, 400, { message: 'richmenu not found' });
    if (!menu.image) return sendLineError(reply, 400, { message: 'richmenu image not found' });
    const key = `${channel.channelId} ${richMenuAliasId}`;
    if (state.aliases.has(key)) return sendLineError(reply, 400, { message: RICH_MENU_MSG.aliasConflict });
    state.aliases.set(key, richMenuId);
    return {};
  });

  app.get('/v2/bot/richmenu/alias/list', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    return { aliases: state.aliasesOf(channel.channelId) };
  });

  app.get<{ Params: { aliasId: string } }>('/v2/bot/richmenu/alias/:aliasId', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const richMenuId = state.aliases.get(`${channel.channelId} ${request.params.aliasId}`);
    if (!richMenuId) return notFound(reply, RICH_MENU_MSG.aliasNotFound);
    return { richMenuAliasId: request.params.aliasId, richMenuId };
  });

  app.post<{ Params: { aliasId: string } }>('/v2/bot/richmenu/alias/:aliasId', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const parsed = aliasUpdateSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const key = `${channel.channelId} ${request.params.aliasId}`;
    if (!state.aliases.has(key)) return sendLineError(reply, 400, { message: RICH_MENU_MSG.aliasNotFound });
    const menu = menuOf(channel.channelId, parsed.data.richMenuId);
    if (!menu) return sendLineError(reply, 400, { message: 'richmenu not found' });
    if (!menu.image) return sendLineError(reply, 400, { message: 'richmenu image not found' });
    state.aliases.set(key, menu.richMenuId);
    return {};
  });

  app.delete<{ Params: { aliasId: string } }>('/v2/bot/richmenu/alias/:aliasId', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    if (!state.aliases.delete(`${channel.channelId} ${request.params.aliasId}`)) {
      return notFound(reply, RICH_MENU_MSG.aliasNotFound);
    }
    return {};
  });

  // bulk link / unlink: accepted (202), applied asynchronously by LINE; here at once
  app.post('/v2/bot/richmenu/bulk/link', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const parsed = bulkLinkSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const menu = menuOf(channel.channelId, parsed.data.richMenuId);
    if (!menu) return notFound(reply);
    if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageRequired });
    for (const userId of parsed.data.userIds) link(channel.channelId, userId, menu.richMenuId);
    return reply.code(202).send({});
  });

  app.post('/v2/bot/richmenu/bulk/unlink', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const parsed = bulkUnlinkSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    for (const userId of parsed.data.userIds) unlink(channel.channelId, userId);
    return reply.code(202).send({});
  });

  app.get<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const menu = menuOf(channel.channelId, request.params.richMenuId);
    return menu ? publicMenu(menu) : notFound(reply);
  });

  app.delete<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const menu = menuOf(channel.channelId, request.params.richMenuId);
    if (!menu) return notFound(reply);
    // LINE drops the menu's links, default and aliases with it
    state.menus.delete(menu.richMenuId);
    if (state.defaults.get(channel.channelId) === menu.richMenuId) state.defaults.delete(channel.channelId);
    for (const map of [state.links, state.shown, state.aliases]) {
      for (const [key, id] of map) if (id === menu.richMenuId) map.delete(key);
    }
    return {};
  });

  // data API: the image (only once per menu; JPEG or PNG, ≤ 1 MB, exactly the menu's size)
  app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * IMAGE_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId/content', async (request, reply) => {
      const channel = authenticate(store, request, reply);
      if (!channel) return reply;
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (contentType !== 'image/jpeg' && contentType !== 'image/png') {
        return sendLineError(reply, 415, { message: RICH_MENU_MSG.unsupportedMediaType });
      }
      const menu = menuOf(channel.channelId, request.params.richMenuId);
      if (!menu) return notFound(reply);
      if (menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageAlreadyUploaded });
      const data = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (data.length > IMAGE_MAX_BYTES) return sendLineError(reply, 413, { message: RICH_MENU_MSG.imageTooLarge });
      let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
      try {
        meta = await sharp(data).metadata();
      } catch {
        return sendLineError(reply, 400, { message: 'Invalid image' });
      }
      const format = contentType === 'image/png' ? 'png' : 'jpeg';
      if (meta.format !== format) return sendLineError(reply, 400, { message: 'Invalid image' });
      if (meta.width !== menu.size.width || meta.height !== menu.size.height) {
        return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageSizeMismatch });
      }
      menu.image = { contentType, data };
      return {};
    });
  });

  app.get<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId/content', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const menu = menuOf(channel.channelId, request.params.richMenuId);
    if (!menu?.image) return notFound(reply);
    return reply.type(menu.image.contentType).send(menu.image.data);
  });

  // the default menu
  bodyless((scope) =>
    scope.post<{ Params: { richMenuId: string } }>('/v2/bot/user/all/richmenu/:richMenuId', async (request, reply) => {
      const channel = authenticate(store, request, reply);
      if (!channel) return reply;
      const menu = menuOf(channel.channelId, request.params.richMenuId);
      if (!menu) return notFound(reply);
      if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageRequired });
      state.defaults.set(channel.channelId, menu.richMenuId);
      return {};
    }),
  );

  app.get('/v2/bot/user/all/richmenu', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    const richMenuId = state.defaults.get(channel.channelId);
    return richMenuId ? { richMenuId } : notFound(reply, RICH_MENU_MSG.noDefault);
  });

  app.delete('/v2/bot/user/all/richmenu', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    state.defaults.delete(channel.channelId);
    return {};
  });

  // per user
  function link(channelId: string, userId: string, richMenuId: string) {
    state.links.set(`${channelId} ${userId}`, richMenuId);
    state.shown.delete(`${channelId} ${userId}`);
  }
  function unlink(channelId: string, userId: string) {
    state.links.delete(`${channelId} ${userId}`);
    state.shown.delete(`${channelId} ${userId}`);
  }
  const badUser = (reply: FastifyReply) =>
    sendLineError(reply, 400, { message: "The value for the 'userId' parameter is invalid" });

  bodyless((scope) =>
    scope.post<{ Params: { userId: string; richMenuId: string } }>(
      '/v2/bot/user/:userId/richmenu/:richMenuId',
      async (request, reply) => {
        const channel = authenticate(store, request, reply);
        if (!channel) return reply;
        if (!LINE_TARGET_ID.test(request.params.userId)) return badUser(reply);
        const menu = menuOf(channel.channelId, request.params.richMenuId);
        if (!menu) return notFound(reply);
        if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageRequired });
        link(channel.channelId, request.params.userId, menu.richMenuId);
        return {};
      },
    ),
  );

  app.get<{ Params: { userId: string } }>('/v2/bot/user/:userId/richmenu', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    if (!LINE_TARGET_ID.test(request.params.userId)) return badUser(reply);
    const richMenuId = state.links.get(`${channel.channelId} ${request.params.userId}`);
    return richMenuId ? { richMenuId } : notFound(reply, RICH_MENU_MSG.userHasNoRichMenu);
  });

  app.delete<{ Params: { userId: string } }>('/v2/bot/user/:userId/richmenu', async (request, reply) => {
    const channel = authenticate(store, request, reply);
    if (!channel) return reply;
    if (!LINE_TARGET_ID.test(request.params.userId)) return badUser(reply);
    unlink(channel.channelId, request.params.userId);
    return {};
  });

  // ---- /_sandbox: what the chat page needs ----

  /** The menu the user's chat shows (switched, linked, else default), its image as a path. */
  app.get<{ Params: { channelId: string }; Querystring: { userId?: string } }>(
    '/_sandbox/channels/:channelId/richmenu',
    async (request, reply) => {
      const userId = request.query.userId;
      if (!userId) return reply.code(400).send({ message: 'userId is required' });
      const menu = state.effectiveFor(request.params.channelId, userId);
      if (!menu?.image) return { menu: null };
      return { menu: { ...publicMenu(menu), imageUrl: `/_sandbox/richmenus/${menu.richMenuId}/image` } };
    },
  );

  app.get<{ Params: { richMenuId: string } }>('/_sandbox/richmenus/:richMenuId/image', async (request, reply) => {
    const menu = RICH_MENU_ID.test(request.params.richMenuId) ? state.menus.get(request.params.richMenuId) : undefined;
    if (!menu?.image) return reply.code(404).send({ message: 'No such rich menu image' });
    return reply.type(menu.image.contentType).send(menu.image.data);
  });

  /**
   * The LINE app's side of a richmenuswitch tap: shows the alias' menu and tells which status
   * the postback event carries (SUCCESS, RICHMENU_ALIAS_ID_NOTFOUND, RICHMENU_NOTFOUND).
   */
  app.post<{ Params: { channelId: string } }>(
    '/_sandbox/channels/:channelId/richmenu/switch',
    async (request, reply) => {
      const parsed = switchSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ message: 'Invalid sandbox request' });
      const { userId, richMenuAliasId } = parsed.data;
      const richMenuId = state.aliases.get(`${request.params.channelId} ${richMenuAliasId}`);
      if (!richMenuId) return { status: 'RICHMENU_ALIAS_ID_NOTFOUND' };
      if (!state.menus.get(richMenuId)?.image) return { status: 'RICHMENU_NOTFOUND' };
      state.shown.set(`${request.params.channelId} ${userId}`, richMenuId);
      return { status: 'SUCCESS', richMenuId };
    },
  );
}
