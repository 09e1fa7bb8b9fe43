/**
 * A customer's sign-in to one shop's pages. Each shop has its own cookie, so a person who buys
 * from two shops in the same browser stays signed in to both, and a shop's pages never carry
 * another shop's customer.
 */

/** LINE Login access tokens last 30 days; a customer session no longer. */
export const CUSTOMER_SESSION_DAYS = 30;

/** The cookie of a shop's customer session (`__Host-` over HTTPS: no Domain, Path=/). */
export function customerCookieName(shopSlug: string, secure: boolean): string {
  return `${secure ? '__Host-' : ''}jiayi_customer_${shopSlug}`;
}

/** A LIFF ID is `<LINE Login channel ID>-<suffix>`: the channel an ID token's audience must be. */
export function liffChannelId(liffId: string): string | null {
  const match = /^(\d{1,20})-[A-Za-z0-9]+$/.exec(liffId);
  return match ? match[1]! : null;
}
