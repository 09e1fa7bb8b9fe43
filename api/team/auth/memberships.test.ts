import { describe, expect, it } from 'vitest';
import { homePath, safeReturnTo, type Membership } from './memberships.ts';

describe('safeReturnTo', () => {
  it('keeps paths on this site', () => {
    expect(safeReturnTo('/t/shop/admin/orders?lang=en')).toBe('/t/shop/admin/orders?lang=en');
    expect(safeReturnTo('/invite/abc')).toBe('/invite/abc');
  });

  it('refuses anything that could leave it', () => {
    for (const bad of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      'evil',
      '',
      '/\u0000x',
      `/${'a'.repeat(600)}`,
      42,
      null,
    ]) {
      expect(safeReturnTo(bad), String(bad)).toBeNull();
    }
  });
});

describe('homePath', () => {
  const m = (slug: string) => ({ tenant: { id: slug, slug, name: slug } }) as Membership;
  it('is the shop form without shops, the shop with one, the list with several', () => {
    expect(homePath([])).toBe('/sign-up/shop');
    expect(homePath([m('a')])).toBe('/t/a/admin/orders');
    expect(homePath([m('a'), m('b')])).toBe('/shops');
  });
});
