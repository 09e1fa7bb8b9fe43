import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MSG, sendLineError } from './line-errors.ts';
import type { SandboxChannel, SandboxStore } from './store.ts';

/**
 * The bot API's authentication (`Authorization: Bearer <channel access token>`), once for a whole
 * scope: every route registered in it finds its channel with `botChannel(request)`.
 */

const CHANNEL = Symbol('lineChannel');
type ChannelRequest = FastifyRequest & { [CHANNEL]: SandboxChannel | null };

export function registerChannelAuth(scope: FastifyInstance, store: SandboxStore): void {
  scope.decorateRequest(CHANNEL, null);
  // preHandler runs after body parsing: an unparsable or oversized body gets its 400/413 before the token is checked
  scope.addHook('preHandler', async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!match) return sendLineError(reply, 401, { message: MSG.authMissing });
    const channel = store.channelByToken(match[1]!);
    if (!channel) return sendLineError(reply, 401, { message: MSG.authFailed });
    (request as ChannelRequest)[CHANNEL] = channel;
  });
}

/** The channel whose access token authenticated this request. */
export function botChannel(request: FastifyRequest): SandboxChannel {
  const channel = (request as ChannelRequest)[CHANNEL];
  if (!channel) throw new Error(`${request.url}: not registered in the bot API scope (registerChannelAuth)`);
  return channel;
}
