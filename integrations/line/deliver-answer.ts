import type { LineClient, LineMessage } from './client.ts';
import { LineApiError } from './errors.ts';

/**
 * How an answer reached the customer. 'skipped_blocked': they blocked the shop, nothing sent.
 * 'reply_unconfirmed': an earlier try with the reply token may have got through before a
 * crash, and LINE no longer takes the token; it is not pushed again, so as never to answer twice.
 */
export type Delivery = 'reply' | 'push' | 'push_duplicate' | 'skipped_blocked' | 'reply_unconfirmed';

/**
 * Answers with the reply token (free) when there is one and `replyFirst`, otherwise, or when
 * LINE no longer takes the token, by push with `retryKey`, which LINE accepts once, so a retry
 * never sends twice. LINE's errors are thrown as they are (LineApiError).
 */
export async function deliverAnswer(
  line: LineClient,
  answer: { to: string; replyToken: string | null; messages: LineMessage[]; retryKey: string },
  options: {
    replyFirst: boolean;
    replyTriedBefore?: boolean;
    pushWhenReplyFails?: boolean;
    mayPush: () => Promise<boolean>;
    onTokenRefused?: () => void;
  },
): Promise<Delivery> {
  if (answer.replyToken && options.replyFirst) {
    try {
      await line.reply(answer.replyToken, answer.messages);
      return 'reply';
    } catch (error) {
      const tokenRefused = error instanceof LineApiError && error.isInvalidReplyToken;
      if (tokenRefused && options.replyTriedBefore) return 'reply_unconfirmed';
      // A failed reply is not tried again (it may have got through): the retry pushes, as an activity's would.
      if (!tokenRefused && !options.pushWhenReplyFails) throw error;
      options.onTokenRefused?.();
    }
  }
  if (!(await options.mayPush())) return 'skipped_blocked';
  return (await line.push(answer.to, answer.messages, answer.retryKey)) === 'duplicate' ? 'push_duplicate' : 'push';
}

/** A text message with optional postback quick-reply buttons. */
export function textWithQuickReply(
  text: string,
  quickReply?: { label: string; data: string; displayText?: string | undefined }[],
): LineMessage {
  return {
    type: 'text',
    text,
    ...(quickReply
      ? {
          quickReply: {
            items: quickReply.map((button) => ({
              type: 'action' as const,
              action: {
                type: 'postback' as const,
                label: button.label,
                data: button.data,
                ...(button.displayText ? { displayText: button.displayText } : {}),
              },
            })),
          },
        }
      : {}),
  };
}

/**
 * Runs a bookkeeping write after the message went out, retrying here: failing the activity
 * would make Temporal retry it, and a reply already delivered would go out again by push
 * (a dropped database connection, as the chaos run's pg_terminate_backend, did exactly that:
 * the workflow or the activity's retry pushed an answer the customer already had).
 */
export async function afterSent(write: () => Promise<void>, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
