import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

/**
 * Preloaded into the bench's API servers (`--import`): how long each webhook took inside the
 * server (request read to answer written) and how late the server's event loop ran from the
 * first webhook on, written to BENCH_PROBE_DIR when the server exits. The LINE sandbox's own
 * timing of a delivery also holds its wait for CPU on the machine both share; this is ours alone.
 */
const dir = process.env.BENCH_PROBE_DIR;
// Preloads run in worker threads too; the webhook is served by the main one.
if (dir && isMainThread) {
  const webhookMs: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (request.url?.endsWith('/webhook')) {
        if (webhookMs.length === 0) loop.enable();
        const started = performance.now();
        response.once('finish', () => webhookMs.push(performance.now() - started));
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
  process.once('exit', () => {
    const eventLoopDelayMs = loop.count
      ? { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }
      : null;
    writeFileSync(join(dir, `api-${process.pid}.json`), JSON.stringify({ webhookMs, eventLoopDelayMs }));
  });
}
