/**
 * A shop's URL slug: /t/{slug}/admin, /t/{slug}/webhook. Lower-case ASCII letters, digits and
 * single hyphens, 3 to 40 characters, starting with a letter, not ending with a hyphen, and
 * not a word the platform keeps for itself. Pure, shared by the sign-up page and the API.
 */

export const SLUG_MIN_LENGTH = 3;
export const SLUG_MAX_LENGTH = 40;
/** For <input pattern>: the same rule as isValidSlug, minus the reserved words. */
export const SLUG_PATTERN_SOURCE = `[a-z](?:[a-z0-9]|-(?=[a-z0-9])){${SLUG_MIN_LENGTH - 1},${SLUG_MAX_LENGTH - 1}}`;
/**
 * The shape of every shop's slug, reserved words included (the demo shop is `demo`): the API
 * checks the slug in a URL with it before looking the shop up.
 */
export const SLUG_PATTERN = new RegExp(`^${SLUG_PATTERN_SOURCE}$`);

export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  'admin',
  'api',
  'app',
  'auth',
  'demo',
  'help',
  'invite',
  'jiayi',
  'line',
  'liff',
  'login',
  'logout',
  'new',
  'shop',
  'shops',
  'sign-in',
  'sign-out',
  'sign-up',
  'signin',
  'signup',
  'static',
  'support',
  'system',
  'webhook',
  'www',
]);

export type SlugProblem = 'too_short' | 'too_long' | 'invalid_characters' | 'reserved';

/** Trims and lower-cases what a person typed (full-width letters folded). */
export function normalizeSlug(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/** Null when `slug` (already normalized) can be used; otherwise why not. */
export function slugProblem(slug: string): SlugProblem | null {
  if (slug.length < SLUG_MIN_LENGTH) return 'too_short';
  if (slug.length > SLUG_MAX_LENGTH) return 'too_long';
  if (!SLUG_PATTERN.test(slug)) return 'invalid_characters';
  if (RESERVED_SLUGS.has(slug)) return 'reserved';
  return null;
}

export function isValidSlug(slug: string): boolean {
  return slugProblem(slug) === null;
}

/**
 * A slug suggestion for a new shop: `shop-` and 6 characters from `randomIndex` (an integer in
 * [0, n), the caller's randomness, so this stays deterministic).
 */
export function suggestSlug(randomIndex: (maxExclusive: number) => number): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += alphabet.charAt(randomIndex(alphabet.length));
  return `shop-${suffix}`;
}
