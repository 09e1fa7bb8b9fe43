import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue.ts';

/** A promise the test settles by hand, to hold a step at its await. */
function gate<T = void>() {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SerialQueue', () => {
  it('starts a step only after the one queued before it has finished, even a slower one', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const first = gate();
    const a = queue.run(async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = queue.run(async () => {
      log.push('b start');
      return 'b';
    });
    await settle();
    expect(log).toEqual(['a start']);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start']);
  });

  it('runs a step queued from inside a running step after it, behind what was already queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let inner: Promise<void> | undefined;
    const outer = queue.run(async () => {
      log.push('outer');
      inner = queue.run(async () => {
        log.push('inner');
      });
    });
    const queuedEarlier = queue.run(async () => {
      log.push('queued earlier');
    });
    await Promise.all([outer, queuedEarlier]);
    await inner;
    expect(log).toEqual(['outer', 'queued earlier', 'inner']);
  });

  it('rejects only the failing step’s run; the steps behind it still run, in order', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const failing = queue.run(async () => {
      log.push('failing');
      throw new Error('refused');
    });
    const next = queue.run(async () => {
      log.push('next');
      return 2;
    });
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toBe(2);
    expect(log).toEqual(['failing', 'next']);
  });

  it('waits for a failing step to settle before the next starts', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const held = gate();
    const failing = queue.run(async () => {
      await held.promise;
      log.push('failed');
    });
    const next = queue.run(async () => {
      log.push('next');
    });
    await settle();
    expect(log).toEqual([]);
    held.fail(new Error('activity failed'));
    await expect(failing).rejects.toThrow('activity failed');
    await next;
    expect(log).toEqual(['next']);
  });

  it('is idle only when nothing is queued or running, whether steps succeed or fail', async () => {
    const queue = new SerialQueue();
    expect(queue.idle()).toBe(true);
    const held = gate();
    const a = queue.run(() => held.promise);
    const b = queue.run(async () => {
      throw new Error('no');
    });
    expect(queue.idle()).toBe(false);
    held.open();
    await a;
    await b.catch(() => undefined);
    await settle();
    expect(queue.idle()).toBe(true);
  });
});
