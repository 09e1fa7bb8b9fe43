import { describe, expect, it } from 'vitest';
import { photoProductRejectedReply, quotedProductDeletedReply } from './chat-product-replies.ts';

describe('chat product refusals', () => {
  it('a rejected photo names the reason', () => {
    expect(photoProductRejectedReply('圖片不能超過 5MB')).toBe('這張照片無法建立商品：圖片不能超過 5MB');
  });

  it('an edit of a deleted product says so', () => {
    expect(quotedProductDeletedReply()).toBe('這張照片的商品已刪除，無法修改。');
  });
});
