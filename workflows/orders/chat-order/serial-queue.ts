/**
 * Runs steps one at a time, in the order they were queued: inside a workflow that is the
 * order the workflow accepted its changes in, so it is the same on every replay. A step that
 * fails rejects its own run and nothing else; the steps behind it still run.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `step` after every step queued before it has settled; its result is the step's. */
  run<T>(step: () => Promise<T>): Promise<T> {
    this.pending += 1;
    const run = this.tail.then(step);
    this.tail = run.catch(() => undefined);
    const done = () => {
      this.pending -= 1;
    };
    run.then(done, done);
    return run;
  }

  /** Nothing queued or running. */
  idle(): boolean {
    return this.pending === 0;
  }
}
