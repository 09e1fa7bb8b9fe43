import { describe, expect, it } from 'vitest';
import { productImageUrls, sniffImageType } from './image-type.ts';

describe('sniffImageType', () => {
  it('knows JPEG and PNG by their first bytes', () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
  });
  it('refuses everything else, however it is named', () => {
    expect(sniffImageType(new TextEncoder().encode('MZ\x90\x00 this is a program'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(new Uint8Array([]))).toBeNull();
  });
});

describe('productImageUrls', () => {
  it('derives the three sizes from the base path', () => {
    expect(productImageUrls('/media/p/abc')).toEqual({
      thumb: '/media/p/abc/240.jpg',
      card: '/media/p/abc/480.jpg',
      full: '/media/p/abc/1080.jpg',
    });
    expect(productImageUrls(null)).toBeNull();
  });
});
