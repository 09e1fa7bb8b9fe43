/**
 * What the chaos runs share: `npm run chaos` (scripts/chaos.ts) and the short one in the suite
 * (test/e2e/chaos/short-chaos.test.ts) kill, redeliver and draw "random" moments the same way.
 */

/** A seeded generator (LCG) in [0, 1), so a failing run can be replayed as it was. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Terminates every PostgreSQL backend of the app's database except the caller's own. */
export async function terminateAppBackends(db: { $executeRawUnsafe(sql: string): Promise<number> }): Promise<void> {
  await db.$executeRawUnsafe(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
}

/**
 * As LINE does: a delivery our server did not answer 200 (a dead API answers nothing) is
 * delivered again, until accepted or the attempts run out. Returns whether it was accepted.
 */
export async function deliverUntilAccepted(
  status: number,
  redeliverOnce: () => Promise<number>,
  { attempts, gapMs }: { attempts: number; gapMs: number },
): Promise<boolean> {
  for (let attempt = 0; status !== 200 && attempt < attempts; attempt += 1) {
    await pause(gapMs);
    status = await redeliverOnce().catch(() => 0);
  }
  return status === 200;
}
