import { z } from 'zod';

/**
 * What a shop sells as: a LINE "+1" seller (orders typed in the chat), a restaurant (online
 * orders at its branches), or both. Pure, shared by the API and the admin, which shows each
 * page only where it applies. Ask `sellsByLine` / `runsRestaurant`, never compare with 'both'.
 */
export const SHOP_KINDS = ['plus_one', 'restaurant', 'both'] as const;
export type ShopKind = (typeof SHOP_KINDS)[number];

/** What a shop is until it says otherwise (every shop made before restaurants existed). */
export const DEFAULT_SHOP_KIND: ShopKind = 'plus_one';

export function isShopKind(value: unknown): value is ShopKind {
  return typeof value === 'string' && (SHOP_KINDS as readonly string[]).includes(value);
}

/** Takes "+1" orders in its LINE chat. */
export function sellsByLine(kind: ShopKind): boolean {
  return kind !== 'restaurant';
}

/** Has branches that take online orders: the restaurant pages apply. */
export function runsRestaurant(kind: ShopKind): boolean {
  return kind !== 'plus_one';
}

/** PUT /api/t/:tenant/settings/shop-kind. */
export const shopKindSchema = z.strictObject({
  kind: z.enum(SHOP_KINDS, { error: '請選擇經營型態：LINE +1 賣家、餐廳，或兩者都是' }),
});
