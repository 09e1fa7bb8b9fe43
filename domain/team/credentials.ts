/**
 * What a person types to get an account: e-mail, password, names, phone. Pure rules shared by
 * the sign-in, sign-up and invitation pages and the API, so both say the same thing.
 */

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;
export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 60;
export const COMPANY_NAME_MAX_LENGTH = 80;

/** Trimmed, NFKC-folded (full-width letters), lower-cased: one account per mailbox spelling. */
export function normalizeEmail(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

// Deliberately plain: one @, something before it, a dot in the domain, no spaces.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isValidEmail(email: string): boolean {
  return email.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(email);
}

export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_email';

/** Length is what matters (NIST SP 800-63B): no composition rules, any characters, spaces too. */
export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (email && normalizeEmail(password) === normalizeEmail(email)) return 'same_as_email';
  return null;
}

/** A name as shown in the admin: trimmed, inner runs of spaces folded, 1 to `max` characters. */
export function normalizeName(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function isValidName(name: string, max = NAME_MAX_LENGTH): boolean {
  const length = [...name].length;
  return length >= 1 && length <= max && !/\p{Cc}/u.test(name);
}

/** Taiwanese phone numbers as people write them: 0912-345-678, (02) 2345-6789, +886 912 345 678. */
export function normalizePhone(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .replace(/[\s\-().]/g, '');
}

export function isValidPhone(phone: string): boolean {
  return /^(?:\+886|0)\d{8,9}(?:#\d{1,6})?$/.test(phone);
}

/**
 * A phone number as normalizePhone keeps it, written the way people read it: mobiles
 * 0912-345-678, Taipei numbers 02-2345-6789, an extension after " #". Other numbers (area codes
 * of three or four digits vary) stay as they are.
 */
export function formatPhone(phone: string): string {
  const [number = '', extension] = phone.split('#');
  const local = number.startsWith('+886') ? `0${number.slice(4)}` : number;
  let grouped = number;
  if (/^09\d{8}$/.test(local)) grouped = `${local.slice(0, 4)}-${local.slice(4, 7)}-${local.slice(7)}`;
  else if (/^02\d{8}$/.test(local)) grouped = `${local.slice(0, 2)}-${local.slice(2, 6)}-${local.slice(6)}`;
  return extension ? `${grouped} #${extension}` : grouped;
}
