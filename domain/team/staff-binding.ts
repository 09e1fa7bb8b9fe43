/**
 * Binding a staff member's LINE account. The member gets a one-time code on
 * the admin's LINE settings page and types it, alone, in the shop's 1:1 LINE chat; the LINE
 * user who sent it becomes that member's Staff.lineUserId (shortage and new-order pushes,
 * products from photos). Pure rules and texts; storage is db/team/staff-line-binding.ts.
 */
import { normalizeCommandText } from '../line-chat/chat-command.ts';

/** Six digits: short and easy to type on a phone keypad. */
export const BINDING_CODE_LENGTH = 6;
export const BINDING_CODE_TTL_MINUTES = 10;
export const BINDING_CODE_TTL_MS = BINDING_CODE_TTL_MINUTES * 60 * 1000;
/** Codes typed by one LINE user in one shop per window; a 7th wrong guess is refused unchecked. */
export const BINDING_ATTEMPTS_LIMIT = 5;
export const BINDING_ATTEMPTS_WINDOW_MS = 10 * 60 * 1000;
/** New codes one member may ask for per window (each replaces the last). */
export const BINDING_CODES_PER_WINDOW = 10;

const CODE = new RegExp(`^[0-9]{${BINDING_CODE_LENGTH}}$`);

/**
 * The code in a chat message, or null when the message is not one: exactly six digits once
 * the chat rules normalise it (full-width digits, surrounding spaces, zero-width characters).
 * A code has no '+', so it is never an order command (domain/line-chat/chat-command.ts needs one), and
 * a product code (9-10 digits) is never a binding code.
 */
export function parseBindingCode(text: string): string | null {
  const normalized = normalizeCommandText(text);
  return normalized !== null && CODE.test(normalized) ? normalized : null;
}

/** Six random digits from `randomInt(max)` (crypto.randomInt on the server), zero-padded. */
export function formatBindingCode(random: number): string {
  if (!Number.isInteger(random) || random < 0 || random >= 10 ** BINDING_CODE_LENGTH) {
    throw new RangeError(`binding code out of range: ${random}`);
  }
  return String(random).padStart(BINDING_CODE_LENGTH, '0');
}

export type BindingOutcome =
  | { kind: 'bound'; staffName: string }
  | { kind: 'invalid' }
  | { kind: 'too_many_attempts'; retryAfterMinutes: number }
  | { kind: 'bound_to_other'; staffName: string };

export function bindingReply(outcome: BindingOutcome): string {
  switch (outcome.kind) {
    case 'bound':
      return `綁定成功！這個 LINE 帳號已綁定到店員「${outcome.staffName}」。之後缺貨與新訂單通知會傳到這裡，也可以直接傳商品照片建立商品。`;
    case 'invalid':
      return `綁定碼錯誤或已過期。請到管理後台「LINE 設定」頁重新產生綁定碼（${BINDING_CODE_TTL_MINUTES} 分鐘內有效），再把 ${BINDING_CODE_LENGTH} 位數字單獨傳過來。`;
    case 'too_many_attempts':
      return `輸入錯誤的次數太多，請 ${outcome.retryAfterMinutes} 分鐘後再試。`;
    case 'bound_to_other':
      return `這個 LINE 帳號已經綁定店員「${outcome.staffName}」。如要改綁，請先在管理後台「LINE 設定」頁解除綁定。`;
  }
}
