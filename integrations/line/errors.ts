import { HTTPFetchError } from '@line/bot-sdk';

/** LINE's error body: `{ message, details?: [{ message?, property? }], sentMessages? }`. */
export interface LineErrorDetail {
  message?: string;
  property?: string;
}

/** The exact messages LINE answers with (Messaging API reference; retrying-api-request). */
export const LINE_INVALID_REPLY_TOKEN = 'Invalid reply token';
export const LINE_MONTHLY_LIMIT = 'You have reached your monthly limit.';
export const LINE_RETRY_KEY_ACCEPTED = 'The retry key is already accepted';

/**
 * A failed call to the LINE platform. `status` is the HTTP status, or 0 when no response came
 * back (connection refused/reset, socket destroyed, DNS): then LINE may or may not have acted.
 */
export class LineApiError extends Error {
  override readonly name = 'LineApiError';
  readonly status: number;
  readonly lineMessage: string | undefined;
  readonly details: LineErrorDetail[];
  /** `x-line-request-id` of the failed request, when LINE answered. */
  readonly requestId: string | undefined;
  /** `x-line-accepted-request-id` (409 on a retry key already accepted). */
  readonly acceptedRequestId: string | undefined;
  /** The raw response body (truncated), for logs. */
  readonly body: string | undefined;

  constructor(init: {
    status: number;
    lineMessage?: string | undefined;
    details?: LineErrorDetail[];
    requestId?: string | undefined;
    acceptedRequestId?: string | undefined;
    body?: string | undefined;
    cause?: unknown;
  }) {
    const what = init.status === 0 ? 'network error' : `HTTP ${init.status}`;
    const detail = init.lineMessage ?? (init.cause instanceof Error ? init.cause.message : undefined);
    super(`LINE API ${what}${detail ? `: ${detail}` : ''}`, { cause: init.cause });
    this.status = init.status;
    this.lineMessage = init.lineMessage;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
    this.acceptedRequestId = init.acceptedRequestId;
    this.body = init.body;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }

  /** The reply token expired (~1 min), was already used, or never existed: fall back to push. */
  get isInvalidReplyToken(): boolean {
    return this.status === 400 && this.lineMessage === LINE_INVALID_REPLY_TOKEN;
  }

  /** 429 "You have reached your monthly limit.": no retry helps until the quota resets. */
  get isQuotaExceeded(): boolean {
    return this.status === 429 && this.lineMessage === LINE_MONTHLY_LIMIT;
  }

  /** Rate limiting (429 other than the monthly quota), 5xx and network errors. */
  get isRetryable(): boolean {
    if (this.isNetworkError || this.status >= 500) return true;
    return this.status === 429 && !this.isQuotaExceeded;
  }
}

function parseBody(body: string): { message?: string; details?: LineErrorDetail[] } {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === 'object') {
      const { message, details } = json as { message?: unknown; details?: unknown };
      return {
        ...(typeof message === 'string' ? { message } : {}),
        ...(Array.isArray(details) ? { details: details as LineErrorDetail[] } : {}),
      };
    }
  } catch {
    // not JSON (a proxy's HTML page, an empty body): keep the raw text only
  }
  return {};
}

/** Convert whatever the SDK threw into a `LineApiError` (already-converted errors pass through). */
export function toLineApiError(err: unknown): LineApiError {
  if (err instanceof LineApiError) return err;
  if (err instanceof HTTPFetchError) {
    const parsed = parseBody(err.body);
    return new LineApiError({
      status: err.status,
      lineMessage: parsed.message,
      details: parsed.details ?? [],
      requestId: err.headers.get('x-line-request-id') ?? undefined,
      acceptedRequestId: err.headers.get('x-line-accepted-request-id') ?? undefined,
      body: err.body.slice(0, 2000),
      cause: err,
    });
  }
  // global fetch rejects with TypeError('fetch failed', { cause }) when no response arrives
  return new LineApiError({ status: 0, cause: err });
}
