import type { Db } from './client.ts';

/**
 * Fixed-window rate limits kept in PostgreSQL (table rate_limit_buckets). In the database, not
 * in memory, because the limit has to hold across every server process and survive a restart:
 * an attacker must not get a fresh allowance by reaching another instance or waiting for a
 * deploy. The cost is one upsert per attempt, which only sign-in and account creation pay.
 *
 * Each attempt is counted before the password is checked (so parallel guesses cannot slip
 * through together), then a success gives its count back.
 */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  resetAt: Date;
  /** Whole seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  consume(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /** Gives one attempt back (a successful sign-in). */
  refund(key: string): Promise<void>;
  /** Forgets the key (the account signed in: its failures no longer count). */
  reset(key: string): Promise<void>;
}

export function createRateLimiter(db: Db): RateLimiter {
  let calls = 0;
  return {
    async consume(key, limit, windowMs) {
      const now = new Date();
      const next = new Date(now.getTime() + windowMs);
      const rows = await db.$queryRaw<{ count: number; reset_at: Date }[]>`
        INSERT INTO rate_limit_buckets (key, count, reset_at) VALUES (${key}, 1, ${next})
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limit_buckets.reset_at <= ${now} THEN 1 ELSE rate_limit_buckets.count + 1 END,
          reset_at = CASE WHEN rate_limit_buckets.reset_at <= ${now} THEN ${next} ELSE rate_limit_buckets.reset_at END
        RETURNING count, reset_at`;
      const row = rows[0]!;
      // Now and then, drop windows that ended long ago.
      if (++calls % 50 === 0) {
        await db.$executeRaw`DELETE FROM rate_limit_buckets WHERE reset_at < ${new Date(now.getTime() - 3_600_000)}`;
      }
      const resetAt = new Date(row.reset_at);
      return {
        allowed: row.count <= limit,
        count: row.count,
        resetAt,
        retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)),
      };
    },
    async refund(key) {
      await db.$executeRaw`UPDATE rate_limit_buckets SET count = GREATEST(count - 1, 0) WHERE key = ${key}`;
    },
    async reset(key) {
      await db.$executeRaw`DELETE FROM rate_limit_buckets WHERE key = ${key}`;
    },
  };
}
