import { describe, expect, it } from 'vitest';
import { nextChimeStart } from './chime.ts';

describe('nextChimeStart', () => {
  it('rings at once when nothing is playing', () => {
    expect(nextChimeStart(10, 0)).toBeCloseTo(10.01);
    expect(nextChimeStart(10, 9.9)).toBeCloseTo(10.01);
  });

  it('lets one chime wait for the one playing and folds the rest of a burst into it', () => {
    let endAt = 0;
    const rung: number[] = [];
    // 300 orders arriving over one second
    for (let i = 0; i < 300; i += 1) {
      const now = i / 300;
      const start = nextChimeStart(now, endAt);
      if (start === null) continue;
      rung.push(start);
      endAt = start + 0.5;
    }
    // back to back while orders keep coming, never on top of each other, and one more at most
    expect(rung.map((t) => Math.round(t * 100) / 100)).toEqual([0.01, 0.51, 1.01, 1.51]);
  });

  it('rings twice on a clock that stands still (a page whose audio has not started yet)', () => {
    const first = nextChimeStart(0, 0)!;
    const second = nextChimeStart(0, first + 0.5);
    expect(second).toBeCloseTo(0.51);
    expect(nextChimeStart(0, second! + 0.5)).toBeNull();
  });
});
