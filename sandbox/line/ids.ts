import { randomBytes } from 'node:crypto';

/** A LINE user ID: 'U' + 32 lowercase hex characters. */
export function newUserId(): string {
  return 'U' + randomBytes(16).toString('hex');
}

/** Reply tokens are opaque; LINE's are 32 hex characters. */
export function newReplyToken(): string {
  return randomBytes(16).toString('hex');
}

/** Quote tokens are opaque base64url-ish strings. */
export function newQuoteToken(): string {
  return randomBytes(24).toString('base64url');
}

let messageSeq = BigInt(Date.now()) * 100_000n;

/** Message IDs are numeric strings (18 digits today), increasing. */
export function newMessageId(): string {
  messageSeq += 1n;
  return messageSeq.toString();
}

/** Rich menu IDs: 'richmenu-' + 32 hex characters. */
export function newRichMenuId(): string {
  return `richmenu-${randomBytes(16).toString('hex')}`;
}

export const RICH_MENU_ID = /^richmenu-[0-9a-f]{32}$/;

/** Request IDs (`x-line-request-id`) are UUIDs. */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/** The IDs LINE uses for users, groups and rooms. */
export const LINE_TARGET_ID = /^[UCR][0-9a-f]{32}$/;

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
