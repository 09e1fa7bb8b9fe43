import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  patched,
  setCurrentDetails,
  sleep,
  upsertMemo,
} from '@temporalio/workflow';
import { isLineRefusalType } from '../../../domain/line-chat/line-refusals.ts';
import {
  ATTENTION_MEMO_KEY,
  attentionSummary,
  DEFAULT_ATTENTION_AFTER_MINUTES,
  refusedStepReason,
  stuckStepReason,
  type OrderStep,
} from '../../../domain/orders/attention.ts';

/** Orders started before the workflow watched its own steps replay without the watch. */
const ATTENTION_PATCH = 'order-attention';

/** LINE's final refusals (and a shop with no LINE connection): retrying changes nothing. */
function lineRefusalOf(error: unknown): ApplicationFailure | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return null;
  const { type } = error.cause;
  return isLineRefusalType(type) || type === 'line_not_connected' ? error.cause : null;
}

/**
 * Whether an order needs a person, beyond the status a merchant sets: a step still failing
 * after the shop's threshold (it clears itself when the step succeeds) and a LINE answer
 * refused for good (it stays until the merchant next changes the order). The one-line reason
 * shows in the Temporal UI (current details, memo) and in the admin.
 */
export class OrderAttention {
  /** Open problems in the order they arose; `refused` ones wait for the merchant. */
  private readonly problems = new Map<number, { reason: string; refused: boolean }>();
  private nextId = 0;
  readonly enabled: boolean;
  private readonly afterMs: number;
  private readonly onChange: (summary: string | null) => void;

  constructor(afterMs: number | undefined, onChange: (summary: string | null) => void) {
    this.enabled = patched(ATTENTION_PATCH);
    this.afterMs = afterMs ?? DEFAULT_ATTENTION_AFTER_MINUTES * 60_000;
    this.onChange = onChange;
  }

  get needed(): boolean {
    return this.problems.size > 0;
  }

  /** Runs a step; while it is still unfinished after the threshold, the order is flagged. */
  async watch<T>(step: OrderStep, call: () => Promise<T>): Promise<T> {
    if (!this.enabled) return call();
    const id = this.nextId++;
    const alarm = new CancellationScope();
    const ringing = alarm
      .run(async () => {
        await sleep(this.afterMs);
        this.problems.set(id, { reason: stuckStepReason(step, this.afterMs), refused: false });
        this.changed();
      })
      .catch((error: unknown) => {
        if (!isCancellation(error)) throw error;
      });
    try {
      return await call();
    } finally {
      alarm.cancel();
      await ringing;
      if (this.problems.delete(id)) this.changed();
    }
  }

  /**
   * A message through LINE: when LINE refuses it for good the order goes on, flagged with
   * LINE's reason, instead of the workflow failing. False when it was refused.
   */
  async deliver(step: OrderStep, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.watch(step, call);
      return true;
    } catch (error) {
      const refusal = this.enabled ? lineRefusalOf(error) : null;
      if (!refusal) throw error;
      this.problems.set(this.nextId++, { reason: refusedStepReason(step, refusal.message), refused: true });
      this.changed();
      return false;
    }
  }

  /** The merchant changed the order: the refusals shown to them need them no more. */
  acknowledge(): void {
    const seen = [...this.problems].filter(([, problem]) => problem.refused);
    for (const [id] of seen) this.problems.delete(id);
    if (seen.length > 0) this.changed();
  }

  private changed(): void {
    const summary = attentionSummary([...this.problems.values()].map((problem) => problem.reason));
    setCurrentDetails(summary ?? '');
    upsertMemo({ [ATTENTION_MEMO_KEY]: summary });
    this.onChange(summary);
  }
}
