import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/**
 * The refusal of an Update for an order this workflow never placed (sold out, unknown
 * product, or still being placed). Callers treat `no_order` as "nothing to change"; the
 * admin page shows `message`.
 */
export function noOrderFailure(message = '這筆訊息沒有成立訂單'): ApplicationFailure {
  return ApplicationFailure.create({ type: 'no_order', message, nonRetryable: true });
}

/** The database's refusal (a non-retryable ApplicationFailure from an activity), if that is what `error` is. */
export function refusalOf(error: unknown): ApplicationFailure | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
    const { type, message } = error.cause;
    return ApplicationFailure.create({ type: type ?? undefined, message, nonRetryable: true });
  }
  return null;
}
