import { readFileSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { registerChannelAuth } from './channel-auth.ts';
import { registerFaultHook } from './faults.ts';
import { newRequestId } from './ids.ts';
import { MSG, sendLineError } from './line-errors.ts';
import { registerControlRoutes } from './routes-control.ts';
import { registerInspectRoutes } from './routes-inspect.ts';
import { registerLiffRoutes } from './routes-liff.ts';
import { parseLoginChannel, registerLoginRoutes } from './routes-login.ts';
import { registerMessagingRoutes } from './routes-messaging.ts';
import { registerRichMenuRoutes, registerRichMenuSandboxRoutes } from './routes-richmenu.ts';
import { SandboxStore, type SandboxLoginChannel } from './store.ts';

export interface LineSandboxOptions {
  logger?: boolean;
  /** How long a reply token works. LINE documents "use within 1 minute"; default 60 s. */
  replyTokenTtlMs?: number;
  /** How long a webhook delivery waits for an answer (LINE itself gives up after ~2 s; default 10 s). */
  webhookTimeoutMs?: number;
  /** LINE Login channels the sandbox starts with (and keeps across `DELETE /_sandbox/reset`). */
  loginChannels?: (Partial<SandboxLoginChannel> & Pick<SandboxLoginChannel, 'channelId' | 'channelSecret'>)[];
}

export interface LineSandbox {
  app: FastifyInstance;
  store: SandboxStore;
}

const chatPage = readFileSync(new URL('./chat-page.html', import.meta.url), 'utf8');

/**
 * A local stand-in for the LINE platform: the Messaging API (point `apiBaseUrl` and
 * `dataApiBaseUrl` at it), LINE Login (authorize, token, verify, profile), LIFF (routes-liff.ts) plus `/_sandbox/*`
 * to act as LINE users and inspect what was sent.
 */
export function buildLineSandbox(opts: LineSandboxOptions = {}): LineSandbox {
  const store = new SandboxStore();
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 2 * 1024 * 1024 });

  // LINE's wording for unparsable bodies and unknown paths on its API
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = err.statusCode ?? 500;
    if (!request.url.startsWith('/v2/')) {
      return reply.code(status).send({ message: err.message });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
      return sendLineError(reply, 400, { message: 'The request body could not be parsed as JSON' });
    }
    if (status >= 500) request.log.error(err);
    return sendLineError(reply, status, { message: status >= 500 ? MSG.serverError : err.message });
  });
  app.setNotFoundHandler((request, reply) => sendLineError(reply, 404, { message: MSG.notFound }));
  // every LINE API response (api.line.me, access.line.me) carries a request ID
  app.addHook('onSend', async (request, reply, payload) => {
    const url = request.url;
    if ((url.startsWith('/v2/') || url.startsWith('/oauth2/')) && !reply.hasHeader('x-line-request-id')) {
      reply.header('x-line-request-id', newRequestId());
    }
    return payload;
  });
  registerFaultHook(app, store);

  // The bot API (/v2/bot/*): one scope whose preHandler checks the channel access token for every route in it.
  app.register(async (bot) => {
    registerChannelAuth(bot, store);
    registerMessagingRoutes(bot, store);
    registerRichMenuRoutes(bot, store);
  });

  // Everything else checks its own credentials (LINE Login) or none (/_sandbox/*, the chat page).
  registerRichMenuSandboxRoutes(app, store);
  registerControlRoutes(app, store, {
    replyTokenTtlMs: opts.replyTokenTtlMs ?? 60_000,
    webhookTimeoutMs: opts.webhookTimeoutMs ?? 10_000,
  });
  registerInspectRoutes(app, store);
  registerLoginRoutes(app, store);
  registerLiffRoutes(app, store);
  for (const input of opts.loginChannels ?? []) {
    const channel = parseLoginChannel(input);
    store.builtinLoginChannels.push(channel);
    store.loginChannels.set(channel.channelId, channel);
  }

  const servePage = async (_req: unknown, reply: FastifyReply) => reply.type('text/html; charset=utf-8').send(chatPage);
  app.get('/', servePage);
  app.get('/chat', servePage);
  app.get('/favicon.ico', async (_req, reply) => reply.code(204).send());

  // held sockets would keep close() waiting forever
  app.addHook('preClose', async () => {
    store.releaseHeld();
  });

  return { app, store };
}
