/** Runs `task` for every item with at most `limit` in flight. */
export async function mapConcurrent<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** At most `limit` background tasks at once: wait() until there is room, drain() until none. */
export function inFlight(limit: number) {
  const running = new Set<Promise<unknown>>();
  return {
    add(task: Promise<unknown>) {
      running.add(task);
      void task.finally(() => running.delete(task));
    },
    async wait() {
      while (running.size >= limit) await Promise.race(running);
    },
    async drain() {
      while (running.size > 0) await Promise.race(running);
    },
  };
}
