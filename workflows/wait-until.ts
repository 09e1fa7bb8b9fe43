import { condition } from '@temporalio/workflow';

/** Waits for `done` until the instant `atMs`; true when it came true first. */
export async function waitUntil(done: () => boolean, atMs: number): Promise<boolean> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const ms = atMs - Date.now();
  if (ms <= 0) return done();
  return condition(done, ms);
}
