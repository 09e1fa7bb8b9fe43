import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { completeEvent, imageMessageEvent, textMessageEvent, type EventSource, type WebhookEvent } from './events.ts';
import { newMessageId, newUserId } from './ids.ts';
import type { SandboxChannel, SandboxStore, SandboxUser } from './store.ts';
import { deliverWebhook } from './webhook-delivery.ts';

/**
 * `/_sandbox/*`: what the LINE console and LINE users do: register channels, create users,
 * act as a customer (messages and raw events, signed and delivered to the webhook), Verify,
 * redeliver.
 */

export interface ControlOptions {
  replyTokenTtlMs: number;
  webhookTimeoutMs: number;
}

const channelSchema = z.object({
  channelId: z.string().min(1),
  channelSecret: z.string().min(1),
  channelAccessToken: z.string().min(1),
  botUserId: z.string().min(1),
  webhookUrl: z.url(),
  displayName: z.string().min(1).optional(),
  basicId: z.string().min(1).optional(),
  pictureUrl: z.url().optional(),
  monthlyQuota: z.number().int().min(0).optional(),
  /** Fault injection: a lower multicast rate limit than LINE's 200 a second, to hit it on purpose. */
  multicastPerSecond: z.number().int().min(1).optional(),
});

const userSchema = z.object({
  userId: z.string().min(1).optional(),
  displayName: z.string().min(1),
  pictureUrl: z.url().optional(),
  statusMessage: z.string().optional(),
  language: z.string().optional(),
  isFriend: z.boolean().optional(),
});

const customerMessageSchema = z
  .object({
    userId: z.string().min(1),
    text: z.string().min(1).max(5000).optional(),
    /** An image instead of text: base64 bytes, served later by the data API content endpoint. */
    image: z
      .object({
        dataBase64: z.string().min(1),
        contentType: z.string().default('image/jpeg'),
        /** Several photos sent at once: LINE's imageSet (one event per photo, same id). */
        imageSet: z
          .object({ id: z.string().min(1), index: z.number().int().min(1), total: z.number().int().min(1) })
          .optional(),
      })
      .optional(),
    /** Send in a group chat instead of 1:1. */
    groupId: z.string().min(1).optional(),
    /** Quote an earlier message (LINE's quote reply). */
    quotedMessageId: z.string().min(1).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.image === undefined), { message: 'give exactly one of text, image' });

/** Many customers typing at their own moments: a live sale as LINE's side sees it. */
const burstSchema = z.object({
  messages: z
    .array(
      z.object({
        userId: z.string().min(1),
        text: z.string().min(1).max(5000),
        /** When this customer sends, in milliseconds after the request arrives. */
        afterMs: z.number().int().min(0).max(60_000),
      }),
    )
    .min(1)
    .max(10_000),
});

const rawEventSchema = z.looseObject({ type: z.string().min(1) });
const eventsBodySchema = z.union([
  z.object({ events: z.array(rawEventSchema).min(1) }),
  z.array(rawEventSchema).min(1),
  rawEventSchema,
]);

function bad(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({ message: 'Invalid sandbox request', issues: z.treeifyError(error) });
}

function noChannel(reply: FastifyReply): FastifyReply {
  return reply.code(404).send({ message: 'Unknown channel' });
}

function publicChannel(ch: SandboxChannel) {
  return {
    channelId: ch.channelId,
    botUserId: ch.botUserId,
    webhookUrl: ch.webhookUrl,
    displayName: ch.displayName,
    basicId: ch.basicId,
    monthlyQuota: ch.monthlyQuota ?? null,
  };
}

