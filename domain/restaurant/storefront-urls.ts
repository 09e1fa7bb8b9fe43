/**
 * The customer ordering page's addresses, fixed here so that QR codes printed today keep
 * working when the storefront (built next) answers them:
 *   /order/<shop slug>/<branch id>            order for pickup or delivery at a branch
 *   /order/<shop slug>/<branch id>/t/<table>  order at that table (dine-in)
 * Never change their shape: they are on paper on restaurant tables.
 */
export function storefrontPath(shopSlug: string, branchId: string, table?: string): string {
  const base = `/order/${encodeURIComponent(shopSlug)}/${encodeURIComponent(branchId)}`;
  return table === undefined ? base : `${base}/t/${encodeURIComponent(table)}`;
}

/** LINE's add-friend link for an official account's basic ID (@xxxx). */
export function lineAddFriendUrl(basicId: string): string {
  return `https://line.me/R/ti/p/${encodeURIComponent(basicId)}`;
}

/** The chat with an official account (聯絡客服): LINE opens it, or asks to add the shop first. */
export function lineOaChatUrl(basicId: string): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(basicId)}/`;
}
