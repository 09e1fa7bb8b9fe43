/**
 * Runs `run` once, `ms` after the first of any number of `soon()` calls: changes a moment apart
 * (a batch of orders) are read once. `cancel()` drops a run not yet made.
 */
export function coalesce(ms: number, run: () => void): { soon(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    soon() {
      timer ??= setTimeout(() => {
        timer = null;
        run();
      }, ms);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
