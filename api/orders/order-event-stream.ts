import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrderChangeEvent, OrderChangeListener } from './order-change-listener.ts';

/** Open order streams one session (or customer) may hold: a few tabs, not an unbounded number of sockets. */
export const MAX_STREAMS_PER_SESSION = 6;
export const SSE_HEARTBEAT_MS = 15_000;

export type StreamSend = (event: string, data: unknown) => void;

/**
 * Server-Sent Events about a shop's orders, for every live page (the admin's order list, the
 * kitchen board, a customer's order page): `ready` once listening, what `onOrder` sends for each
 * committed change, `resync` after the server may have missed some, a comment heartbeat. Streams
 * end when the server closes; each holder (a session, a customer) may keep only a few open.
 */
export function orderEventStreams(
  app: FastifyInstance,
  listener: OrderChangeListener,
  heartbeatMs: number = SSE_HEARTBEAT_MS,
) {
  const openStreams = new Set<() => void>();
  const streamsPerHolder = new Map<string, number>();
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });

  return async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    stream: {
      tenantId: string;
      holder: string;
      onOrder: (event: Extract<OrderChangeEvent, { type: 'order' }>, send: StreamSend) => void | Promise<void>;
    },
  ): Promise<void> {
    const { holder } = stream;
    const open = streamsPerHolder.get(holder) ?? 0;
    if (open >= MAX_STREAMS_PER_SESSION) {
      await reply.code(429).send({
        code: 'too_many_streams',
        message: `同一個登入最多同時開 ${MAX_STREAMS_PER_SESSION} 個即時更新的頁面；請關掉其他分頁後重新整理。`,
      });
      return;
    }
    streamsPerHolder.set(holder, open + 1);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      'x-accel-buffering': 'no',
    });
    // Tell EventSource to retry after 3 s when the connection drops.
    res.write('retry: 3000\n\n');

    let ended = false;
    let unsubscribe: (() => void) | null = null;
    let heartbeat: NodeJS.Timeout | null = null;
    const cleanup = () => {
      if (ended) return;
      ended = true;
      const left = (streamsPerHolder.get(holder) ?? 1) - 1;
      if (left > 0) streamsPerHolder.set(holder, left);
      else streamsPerHolder.delete(holder);
      openStreams.delete(end);
      if (heartbeat) clearInterval(heartbeat);
      unsubscribe?.();
    };
    const end = () => {
      cleanup();
      res.end();
    };
    openStreams.add(end);
    res.on('close', cleanup);
    res.on('error', cleanup);

    const send: StreamSend = (event, data) => {
      if (!ended) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    // `ready` means "listening from here on": sent at once when the listener is connected,
    // otherwise in place of the `resync` that follows its (re)connection.
    let ready = false;
    const sendReady = () => {
      ready = true;
      send('ready', {});
    };
    try {
      unsubscribe = await listener.subscribe(stream.tenantId, (event) => {
        if (event.type === 'order') {
          Promise.resolve(stream.onOrder(event, send)).catch((error: unknown) =>
            request.log.warn({ err: error }, 'order stream could not send a change'),
          );
        } else if (!ready) sendReady();
        else send('resync', {});
      });
    } catch (error) {
      // Only when the server is shutting down: the browser reconnects to the next one.
      request.log.warn({ err: error, tenantId: stream.tenantId }, 'order stream could not subscribe');
      end();
      return;
    }
    if (ended) {
      // The client left while we were subscribing.
      unsubscribe();
      return;
    }
    heartbeat = setInterval(() => {
      if (!ended) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
    }, heartbeatMs);
    if (!ready && listener.isListening()) sendReady();
  };
}
