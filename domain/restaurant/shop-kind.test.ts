import { describe, expect, it } from 'vitest';
import { isShopKind, runsRestaurant, sellsByLine, shopKindSchema, SHOP_KINDS } from './shop-kind.ts';

describe('shop kind', () => {
  it('is a +1 seller, a restaurant, or both, and says which pages apply', () => {
    expect(SHOP_KINDS.map((kind) => [kind, sellsByLine(kind), runsRestaurant(kind)])).toEqual([
      ['plus_one', true, false],
      ['restaurant', false, true],
      ['both', true, true],
    ]);
  });

  it('accepts only the three kinds, with one message for anything else', () => {
    expect(isShopKind('both')).toBe(true);
    expect(isShopKind('cafe')).toBe(false);
    expect(shopKindSchema.parse({ kind: 'restaurant' })).toEqual({ kind: 'restaurant' });
    const refused = shopKindSchema.safeParse({ kind: 'cafe' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('請選擇經營型態：LINE +1 賣家、餐廳，或兩者都是');
    expect(shopKindSchema.safeParse({ kind: 'both', extra: 1 }).success).toBe(false);
  });
});
