import { readFileSync } from 'node:fs';
import { percentile, round } from './stats.ts';

/**
 * Timing the admin API over real HTTP for the benchmarks: p50/p95/p99 of a GET, and a CSV
 * download streamed to the end while the server's resident memory is sampled.
 */
export function httpTimer(
  base: string,
  headersFor: (path: string) => Record<string, string>,
  say: (line: string) => void,
) {
  const get = (path: string) => fetch(`${base}${path}`, { headers: headersFor(path) });

  async function timeGet(path: string): Promise<{ ms: number; status: number }> {
    const started = performance.now();
    const response = await get(path);
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  }

  /** `runs` timed GETs after 3 to warm up; `path` may differ per run (a random range). */
  async function measure(name: string, runs: number, path: () => string | Promise<string>) {
    for (let i = 0; i < 3; i++) await timeGet(await path());
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const p = await path();
      const r = await timeGet(p);
      if (r.status !== 200) throw new Error(`${name}: HTTP ${r.status} for ${p}`);
      times.push(r.ms);
    }
    const figures = {
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      p99: round(percentile(times, 99)),
    };
    say(`${name.padEnd(34)} p50 ${figures.p50} ms  p95 ${figures.p95} ms  p99 ${figures.p99} ms`);
    return figures;
  }

  /** Streams a download to its end, sampling the resident memory of process `pid` every 10 ms. */
  async function downloadWithMemory(name: string, path: string, pid: number) {
    const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10);
    const started = performance.now();
    const response = await get(path);
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    let bytes = 0;
    let rows = 0;
    for await (const chunk of response.body!) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 0x0a) rows++;
    }
    clearInterval(sampler);
    const result = {
      seconds: round((performance.now() - started) / 1000, 2),
      megabytes: round(bytes / 1048576, 1),
      rows: rows - 1,
      serverRssBeforeMb: round(before),
      serverRssPeakMb: round(peak),
      serverRssGrowthMb: round(peak - before),
    };
    say(`${name}: ${JSON.stringify(result)}`);
    return result;
  }

  return { get, measure, downloadWithMemory };
}
