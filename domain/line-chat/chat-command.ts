/**
 * Reads a customer's LINE message as a command, or says it is none (null).
 *
 * A command is the whole message; anything else is chat and must be ignored silently, so
 * the parser rejects rather than guesses ("指令必須是獨立訊息，不能與其他文字混合"). Accepted:
 *
 *   order (buy now, 已購買)
 *     +N                 N of the shop's newest public product        '+1', '＋２', '+ 3'
 *     CODE+N, CODE +N    N of the product with that code             '260108001+2', '260108001 +2'
 *     我要, 要, 來         one of the newest product                   (also simplified 来)
 *     欲しい, お願いします  one of the newest product (Japanese)
 *   reserve (hold the stock in 未購入 for the shop's hold window)
 *     幫我留              one of the newest product
 *     幫我留一個, 幫我留N個 N of the newest product; N is 1..99 in digits, or one Chinese numeral
 *                        一 二 兩 三 四 五 六 七 八 九; the counter may be 個, 个 or 件, or left
 *                        out ('幫我留2'); plain spaces around N are allowed ('幫我留 2 個');
 *                        simplified 帮 and 两 are read as 幫 and 兩
 *   history (the customer's recent orders)
 *     【履歷】, 【購入履歷】, 【history】, the same in [ ] or without brackets, 'history' in any
 *     case; also the Japanese spellings 履歴 / 購入履歴 and the zh-TW phrase 購買紀錄 (記錄),
 *     which is how merchants name the feature ("查看購買紀錄")
 * with N = 1..99. Any command may end in one or more '!', '！', '。' or '｡' (after optional
 * plain spaces): '+1！', '我要。', '【履歷】!'.
 *
 * Normalisation, in order:
 * 1. Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and the direction marks
 *    (U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069) are removed wherever they are:
 *    LINE clients, some keyboards and pasted text insert them, and they are invisible to the
 *    customer, who sees '+1' and means it. Soft hyphens and variation selectors are not
 *    removed: no keyboard adds them to digits, so they make it no command.
 * 2. Surrounding white space (including U+3000 and line breaks) is trimmed.
 * 3. More than 64 characters is no command; checked before any further work.
 * 4. NFKC: full-width digits, letters, '＋', '﹢', '！', '［］' and U+3000 become half-width. NFKC
 *    also folds '①' and '¹' to '1'; those are accepted too.
 * Inside the message only plain spaces may separate the parts: a tab or a line break inside
 * means the message is not a single command.
 *
 * Decisions:
 * - N is one or two digits, so '+01' is 1 (a padded 1 means nothing else) but '+001',
 *   '+0', '+100', '+1.5' and '+-1' are no command. The same holds for 幫我留N個. A customer
 *   who wrote a whole number outside 1..99 ('+0', '+100', '幫我留100個') clearly meant to
 *   order, though: quantityOutOfRange() recognises them, so the shop answers with the limit.
 * - CODE is 1..12 digits, not only the 9-10 of a real product code: '2025001+1' returns
 *   { type: 'code', code: '2025001' } so the shop can answer "找不到商品代碼 2025001"
 *   instead of ignoring a customer who meant to order. This makes '1+1' an order for code
 *   '1' as well; the reply names the code, so the customer sees what was understood.
 *   13+ digits is no command.
 * - Two commands in one message are none: '我要+1', '+1 +1', '要要', '【履歷】+1'.
 * - Words and emoji around a command make it none: '+1 謝謝', '+1🍓', '我要這個', '要嗎'.
 *   Trailing '~', '～' and '.' are not accepted either ('+1.' would read like a decimal).
 * - 我要 / 要 / 來 / 欲しい / お願いします take no number: '我要2個' is chat (the customer may
 *   mean anything); '+2' says it unambiguously. '加一' and '+一' are no command.
 * - Messages longer than LINE's 5000-character text limit are rejected before trimming.
 */

export const MAX_ORDER_QUANTITY = 99;
export const MAX_COMMAND_LENGTH = 64;

