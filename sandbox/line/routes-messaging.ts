import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { botChannel } from './channel-auth.ts';
import { LINE_TARGET_ID, newMessageId, newQuoteToken, newRequestId, UUID_PATTERN } from './ids.ts';
import { MSG, sendLineError, validationErrorBody } from './line-errors.ts';
import { RATE_LIMITS } from './rate-limit.ts';
import type { SandboxStore, SentRecord } from './store.ts';

/**
 * LINE's Messaging API (api.line.me) and the content endpoint of the data API
 * (api-data.line.me), same paths, bodies, headers and errors. Registered in the bot API scope
 * (app.ts), which has already checked the channel access token.
 */

const MESSAGE_TYPES = [
  'text',
  'textV2',
  'image',
  'video',
  'audio',
  'location',
  'sticker',
  'imagemap',
  'template',
  'flex',
  'coupon',
] as const;

const messageSchema = z
  .looseObject({
    type: z.enum(MESSAGE_TYPES, { error: `Must be one of the following values: [${MESSAGE_TYPES.join(', ')}]` }),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'flex') {
      // LINE's flex message: alt text for notifications (1–1500) and a bubble or carousel container.
      const { altText, contents } = m as { altText?: unknown; contents?: { type?: unknown } };
      if (typeof altText !== 'string' || altText.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['altText'], message: 'must be specified' });
      } else if (altText.length > 1500) {
        ctx.addIssue({ code: 'custom', path: ['altText'], message: 'Length must be between 0 and 1500' });
      }
      if (typeof contents !== 'object' || contents === null) {
        ctx.addIssue({ code: 'custom', path: ['contents'], message: 'must be specified' });
      } else if (contents.type !== 'bubble' && contents.type !== 'carousel') {
        ctx.addIssue({
          code: 'custom',
          path: ['contents', 'type'],
          message: 'Must be one of the following values: [bubble, carousel]',
        });
      }
      return;
    }
    if (m.type !== 'text' && m.type !== 'textV2') return;
    const text = (m as { text?: unknown }).text;
    if (typeof text !== 'string' || text.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'May not be empty' });
    } else if (text.length > 5000) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'Length must be between 0 and 5000' });
    }
  });

const messagesSchema = z
  .array(messageSchema)
  .min(1, { error: 'Size must be between 1 and 5' })
  .max(5, { error: 'Size must be between 1 and 5' });

const replySchema = z.looseObject({
  replyToken: z.string().min(1, { error: 'May not be empty' }),
  messages: messagesSchema,
  notificationDisabled: z.boolean().optional(),
});

const pushSchema = z.looseObject({
  to: z.string().min(1, { error: 'May not be empty' }),
  messages: messagesSchema,
  notificationDisabled: z.boolean().optional(),
  customAggregationUnits: z.array(z.string()).optional(),
});

const MULTICAST_MAX = 500;
const USER_ID = /^U[0-9a-f]{32}$/;

const multicastSchema = z.looseObject({
  to: z
    .array(z.string().regex(USER_ID, { error: 'Invalid user ID' }))
    .min(1, { error: `Size must be between 1 and ${MULTICAST_MAX}` })
    .max(MULTICAST_MAX, { error: `Size must be between 1 and ${MULTICAST_MAX}` }),
  messages: messagesSchema,
  notificationDisabled: z.boolean().optional(),
  customAggregationUnits: z.array(z.string()).optional(),
});

type RetryKeyCheck = { ok: true; keyId: string | undefined; retryKey: string | undefined } | { ok: false };

/**
 * X-Line-Retry-Key as push and multicast read it: a UUID or 400; a key already accepted on this
 * channel answers 409 with what it sent. `ok: false`: the reply has been sent.
 */
