import { describe, expect, it } from 'vitest';
import type { ZodError } from 'zod';
import { branchEditSchema, coordinatesFromMapUrl, newBranchSchema, orderingSwitchSchema } from './branch-rules.ts';
import { fieldErrors } from '../form-errors.ts';

const valid = { name: ' 信義店 ', address: '台北市信義區松高路 11 號', phone: '(02) 2345-6789' };
const errorsOf = (result: { success: boolean; error?: ZodError }) => (result.error ? fieldErrors(result.error) : {});

describe('a new branch', () => {
  it('needs a name, an address and a phone; trims them and keeps the phone as digits', () => {
    expect(newBranchSchema.parse(valid)).toEqual({
      name: '信義店',
      address: '台北市信義區松高路 11 號',
      phone: '0223456789',
      mapUrl: null,
      latitude: null,
      longitude: null,
    });
    expect(errorsOf(newBranchSchema.safeParse({ name: '  ', address: '', phone: '' }))).toEqual({
      name: '請輸入分店名稱',
      address: '請輸入地址',
      phone: '請輸入電話',
    });
  });

  it('refuses a phone number, a map link or a name that is not one', () => {
    expect(
      errorsOf(
        newBranchSchema.safeParse({
          ...valid,
          name: '店'.repeat(41),
          phone: '12345',
          mapUrl: 'javascript:alert(1)',
        }),
      ),
    ).toEqual({
      name: '分店名稱最多 40 個字',
      phone: '請輸入有效的電話號碼，例如 02-2345-6789 或 0912-345-678',
      mapUrl: '地圖連結必須是 https:// 或 http:// 開頭的網址',
    });
    expect(newBranchSchema.parse({ ...valid, mapUrl: '  ' }).mapUrl).toBeNull();
    expect(newBranchSchema.safeParse({ ...valid, orderingStatus: 'paused' }).success).toBe(false);
  });

  it('takes coordinates as a pair in range, and says when they look swapped', () => {
    expect(newBranchSchema.parse({ ...valid, latitude: 25.033964, longitude: 121.564472 })).toMatchObject({
      latitude: 25.033964,
      longitude: 121.564472,
    });
    expect(errorsOf(newBranchSchema.safeParse({ ...valid, latitude: 25.03 }))).toEqual({
      longitude: '緯度和經度要一起填，或都留空',
    });
    expect(errorsOf(newBranchSchema.safeParse({ ...valid, latitude: 121.56, longitude: 25.03 }))).toEqual({
      latitude: '緯度必須介於 -90 到 90，看起來和經度填反了',
    });
    // Said together with the other fields' problems, not after they are fixed.
    expect(errorsOf(newBranchSchema.safeParse({ ...valid, name: '', latitude: 25.03, longitude: null }))).toEqual({
      name: '請輸入分店名稱',
      longitude: '緯度和經度要一起填，或都留空',
    });
    expect(errorsOf(newBranchSchema.safeParse({ ...valid, latitude: -91, longitude: 181 }))).toEqual({
      latitude: '緯度必須介於 -90 到 90',
      longitude: '經度必須介於 -180 到 180',
    });
    expect(errorsOf(newBranchSchema.safeParse({ ...valid, latitude: Number.NaN, longitude: '121' }))).toEqual({
      latitude: '緯度必須是數字',
      longitude: '經度必須是數字',
    });
  });
});

describe('a branch edit', () => {
  it('changes any field, coordinates only as a pair, never the ordering status', () => {
    expect(branchEditSchema.parse({ phone: '0912 345 678' })).toEqual({ phone: '0912345678' });
    expect(branchEditSchema.parse({ latitude: null, longitude: null })).toEqual({ latitude: null, longitude: null });
    expect(errorsOf(branchEditSchema.safeParse({ latitude: 25 }))).toEqual({ longitude: '緯度和經度要一起修改' });
    expect(errorsOf(branchEditSchema.safeParse({ name: '', latitude: 125, longitude: 25 }))).toEqual({
      name: '請輸入分店名稱',
      latitude: '緯度必須介於 -90 到 90，看起來和經度填反了',
    });
    expect(errorsOf(branchEditSchema.safeParse({}))).toEqual({ '': '沒有要修改的欄位' });
    expect(errorsOf(branchEditSchema.safeParse({ orderingStatus: 'paused' }))).toEqual({
      orderingStatus: '線上點餐狀態請用開關切換',
    });
  });
});

describe('the ordering switch', () => {
  it('is accepting or paused', () => {
    expect(orderingSwitchSchema.parse({ status: 'paused' })).toEqual({ status: 'paused' });
    expect(orderingSwitchSchema.safeParse({ status: 'closed' }).success).toBe(false);
    expect(orderingSwitchSchema.safeParse({ status: true }).success).toBe(false);
  });
});

describe('coordinates in a map link', () => {
  it('are read from the link shapes maps hand out', () => {
    const taipei101 = { latitude: 25.0339639, longitude: 121.5644722 };
    expect(
      coordinatesFromMapUrl('https://www.google.com/maps/place/Taipei+101/@25.0339639,121.5644722,17z/data=x'),
    ).toEqual(taipei101);
    expect(coordinatesFromMapUrl('https://www.google.com/maps/place/x/data=!3d25.0339639!4d121.5644722')).toEqual(
      taipei101,
    );
    expect(coordinatesFromMapUrl('https://maps.google.com/?q=25.0339639,121.5644722')).toEqual(taipei101);
    expect(coordinatesFromMapUrl('https://www.google.com/maps/search/?api=1&query=25.0339639%2C121.5644722')).toEqual(
      taipei101,
    );
  });

  it('are none for a short link, a link without numbers, or numbers out of range', () => {
    expect(coordinatesFromMapUrl('https://maps.app.goo.gl/AbCdEf123')).toBeNull();
    expect(coordinatesFromMapUrl('https://www.google.com/maps/place/台北101')).toBeNull();
    expect(coordinatesFromMapUrl('https://maps.google.com/?q=125.03,121.56')).toBeNull();
  });
});
