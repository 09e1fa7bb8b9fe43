import { ApplicationFailure } from '@temporalio/activity';
import type { LineRefusalType } from '../domain/line-chat/line-refusals.ts';
import { LineApiError } from '../integrations/line/client.ts';

/**
 * LINE's final answers as non-retryable failures the merchant can read: the monthly quota, a
 * revoked channel token, and every other 4xx except rate limiting (a bad `to`, a blocked user).
 * Network errors, 429 and 5xx are not refusals: they come back null and the activity is retried.
 */
export function lineRefusal(error: unknown): ApplicationFailure | null {
  const refuse = (message: string, type: LineRefusalType) => ApplicationFailure.nonRetryable(message, type);
  if (!(error instanceof LineApiError) || error.isRetryable) return null;
  if (error.isQuotaExceeded) {
    return refuse(
      '本月的 LINE 推播訊息額度已用完，訊息沒有送出；請到 LINE 官方帳號後台調整方案，或下個月再傳',
      'line_quota_exceeded',
    );
  }
  if (error.status === 401) {
    return refuse(
      'LINE 不接受本店的 Channel access token（可能已重新發行或撤銷），請到「LINE 設定」重新連接',
      'line_token_revoked',
    );
  }
  if (error.status >= 400 && error.status < 500) {
    return refuse(
      `LINE 拒絕了這則訊息（HTTP ${error.status}${error.lineMessage ? `：${error.lineMessage}` : ''}）`,
      'line_refused',
    );
  }
  return null;
}
