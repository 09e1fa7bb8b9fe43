import { describe, expect, it } from 'vitest';
import { afterSent } from './deliver-answer.ts';

/**
 * The chaos run found customers answered twice: the reply went out, the write recording it
 * hit a terminated database connection, and the activity's retry (or the order's workflow) pushed it
 * again. The write after a send is retried in place instead.
 */
describe('afterSent', () => {
  it('retries a write that fails on a dropped connection, so the send is not retried', async () => {
    let calls = 0;
    await afterSent(async () => {
      calls += 1;
      if (calls < 3) throw new Error('Connection terminated unexpectedly');
    });
    expect(calls).toBe(3);
  });

  it('gives up after its attempts, with the last error', async () => {
    let calls = 0;
    await expect(
      afterSent(async () => {
        calls += 1;
        throw new Error(`down ${calls}`);
      }, 2),
    ).rejects.toThrow('down 2');
    expect(calls).toBe(2);
  });
});
