import type { FastifyInstance, FastifyReply } from 'fastify';
import { botChannel } from './channel-auth.ts';
import { LINE_TARGET_ID, newRichMenuId, RICH_MENU_ID } from './ids.ts';
import { sendLineError, validationErrorBody } from './line-errors.ts';
import {
  aliasCreateSchema,
  aliasUpdateSchema,
  bulkLinkSchema,
  bulkUnlinkSchema,
  IMAGE_MAX_BYTES,
  imageContentType,
  imageProblem,
  RICH_MENU_MSG,
  richMenuSchema,
  switchSchema,
} from './richmenu-schema.ts';
import { publicMenu } from './richmenu-store.ts';
import type { SandboxStore } from './store.ts';

/**
 * LINE's rich menu API (Messaging API reference, "Rich menu"): menus with their images on the
 * data API, the default menu, per-user and bulk links, and aliases for richmenuswitch. Same
 * paths, bodies and error shapes as api.line.me / api-data.line.me. Registered in the bot API
 * scope (app.ts), which has already checked the channel access token.
 */
export function registerRichMenuRoutes(app: FastifyInstance, store: SandboxStore): void {
  const state = store.richMenus;
  const notFound = (reply: FastifyReply, message: string = RICH_MENU_MSG.notFound) =>
    sendLineError(reply, 404, { message });
  const badUser = (reply: FastifyReply) => sendLineError(reply, 400, { message: RICH_MENU_MSG.invalidUserId });
  /** POSTs without a body: LINE takes them with an empty `Content-Type: application/json` body (as the SDK sends them). */
  const bodyless = (register: (scope: FastifyInstance) => void) =>
    app.register(async (scope) => {
      scope.removeContentTypeParser('application/json');
      scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, _body, done) => done(null, {}));
      register(scope);
    });

  app.post('/v2/bot/richmenu', async (request, reply) => {
    const channel = botChannel(request);
    const parsed = richMenuSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const richMenuId = newRichMenuId();
    state.menus.set(richMenuId, { ...parsed.data, richMenuId, channelId: channel.channelId });
    return { richMenuId };
  });

  app.post('/v2/bot/richmenu/validate', async (request, reply) => {
    const parsed = richMenuSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    return {};
  });

  app.get('/v2/bot/richmenu/list', async (request) => ({
    richmenus: state.menusOf(botChannel(request).channelId).map(publicMenu),
  }));

  // aliases
  app.post('/v2/bot/richmenu/alias', async (request, reply) => {
    const channel = botChannel(request);
    const parsed = aliasCreateSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const { richMenuAliasId, richMenuId } = parsed.data;
    const menu = state.menuOf(channel.channelId, richMenuId);
    if (!menu) return sendLineError(reply, 400, { message: RICH_MENU_MSG.menuNotFound });
    if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.menuImageNotFound });
    const key = `${channel.channelId} ${richMenuAliasId}`;
    if (state.aliases.has(key)) return sendLineError(reply, 400, { message: RICH_MENU_MSG.aliasConflict });
    state.aliases.set(key, richMenuId);
    return {};
  });

  app.get('/v2/bot/richmenu/alias/list', async (request) => ({
    aliases: state.aliasesOf(botChannel(request).channelId),
  }));

  app.get<{ Params: { aliasId: string } }>('/v2/bot/richmenu/alias/:aliasId', async (request, reply) => {
    const richMenuId = state.aliases.get(`${botChannel(request).channelId} ${request.params.aliasId}`);
    if (!richMenuId) return notFound(reply, RICH_MENU_MSG.aliasNotFound);
    return { richMenuAliasId: request.params.aliasId, richMenuId };
  });

  app.post<{ Params: { aliasId: string } }>('/v2/bot/richmenu/alias/:aliasId', async (request, reply) => {
    const channel = botChannel(request);
    const parsed = aliasUpdateSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const key = `${channel.channelId} ${request.params.aliasId}`;
    if (!state.aliases.has(key)) return sendLineError(reply, 400, { message: RICH_MENU_MSG.aliasNotFound });
    const menu = state.menuOf(channel.channelId, parsed.data.richMenuId);
    if (!menu) return sendLineError(reply, 400, { message: RICH_MENU_MSG.menuNotFound });
    if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.menuImageNotFound });
    state.aliases.set(key, menu.richMenuId);
    return {};
  });

  app.delete<{ Params: { aliasId: string } }>('/v2/bot/richmenu/alias/:aliasId', async (request, reply) => {
    if (!state.aliases.delete(`${botChannel(request).channelId} ${request.params.aliasId}`)) {
      return notFound(reply, RICH_MENU_MSG.aliasNotFound);
    }
    return {};
  });

  // bulk link / unlink: accepted (202), applied asynchronously by LINE; here at once
  app.post('/v2/bot/richmenu/bulk/link', async (request, reply) => {
    const channel = botChannel(request);
    const parsed = bulkLinkSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const menu = state.menuOf(channel.channelId, parsed.data.richMenuId);
    if (!menu) return notFound(reply);
    if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageRequired });
    for (const userId of parsed.data.userIds) state.link(channel.channelId, userId, menu.richMenuId);
    return reply.code(202).send({});
  });

  app.post('/v2/bot/richmenu/bulk/unlink', async (request, reply) => {
    const channel = botChannel(request);
    const parsed = bulkUnlinkSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    for (const userId of parsed.data.userIds) state.unlink(channel.channelId, userId);
    return reply.code(202).send({});
  });

  app.get<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId', async (request, reply) => {
    const menu = state.menuOf(botChannel(request).channelId, request.params.richMenuId);
    return menu ? publicMenu(menu) : notFound(reply);
  });

  app.delete<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId', async (request, reply) => {
    const menu = state.menuOf(botChannel(request).channelId, request.params.richMenuId);
    if (!menu) return notFound(reply);
    state.delete(menu);
    return {};
  });

  // data API: the image (only once per menu; JPEG or PNG, ≤ 1 MB, exactly the menu's size)
  app.register(async (scope) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * IMAGE_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId/content', async (request, reply) => {
      const channel = botChannel(request);
      const contentType = imageContentType(request.headers['content-type']);
      if (!contentType) return sendLineError(reply, 415, { message: RICH_MENU_MSG.unsupportedMediaType });
      const menu = state.menuOf(channel.channelId, request.params.richMenuId);
      if (!menu) return notFound(reply);
      if (menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageAlreadyUploaded });
      const data = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const problem = await imageProblem(data, contentType, menu.size);
      if (problem) return sendLineError(reply, problem.status, { message: problem.message });
      menu.image = { contentType, data };
      return {};
    });
  });

  app.get<{ Params: { richMenuId: string } }>('/v2/bot/richmenu/:richMenuId/content', async (request, reply) => {
    const menu = state.menuOf(botChannel(request).channelId, request.params.richMenuId);
    if (!menu?.image) return notFound(reply);
    return reply.type(menu.image.contentType).send(menu.image.data);
  });

  // the default menu
  bodyless((scope) =>
    scope.post<{ Params: { richMenuId: string } }>('/v2/bot/user/all/richmenu/:richMenuId', async (request, reply) => {
      const channel = botChannel(request);
      const menu = state.menuOf(channel.channelId, request.params.richMenuId);
      if (!menu) return notFound(reply);
      if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageRequired });
      state.defaults.set(channel.channelId, menu.richMenuId);
      return {};
    }),
  );

  app.get('/v2/bot/user/all/richmenu', async (request, reply) => {
    const richMenuId = state.defaults.get(botChannel(request).channelId);
    return richMenuId ? { richMenuId } : notFound(reply, RICH_MENU_MSG.noDefault);
  });

  app.delete('/v2/bot/user/all/richmenu', async (request) => {
    state.defaults.delete(botChannel(request).channelId);
    return {};
  });

  // per user
  bodyless((scope) =>
    scope.post<{ Params: { userId: string; richMenuId: string } }>(
      '/v2/bot/user/:userId/richmenu/:richMenuId',
      async (request, reply) => {
        const channel = botChannel(request);
        if (!LINE_TARGET_ID.test(request.params.userId)) return badUser(reply);
        const menu = state.menuOf(channel.channelId, request.params.richMenuId);
        if (!menu) return notFound(reply);
        if (!menu.image) return sendLineError(reply, 400, { message: RICH_MENU_MSG.imageRequired });
        state.link(channel.channelId, request.params.userId, menu.richMenuId);
        return {};
      },
    ),
  );

  app.get<{ Params: { userId: string } }>('/v2/bot/user/:userId/richmenu', async (request, reply) => {
    const channel = botChannel(request);
    if (!LINE_TARGET_ID.test(request.params.userId)) return badUser(reply);
    const richMenuId = state.links.get(`${channel.channelId} ${request.params.userId}`);
    return richMenuId ? { richMenuId } : notFound(reply, RICH_MENU_MSG.userHasNoRichMenu);
  });

  app.delete<{ Params: { userId: string } }>('/v2/bot/user/:userId/richmenu', async (request, reply) => {
    const channel = botChannel(request);
    if (!LINE_TARGET_ID.test(request.params.userId)) return badUser(reply);
    state.unlink(channel.channelId, request.params.userId);
    return {};
  });
}

/**
 * `/_sandbox/*` for the chat page (no token): the menu a user sees and the switch the LINE app
 * does on a richmenuswitch tap.
 */
export function registerRichMenuSandboxRoutes(app: FastifyInstance, store: SandboxStore): void {
  const state = store.richMenus;

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