export function registerControlRoutes(app: FastifyInstance, store: SandboxStore, opts: ControlOptions): void {
  const deliver = (channel: SandboxChannel, events: WebhookEvent[], isRedelivery = false) =>
    deliverWebhook(store, channel, events, { isRedelivery, timeoutMs: opts.webhookTimeoutMs });

  const ensureUser = (userId: string): SandboxUser => {
    let user = store.users.get(userId);
    if (!user) {
      user = { userId, displayName: `LINE 使用者 ${userId.slice(1, 5)}` };
      store.users.set(userId, user);
    }
    return user;
  };

  app.post('/_sandbox/channels', async (request, reply) => {
    const parsed = channelSchema.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const { displayName, basicId, pictureUrl, monthlyQuota, multicastPerSecond, ...rest } = parsed.data;
    const channel = store.upsertChannel({
      ...rest,
      displayName: displayName ?? `Sandbox ${rest.channelId}`,
      basicId:
        basicId ??
        `@${
          rest.channelId
            .toLowerCase()
            .replace(/[^a-z0-9]/g, '')
            .slice(0, 8) || 'sandbox'
        }`,
      ...(pictureUrl !== undefined ? { pictureUrl } : {}),
      ...(monthlyQuota !== undefined ? { monthlyQuota } : {}),
      ...(multicastPerSecond !== undefined ? { multicastPerSecond } : {}),
    });
    return publicChannel(channel);
  });

  app.get('/_sandbox/channels', async () => [...store.channels.values()].map(publicChannel));

  app.post('/_sandbox/users', async (request, reply) => {
    const parsed = userSchema.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const user: SandboxUser = { ...parsed.data, userId: parsed.data.userId ?? newUserId() };
    store.users.set(user.userId, user);
    return reply.code(201).send(user);
  });

  app.get('/_sandbox/users', async () => [...store.users.values()]);

  /** A 1:1 (or group) text message as LINE receives it: the event, stored for redelivery, its reply token live. */
  const textFrom = (channel: SandboxChannel, source: EventSource, text: string, quotedMessageId?: string) => {
    const raw = textMessageEvent(source, text, quotedMessageId ? { quotedMessageId } : {});
    return record(channel, raw);
  };
  const record = (channel: SandboxChannel, raw: WebhookEvent) => {
    const completed = completeEvent(raw, { store, channel, replyTokenTtlMs: opts.replyTokenTtlMs });
    store.events.set(String(completed.event.webhookEventId), {
      channelId: channel.channelId,
      event: completed.event,
      at: new Date().toISOString(),
    });
    return completed;
  };

  // a customer sends a message: build the event, sign, deliver
  app.post<{ Params: { channelId: string } }>('/_sandbox/channels/:channelId/messages', async (request, reply) => {
    const channel = store.channels.get(request.params.channelId);
    if (!channel) return noChannel(reply);
    const parsed = customerMessageSchema.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const { userId, text, image, groupId, quotedMessageId } = parsed.data;
    ensureUser(userId);
    const source: EventSource = groupId ? { type: 'group', groupId, userId } : { type: 'user', userId };

    let completed;
    if (image) {
      const messageId = newMessageId();
      store.contents.set(messageId, {
        channelId: channel.channelId,
        contentType: image.contentType,
        data: Buffer.from(image.dataBase64, 'base64'),
      });
      completed = record(channel, imageMessageEvent(source, messageId, image.imageSet));
    } else {
      completed = textFrom(channel, source, text!, quotedMessageId);
    }
    const { event, replyToken } = completed;
    const delivery = await deliver(channel, [event]);
    const message = event.message as { id: string; quoteToken?: string };
    return {
      webhookEventId: event.webhookEventId,
      replyToken,
      messageId: message.id,
      quoteToken: message.quoteToken,
      status: delivery.status,
      ...(delivery.error !== undefined ? { error: delivery.error } : {}),
    };
  });

  // A live sale: each customer's message is made at its moment and delivered as its own
  // webhook, as LINE would; one request instead of one per phone, so that what stands in for
  // the customers costs this machine little. Answered once every delivery has its answer.
  app.post<{ Params: { channelId: string } }>('/_sandbox/channels/:channelId/bursts', async (request, reply) => {
    const channel = store.channels.get(request.params.channelId);
    if (!channel) return noChannel(reply);
    const parsed = burstSchema.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const sent = await Promise.all(
      parsed.data.messages.map(
        ({ userId, text, afterMs }) =>
          new Promise<{ userId: string; webhookEventId: string; timestamp: number; status: number; error?: string }>(
            (resolve) =>
              setTimeout(() => {
                ensureUser(userId);
                const { event } = textFrom(channel, { type: 'user', userId }, text);
                void deliver(channel, [event]).then((delivery) =>
                  resolve({
                    userId,
                    webhookEventId: String(event.webhookEventId),
                    timestamp: Number(event.timestamp),
                    status: delivery.status,
                    ...(delivery.error !== undefined ? { error: delivery.error } : {}),
                  }),
                );
              }, afterMs),
          ),
      ),
    );
    return { sent };
  });

  // any events (follow, unfollow, postback, …): defaults filled in, delivered in one request
  app.post<{ Params: { channelId: string } }>('/_sandbox/channels/:channelId/events', async (request, reply) => {
    const channel = store.channels.get(request.params.channelId);
    if (!channel) return noChannel(reply);
    const parsed = eventsBodySchema.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const raws = Array.isArray(parsed.data)
      ? parsed.data
      : 'events' in parsed.data && Array.isArray(parsed.data.events)
        ? parsed.data.events
        : [parsed.data];
    const completed = raws.map((raw) => record(channel, raw as WebhookEvent));
    for (const c of completed) {
      const userId = (c.event.source as { userId?: unknown } | undefined)?.userId;
      if (typeof userId === 'string') ensureUser(userId);
    }
    const delivery = await deliver(
      channel,
      completed.map((c) => c.event),
    );
    return {
      webhookEventIds: completed.map((c) => c.event.webhookEventId),
      replyTokens: completed.map((c) => c.replyToken ?? null),
      events: completed.map((c) => c.event),
      status: delivery.status,
      ...(delivery.error !== undefined ? { error: delivery.error } : {}),
    };
  });

  // the console's "Verify" button
  app.post<{ Params: { channelId: string } }>('/_sandbox/channels/:channelId/verify', async (request, reply) => {
    const channel = store.channels.get(request.params.channelId);
    if (!channel) return noChannel(reply);
    const delivery = await deliver(channel, []);
    return {
      success: delivery.status >= 200 && delivery.status < 300,
      status: delivery.status,
      ...(delivery.error !== undefined ? { error: delivery.error } : {}),
    };
  });

  // LINE's redelivery: the same event, isRedelivery true, signed again
  app.post<{ Params: { webhookEventId: string } }>(
    '/_sandbox/deliveries/:webhookEventId/redeliver',
    async (request, reply) => {
      const stored = store.events.get(request.params.webhookEventId);
      if (!stored) return reply.code(404).send({ message: 'Unknown webhookEventId' });
      const channel = store.channels.get(stored.channelId);
      if (!channel) return noChannel(reply);
      const event: WebhookEvent = { ...stored.event, deliveryContext: { isRedelivery: true } };
      const delivery = await deliver(channel, [event], true);
      return {
        webhookEventId: event.webhookEventId,
        status: delivery.status,
        ...(delivery.error !== undefined ? { error: delivery.error } : {}),
      };
    },
  );
}
