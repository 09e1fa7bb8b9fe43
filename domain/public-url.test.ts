import { describe, expect, it } from 'vitest';
import { publicUrl } from './public-url.ts';

describe('a URL for a party outside the browser', () => {
  it('puts our own paths on the public origin and keeps full URLs and nothing as they are', () => {
    expect(publicUrl('/media/shops/t/logo/a/512x512.jpg', 'https://jiayi.example.tw/')).toBe(
      'https://jiayi.example.tw/media/shops/t/logo/a/512x512.jpg',
    );
    expect(publicUrl('https://cdn.example.com/x.jpg', 'https://jiayi.example.tw')).toBe('https://cdn.example.com/x.jpg');
    expect(publicUrl(null, 'https://jiayi.example.tw')).toBeNull();
  });
});
