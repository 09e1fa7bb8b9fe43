import { describe, expect, it } from 'vitest';
import { createWebhookBudget } from './webhook-budget.ts';

describe('createWebhookBudget', () => {
  const clock = () => {
    let t = 0;
    return { now: () => t, advance: (ms: number) => void (t += ms) };
  };

  it('lets a shop spend its burst, then answers how long to wait until it has refilled', () => {
    const c = clock();
    const budget = createWebhookBudget({ msPerSecond: 100, burstMs: 500, now: c.now });
    for (let i = 0; i < 5; i++) {
      expect(budget.retryAfterSeconds('a')).toBe(0);
      budget.charge('a', 100);
    }
    expect(budget.retryAfterSeconds('a')).toBe(1);
    c.advance(5);
    expect(budget.retryAfterSeconds('a')).toBe(0);
    budget.charge('a', 300); // one costly delivery leaves a debt of 3 s at 100 ms/s
    expect(budget.retryAfterSeconds('a')).toBe(3);
    c.advance(2_000);
    expect(budget.retryAfterSeconds('a')).toBe(1);
    c.advance(1_100);
    expect(budget.retryAfterSeconds('a')).toBe(0);
  });

  it("keeps each shop's bucket apart and never refills above the burst", () => {
    const c = clock();
    const budget = createWebhookBudget({ msPerSecond: 100, burstMs: 500, now: c.now });
    budget.charge('a', 600);
    expect(budget.retryAfterSeconds('a')).toBeGreaterThan(0);
    expect(budget.retryAfterSeconds('b')).toBe(0);
    c.advance(60_000);
    budget.charge('a', 501);
    expect(budget.retryAfterSeconds('a')).toBe(1);
  });
});