function checkRetryKey(
  store: SandboxStore,
  channelId: string,
  request: FastifyRequest,
  reply: FastifyReply,
): RetryKeyCheck {
  const rawKey = request.headers['x-line-retry-key'];
  const retryKey = Array.isArray(rawKey) ? rawKey[0] : rawKey;
  if (retryKey !== undefined && !UUID_PATTERN.test(retryKey)) {
    sendLineError(reply, 400, { message: MSG.retryKeyInvalid });
    return { ok: false };
  }
  const keyId = retryKey !== undefined ? `${channelId} ${retryKey.toLowerCase()}` : undefined;
  const accepted = keyId !== undefined ? store.retryKeys.get(keyId) : undefined;
  if (accepted) {
    reply.header('x-line-accepted-request-id', accepted.requestId);
    sendLineError(reply, 409, { message: MSG.retryKeyAccepted, sentMessages: accepted.sentMessages });
    return { ok: false };
  }
  return { ok: true, keyId, retryKey };
}

function sentMessagesFor(count: number): { id: string; quoteToken: string }[] {
  return Array.from({ length: count }, () => ({ id: newMessageId(), quoteToken: newQuoteToken() }));
}

export function registerMessagingRoutes(app: FastifyInstance, store: SandboxStore): void {
  app.post('/v2/bot/message/reply', async (request, reply) => {
    const channel = botChannel(request);
    // retry keys exist only on push, multicast, narrowcast and broadcast
    if (request.headers['x-line-retry-key'] !== undefined) {
      return sendLineError(reply, 400, { message: MSG.retryKeyNotSupported });
    }
    const parsed = replySchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));

    const token = store.consumeReplyToken(channel.channelId, parsed.data.replyToken, Date.now());
    if (!token) return sendLineError(reply, 400, { message: MSG.invalidReplyToken });

    const requestId = newRequestId();
    const sentMessages = sentMessagesFor(parsed.data.messages.length);
    const record: SentRecord = {
      id: store.nextSeq(),
      channelId: channel.channelId,
      kind: 'reply',
      to: token.to,
      messages: parsed.data.messages,
      replyToken: parsed.data.replyToken,
      requestId,
      sentMessages,
      at: new Date().toISOString(),
    };
    store.sent.push(record);
    return reply.header('x-line-request-id', requestId).send({ sentMessages });
  });

  app.post('/v2/bot/message/push', async (request, reply) => {
    const channel = botChannel(request);

    const key = checkRetryKey(store, channel.channelId, request, reply);
    if (!key.ok) return reply;
    const { keyId, retryKey } = key;

    const parsed = pushSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const { to, messages } = parsed.data;
    if (!LINE_TARGET_ID.test(to) && !store.users.has(to)) {
      return sendLineError(reply, 400, {
        message: "The property, 'to', in the request body is invalid (line: -, column: -)",
      });
    }
    if (channel.monthlyQuota !== undefined && store.usage(channel.channelId) >= channel.monthlyQuota) {
      return sendLineError(reply, 429, { message: MSG.monthlyLimit });
    }

    const requestId = newRequestId();
    const sentMessages = sentMessagesFor(messages.length);
    if (keyId !== undefined) store.retryKeys.set(keyId, { requestId, sentMessages });
    // LINE counts a push once per recipient, however many message objects it holds
    store.pushUsage.set(channel.channelId, store.usage(channel.channelId) + 1);
    store.sent.push({
      id: store.nextSeq(),
      channelId: channel.channelId,
      kind: 'push',
      to,
      messages,
      ...(retryKey !== undefined ? { retryKey } : {}),
      requestId,
      sentMessages,
      at: new Date().toISOString(),
    });
    return reply.header('x-line-request-id', requestId).send({ sentMessages });
  });

  // One message to up to 500 users; counts once per recipient; 200 requests a second per channel.
  app.post('/v2/bot/message/multicast', async (request, reply) => {
    const channel = botChannel(request);
    if (!store.rates.take(
        `${channel.channelId} multicast`,
        channel.multicastPerSecond ?? RATE_LIMITS.multicast,
        Date.now(),
      ))
      return sendLineError(reply, 429, { message: MSG.rateLimited });
    const key = checkRetryKey(store, channel.channelId, request, reply);
    if (!key.ok) return reply;
    const parsed = multicastSchema.safeParse(request.body);
    if (!parsed.success) return sendLineError(reply, 400, validationErrorBody(parsed.error, request.body));
    const { to, messages } = parsed.data;
    if (channel.monthlyQuota !== undefined && store.usage(channel.channelId) + to.length > channel.monthlyQuota) {
      return sendLineError(reply, 429, { message: MSG.monthlyLimit });
    }
    const requestId = newRequestId();
    const sentMessages = sentMessagesFor(messages.length);
    if (key.keyId !== undefined) store.retryKeys.set(key.keyId, { requestId, sentMessages });
    store.pushUsage.set(channel.channelId, store.usage(channel.channelId) + to.length);
    store.sent.push({
      id: store.nextSeq(),
      channelId: channel.channelId,
      kind: 'multicast',
      to: '',
      recipients: to,
      messages,
      ...(key.retryKey !== undefined ? { retryKey: key.retryKey } : {}),
      requestId,
      sentMessages,
      at: new Date().toISOString(),
    });
    // LINE answers a multicast with an empty object.
    return reply.header('x-line-request-id', requestId).send({});
  });

  app.get<{ Params: { userId: string } }>('/v2/bot/profile/:userId', async (request, reply) => {
    const user = store.users.get(request.params.userId);
    if (!user || user.isFriend === false) return sendLineError(reply, 404, { message: MSG.notFound });
    return {
      displayName: user.displayName,
      userId: user.userId,
      ...(user.pictureUrl !== undefined ? { pictureUrl: user.pictureUrl } : {}),
      ...(user.statusMessage !== undefined ? { statusMessage: user.statusMessage } : {}),
      language: user.language ?? 'zh-TW',
    };
  });

  // A member of a group the bot is in (seen writing there): name and picture, friend or not.
  app.get<{ Params: { groupId: string; userId: string } }>(
    '/v2/bot/group/:groupId/member/:userId',
    async (request, reply) => {
      const channel = botChannel(request);
      const { groupId, userId } = request.params;
      const user = store.users.get(userId);
      const member = [...store.events.values()].some((e) => {
        const source = e.event.source as { type?: string; groupId?: string; userId?: string } | undefined;
        return e.channelId === channel.channelId && source?.groupId === groupId && source.userId === userId;
      });
      if (!user || !member) return sendLineError(reply, 404, { message: MSG.notFound });
      return {
        displayName: user.displayName,
        userId: user.userId,
        ...(user.pictureUrl !== undefined ? { pictureUrl: user.pictureUrl } : {}),
      };
    },
  );

  app.get('/v2/bot/info', async (request) => {
    const channel = botChannel(request);
    return {
      userId: channel.botUserId,
      basicId: channel.basicId,
      displayName: channel.displayName,
      ...(channel.pictureUrl !== undefined ? { pictureUrl: channel.pictureUrl } : {}),
      chatMode: 'bot',
      markAsReadMode: 'auto',
    };
  });

  app.get('/v2/bot/message/quota', async (request) => {
    const channel = botChannel(request);
    return channel.monthlyQuota === undefined ? { type: 'none' } : { type: 'limited', value: channel.monthlyQuota };
  });

  app.get('/v2/bot/message/quota/consumption', async (request) => ({
    totalUsage: store.usage(botChannel(request).channelId),
  }));

  // data API (api-data.line.me): content of images users sent
  app.get<{ Params: { messageId: string } }>('/v2/bot/message/:messageId/content', async (request, reply) => {
    const channel = botChannel(request);
    const content = store.contents.get(request.params.messageId);
    if (!content || content.channelId !== channel.channelId)
      return sendLineError(reply, 404, { message: MSG.notFound });
    return reply.type(content.contentType).send(content.data);
  });
}
