/**
 * Reads a customer's LINE message as a command, or says it is none (null).
 *
 * A command is the whole message; anything else is chat and must be ignored silently, so
 * the parser rejects rather than guesses. Accepted today:
 *   +N          order N of the shop's newest public product
 *   CODE+N      order N of the product with that code
 * with N = 1..99, optional spaces around '+', e.g. '260108001 +2', '+ 1'.
 *
 * Normalisation, in order:
 * 1. Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are removed wherever they are:
 *    LINE clients and copy-paste insert them, and they are invisible to the customer.
 *    Other invisible characters (e.g. U+200E) are not removed, so they make it no command.
 * 2. Surrounding white space (including U+3000 and line breaks) is trimmed.
 * 3. More than 64 characters is no command; checked before any further work.
 * 4. NFKC: full-width digits, '＋', '﹢' and U+3000 become half-width. NFKC also folds
 *    '①' and '¹' to '1'; those are accepted too.
 * Inside the message only plain spaces may separate the parts: a tab or a line break inside
 * means the message is not a single command.
 *
 * Decisions:
 * - N is one or two digits, so '+01' is 1 (a padded 1 means nothing else) but '+001',
 *   '+0', '+100', '+1.5' and '+-1' are no command.
 * - CODE is 1..12 digits, not only the 9-10 of a real product code: '2025001+1' returns
 *   { type: 'code', code: '2025001' } so the shop can answer "找不到商品代碼 2025001"
 *   instead of ignoring a customer who meant to order. This makes '1+1' an order for code
 *   '1' as well; the reply names the code, so the customer sees what was understood.
 *   13+ digits is no command.
 * - Trailing punctuation ('+1。', '+1!') and words ('我要+1', '+1 謝謝') are no command yet.
 * - Messages longer than LINE's 5000-character text limit are rejected before trimming.
 */

export const MAX_ORDER_QUANTITY = 99;
export const MAX_COMMAND_LENGTH = 64;

/** LINE text messages are at most 5000 characters; longer input did not come from one. */
const MAX_MESSAGE_LENGTH = 5000;
const ZERO_WIDTH_CHARACTERS = /[\u200B-\u200D\u2060\uFEFF]/g;
const ORDER_COMMAND = /^([0-9]{1,12})? *\+ *([0-9]{1,2})$/;

export type OrderTarget = { type: 'newest' } | { type: 'code'; code: string };

/**
 * What a customer's message asks for. 'order' buys now (已購買); 'reserve' (幫我留) holds
 * stock in 未購入 for the shop's hold window; 'history' (【履歷】) lists recent orders.
 */
export type ChatCommand =
  | { kind: 'order'; target: OrderTarget; quantity: number }
  | { kind: 'reserve'; target: OrderTarget; quantity: number }
  | { kind: 'history' };
export type StockCommand = Extract<ChatCommand, { kind: 'order' | 'reserve' }>;

/**
 * The message as the parser sees it (steps 1, 2 and 4 above), or null when it is longer
 * than a command can be. Exported so later command kinds share the same rules.
 */
export function normalizeCommandText(text: string): string | null {
  if (typeof text !== 'string' || text.length > MAX_MESSAGE_LENGTH) return null;
  const trimmed = text.replace(ZERO_WIDTH_CHARACTERS, '').trim();
  if (trimmed.length > MAX_COMMAND_LENGTH) return null;
  return trimmed.normalize('NFKC').trim();
}

export function parseChatCommand(text: string): ChatCommand | null {
  const normalized = normalizeCommandText(text);
  if (normalized === null) return null;
  const match = ORDER_COMMAND.exec(normalized);
  const quantityDigits = match?.[2];
  if (!match || quantityDigits === undefined) return null;
  const quantity = Number(quantityDigits);
  if (quantity < 1 || quantity > MAX_ORDER_QUANTITY) return null;
  const code = match[1];
  return {
    kind: 'order',
    target: code === undefined ? { type: 'newest' } : { type: 'code', code },
    quantity,
  };
}