/** LINE text messages are at most 5000 characters; longer input did not come from one. */
const MAX_MESSAGE_LENGTH = 5000;
const INVISIBLE_CHARACTERS = /[\u200B-\u200F\u061C\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** '!' (also NFKC of '！'), '。' and '｡' (NFKC folds '｡' to '。'), after optional spaces. */
const TRAILING_MARKS = / *[!。]+$/;
const ORDER_COMMAND = /^([0-9]{1,12})? *\+ *([0-9]{1,2})$/;
/** '+N' / 'CODE+N' / '幫我留N個' with a whole number of up to 6 digits, whatever its value. */
const ANY_QUANTITY_ORDER = /^(?:[0-9]{1,12})? *\+ *([0-9]{1,6})$/;
const ANY_QUANTITY_RESERVE = /^[幫帮]我留 *([0-9]{1,6}) *[個个件]?$/;
/** 幫我留 [N] [個]: N as one or two digits, or one Chinese numeral. */
const RESERVE_COMMAND = /^[幫帮]我留(?: *([0-9]{1,2}|[一二兩两三四五六七八九]) *[個个件]?)?$/;
/** Phrases that order one of the newest product. */
const ONE_OF_NEWEST = new Set(['我要', '要', '來', '来', '欲しい', 'お願いします']);
/** What may stand inside 【】 / [] or alone for the history command (compared lower-cased). */
const HISTORY_WORDS = new Set(['履歷', '購入履歷', 'history', '履歴', '購入履歴', '購買紀錄', '購買記錄']);
const BRACKETED = /^(?:【 *([^【】]*?) *】|\[ *([^[\]]*?) *\])$/;

const CHINESE_NUMERALS: ReadonlyMap<string, number> = new Map([
  ['一', 1],
  ['二', 2],
  ['兩', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

/**
 * Which product: the newest public one, the one with a code, or (never from this parser: the
 * webhook handler sets it when a bare command quotes a product photo, message.quotedMessageId)
 * the product made from that LINE photo message.
 */
export type OrderTarget = { type: 'newest' } | { type: 'code'; code: string } | { type: 'photo'; messageId: string };

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
  const trimmed = text.replace(INVISIBLE_CHARACTERS, '').trim();
  if (trimmed.length > MAX_COMMAND_LENGTH) return null;
  return trimmed.normalize('NFKC').trim();
}

/** 1..99 from one or two digits or one Chinese numeral; null outside that range. */
function quantityOf(token: string): number | null {
  const quantity = CHINESE_NUMERALS.get(token) ?? (/^[0-9]{1,2}$/.test(token) ? Number(token) : NaN);
  return Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_ORDER_QUANTITY ? quantity : null;
}

function parsePlusCommand(text: string): ChatCommand | null {
  const match = ORDER_COMMAND.exec(text);
  const quantity = match?.[2] === undefined ? null : quantityOf(match[2]);
  if (!match || quantity === null) return null;
  const code = match[1];
  return { kind: 'order', target: code === undefined ? { type: 'newest' } : { type: 'code', code }, quantity };
}

function parseReserveCommand(text: string): ChatCommand | null {
  const match = RESERVE_COMMAND.exec(text);
  if (!match) return null;
  const quantity = match[1] === undefined ? 1 : quantityOf(match[1]);
  return quantity === null ? null : { kind: 'reserve', target: { type: 'newest' }, quantity };
}

function isHistoryCommand(text: string): boolean {
  const bracketed = BRACKETED.exec(text);
  const word = bracketed ? (bracketed[1] ?? bracketed[2] ?? '') : text;
  return HISTORY_WORDS.has(word.toLowerCase());
}

export function parseChatCommand(text: string): ChatCommand | null {
  const normalized = normalizeCommandText(text);
  if (normalized === null) return null;
  const command = normalized.replace(TRAILING_MARKS, '');
  if (command === '') return null;
  if (ONE_OF_NEWEST.has(command)) return { kind: 'order', target: { type: 'newest' }, quantity: 1 };
  if (isHistoryCommand(command)) return { kind: 'history' };
  return parsePlusCommand(command) ?? parseReserveCommand(command);
}

/**
 * An order or a reservation whose quantity is a whole number outside 1..MAX_ORDER_QUANTITY
 * ('+0', '+100', 'CODE+150', '幫我留100個'): not a command, but the customer clearly meant one,
 * so the shop answers with the limit instead of leaving them unanswered. Null for everything else.
 */
export function quantityOutOfRange(text: string): { kind: 'order' | 'reserve'; quantity: number } | null {
  if (parseChatCommand(text)) return null;
  const normalized = normalizeCommandText(text);
  if (normalized === null) return null;
  const command = normalized.replace(TRAILING_MARKS, '');
  const order = ANY_QUANTITY_ORDER.exec(command);
  if (order) return { kind: 'order', quantity: Number(order[1]) };
  const reserve = ANY_QUANTITY_RESERVE.exec(command);
  return reserve ? { kind: 'reserve', quantity: Number(reserve[1]) } : null;
}
