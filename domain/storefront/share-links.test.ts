import { describe, expect, it } from 'vitest';
import { catalogueShareLink, productPagePath, productShareLink, shopPagePath } from './share-links.ts';

describe('share links', () => {
  const product = '0190f0a2-7c1d-7a4e-8b5f-112233445566';

  it("shares LINE's permanent links when the shop has a LIFF app", () => {
    const shop = { slug: 'tea', liffId: '1657000001-AbCd1234' };
    expect(productShareLink(shop, product, 'https://jiayi.example')).toBe(
      `https://liff.line.me/1657000001-AbCd1234/products/${product}`,
    );
    expect(catalogueShareLink(shop, 'https://jiayi.example')).toBe('https://liff.line.me/1657000001-AbCd1234');
  });

  it("shares the page's own address without one", () => {
    const shop = { slug: 'tea', liffId: null };
    expect(productShareLink(shop, product, 'https://jiayi.example')).toBe(
      `https://jiayi.example/shop/tea/products/${product}`,
    );
    expect(catalogueShareLink(shop, 'https://jiayi.example')).toBe('https://jiayi.example/shop/tea');
  });

  it('keeps the permanent link and the page path in step (the LIFF endpoint is the shop page)', () => {
    expect(productPagePath('tea', product)).toBe(`${shopPagePath('tea')}/products/${product}`);
  });
});
