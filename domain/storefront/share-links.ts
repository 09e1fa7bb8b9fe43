/**
 * The customer pages' addresses and the links customers share. A shop with a LIFF app shares
 * LINE's permanent links (https://liff.line.me/<LIFF ID>/<path>): opened in LINE they run in
 * LIFF, elsewhere (an OpenChat, a browser) LINE sends the visitor to the same page, where LINE
 * Login links their account before they order. Without LIFF, the page's own address.
 */

export function shopPagePath(shopSlug: string): string {
  return `/shop/${encodeURIComponent(shopSlug)}`;
}

export function productPagePath(shopSlug: string, productId: string): string {
  return `${shopPagePath(shopSlug)}/products/${encodeURIComponent(productId)}`;
}

/** LINE's permanent link to a page under the LIFF app's endpoint (the shop page); `rest` starts with '/' or is ''. */
export function liffPermanentLink(liffId: string, rest: string): string {
  return `https://liff.line.me/${encodeURIComponent(liffId)}${rest}`;
}

/** The link to share for a product (「分享商品」). */
export function productShareLink(
  shop: { slug: string; liffId: string | null },
  productId: string,
  origin: string,
): string {
  return shop.liffId
    ? liffPermanentLink(shop.liffId, `/products/${encodeURIComponent(productId)}`)
    : `${origin}${productPagePath(shop.slug, productId)}`;
}

/** The link to the whole catalogue (the shop page). */
export function catalogueShareLink(shop: { slug: string; liffId: string | null }, origin: string): string {
  return shop.liffId ? liffPermanentLink(shop.liffId, '') : `${origin}${shopPagePath(shop.slug)}`;
}

/** The text that goes with a shared product: what it is, what it costs, where to order. */
export function productShareText(product: { name: string; price: number }, link: string, priceText: string): string {
  return `${product.name} ${priceText}\n${link}`;
}

/** 會員中心 with 我的優惠券 (/shop/<shop>/member): in LINE through the LIFF app when the shop has one. */
export function memberPageLink(shop: { slug: string; liffId: string | null }, origin: string): string {
  return shop.liffId ? liffPermanentLink(shop.liffId, '/member') : `${origin}${shopPagePath(shop.slug)}/member`;
}
