/**
 * LINE's per-channel rate limits for the endpoints the sandbox enforces them on, in requests per
 * second (LINE's "Rate limits" table: multicast 200/s). Over the limit LINE answers 429 with
 * "The API rate limit has been exceeded. Try again later." — not the monthly-quota 429.
 */
export const RATE_LIMITS = { multicast: 200 } as const;

/** A sliding one-second window of request times per key (channel and endpoint). */
export class RateWindow {
  readonly #hits = new Map<string, number[]>();

  /** Counts a request at `now` unless `perSecond` were already made in the second before it. */
  take(key: string, perSecond: number, now: number): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > now - 1000);
    const allowed = recent.length < perSecond;
    if (allowed) recent.push(now);
    this.#hits.set(key, recent);
    return allowed;
  }

  clear(): void {
    this.#hits.clear();
  }
}
