import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce.ts';

afterEach(() => vi.useRealTimers());

describe('coalesce', () => {
  it('runs once for calls a moment apart, and again for the next ones', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const read = coalesce(150, run);
    read.soon();
    vi.advanceTimersByTime(100);
    read.soon();
    read.soon();
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(1);
    read.soon();
    vi.advanceTimersByTime(150);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('drops a run not yet made when cancelled', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const read = coalesce(150, run);
    read.soon();
    read.cancel();
    vi.advanceTimersByTime(500);
    expect(run).not.toHaveBeenCalled();
  });
});
