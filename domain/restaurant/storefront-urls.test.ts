import { describe, expect, it } from 'vitest';
import { lineAddFriendUrl, lineOaChatUrl, storefrontPath } from './storefront-urls.ts';

describe('storefront addresses', () => {
  it('name the shop, the branch and the table, safely encoded', () => {
    const branch = '0190a1b2-0000-7000-8000-000000000001';
    expect(storefrontPath('tea-house', branch)).toBe(`/order/tea-house/${branch}`);
    expect(storefrontPath('tea-house', branch, 'A1')).toBe(`/order/tea-house/${branch}/t/A1`);
    expect(storefrontPath('tea-house', branch, '吧台 2/3')).toBe(
      `/order/tea-house/${branch}/t/%E5%90%A7%E5%8F%B0%202%2F3`,
    );
  });

  it('add-friend links keep the @ of a basic ID', () => {
    expect(lineAddFriendUrl('@jiayi')).toBe('https://line.me/R/ti/p/%40jiayi');
  });

  it("opens the shop's chat by its basic ID (聯絡客服)", () => {
    expect(lineOaChatUrl('@jiayi')).toBe('https://line.me/R/oaMessage/%40jiayi/');
  });
});
