import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../form-errors.ts';
import {
  DEFAULT_PICKUP_METHODS,
  deliveryQuote,
  deliveryQuoteQuery,
  distanceMetres,
  expandTables,
  methodsOpen,
  pickupMethodsSchema,
  readPickupMethods,
  zoneErrors,
  type PickupMethods,
} from './pickup-methods.ts';

const taipei101 = { latitude: 25.033964, longitude: 121.564468 };
// About 1.1 km north of Taipei 101 (0.01° of latitude ≈ 1,112 m).
const nearby = { latitude: 25.043964, longitude: 121.564468 };
// Taipei Main Station, about 5.6 km west.
const mainStation = { latitude: 25.047675, longitude: 121.517055 };

const radius: PickupMethods = {
  ...DEFAULT_PICKUP_METHODS,
  deliveryEnabled: true,
  deliveryRadiusMetres: 3000,
  deliveryFee: 60,
  deliveryMinimumOrder: 300,
  freeDeliveryOver: 1000,
};

describe('pickupMethodsSchema', () => {
  it('accepts the defaults and a full set', () => {
    expect(pickupMethodsSchema.parse(DEFAULT_PICKUP_METHODS)).toEqual(DEFAULT_PICKUP_METHODS);
    const full = { ...radius, dineInEnabled: true, tables: ['A1', 'A2', '吧台'] };
    expect(pickupMethodsSchema.parse(full).tables).toEqual(['A1', 'A2', '吧台']);
  });

  it('refuses non-integer money, negatives and a tiny radius with zh-TW field errors', () => {
    const result = pickupMethodsSchema.safeParse({
      ...radius,
      deliveryFee: 60.5,
      deliveryMinimumOrder: -1,
      deliveryRadiusMetres: 5,
    });
    expect(result.success).toBe(false);
    const fields = fieldErrors(result.error!);
    expect(fields.deliveryFee).toBe('外送運費（NT$）必須是整數');
    expect(fields.deliveryMinimumOrder).toContain('不能小於 0');
    expect(fields.deliveryRadiusMetres).toContain('不能小於 100');
  });

  it('refuses duplicate tables (whatever the case), over 200 tables and dine-in without tables', () => {
    const dup = pickupMethodsSchema.safeParse({ ...radius, dineInEnabled: true, tables: ['A1', 'a1'] });
    expect(fieldErrors(dup.error!).tables).toBe('桌號「a1」重複了');
    const many = Array.from({ length: 201 }, (_, i) => `T${i}`);
    expect(fieldErrors(pickupMethodsSchema.safeParse({ ...radius, tables: many }).error!).tables).toBe(
      '桌號最多 200 個',
    );
    const none = pickupMethodsSchema.safeParse({ ...radius, dineInEnabled: true, tables: [] });
    expect(fieldErrors(none.error!).tables).toBe('開啟內用時，請至少輸入一個桌號');
  });

  it('needs at least one zone, each named once, to deliver by zones', () => {
    const none = pickupMethodsSchema.safeParse({ ...radius, deliveryArea: 'zones' });
    expect(fieldErrors(none.error!).deliveryZones).toBe('依區域外送時，請至少新增一個區域');
    const zone = { name: '信義區', fee: 40, minimumOrder: 200 };
    const dup = pickupMethodsSchema.safeParse({ ...radius, deliveryArea: 'zones', deliveryZones: [zone, zone] });
    expect(fieldErrors(dup.error!).deliveryZones).toBe('外送區域「信義區」重複了');
  });

  it("keys each zone's field errors by index for the zones editor", () => {
    const result = pickupMethodsSchema.safeParse({
      ...radius,
      deliveryArea: 'zones',
      deliveryZones: [
        { name: '信義區', fee: 40, minimumOrder: 200 },
        { name: ' ', fee: 1.5, minimumOrder: 200 },
      ],
    });
    expect(zoneErrors(result.error!)).toEqual({ '1.name': '請輸入區域名稱', '1.fee': '區域運費（NT$）必須是整數' });
  });

  it('refuses unknown keys and a slot length not offered', () => {
    expect(pickupMethodsSchema.safeParse({ ...radius, extra: 1 }).success).toBe(false);
    expect(
      fieldErrors(pickupMethodsSchema.safeParse({ ...radius, pickupSlotMinutes: 7 }).error!).pickupSlotMinutes,
    ).toContain('取餐時段只能是');
  });

  it('reads a damaged or partial stored row as the defaults under what is valid', () => {
    expect(readPickupMethods(null)).toEqual(DEFAULT_PICKUP_METHODS);
    expect(readPickupMethods({ deliveryEnabled: true })).toEqual({ ...DEFAULT_PICKUP_METHODS, deliveryEnabled: true });
    expect(readPickupMethods({ deliveryFee: 'lots' })).toEqual(DEFAULT_PICKUP_METHODS);
  });
});

describe('methodsOpen', () => {
  it('lists what is switched on; dine-in only with tables', () => {
    expect(methodsOpen(DEFAULT_PICKUP_METHODS)).toEqual(['pickup']);
    expect(methodsOpen({ ...radius, dineInEnabled: true, tables: ['A1'] })).toEqual(['pickup', 'delivery', 'dine_in']);
    expect(methodsOpen({ ...radius, pickupEnabled: false, dineInEnabled: true, tables: [] })).toEqual(['delivery']);
  });
});

describe('expandTables', () => {
  it('expands ranges and keeps single labels', () => {
    expect(expandTables('A1-A10')).toEqual({
      ok: true,
      tables: ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10'],
    });
    expect(expandTables('B1~3，吧台、 外帶區\n1-2')).toEqual({
      ok: true,
      tables: ['B1', 'B2', 'B3', '吧台', '外帶區', '1', '2'],
    });
    expect(expandTables('A01-A03')).toEqual({ ok: true, tables: ['A01', 'A02', 'A03'] });
  });
  it('refuses a reversed range and more than 200 tables', () => {
    expect(expandTables('A5-A1')).toEqual({ ok: false, error: '「A5-A1」的範圍是倒過來的' });
    expect(expandTables('1-201')).toEqual({ ok: false, error: '桌號最多 200 個' });
  });
});

describe('deliveryQuote', () => {
  it('measures distance with haversine', () => {
    expect(distanceMetres(taipei101, nearby)).toBeCloseTo(1112, -1);
    expect(distanceMetres(taipei101, mainStation)).toBeGreaterThan(4500);
    expect(distanceMetres(taipei101, taipei101)).toBe(0);
  });

  it('quotes the fee inside the radius, free over the threshold', () => {
    expect(deliveryQuote(radius, taipei101, { coords: nearby }, 300)).toMatchObject({
      ok: true,
      fee: 60,
      minimumOrder: 300,
    });
    expect(deliveryQuote(radius, taipei101, { coords: nearby }, 1000)).toMatchObject({ ok: true, fee: 0 });
  });

  it('refuses outside the radius, below the minimum, when off or when the branch has no coordinates', () => {
    expect(deliveryQuote(radius, taipei101, { coords: mainStation }, 500)).toMatchObject({
      ok: false,
      reason: 'outside_radius',
    });
    expect(deliveryQuote(radius, taipei101, { coords: nearby }, 299)).toMatchObject({
      ok: false,
      reason: 'below_minimum',
      minimumOrder: 300,
    });
    expect(deliveryQuote({ ...radius, deliveryEnabled: false }, taipei101, { coords: nearby }, 500)).toEqual({
      ok: false,
      reason: 'delivery_off',
    });
    expect(deliveryQuote(radius, null, { coords: nearby }, 500)).toEqual({ ok: false, reason: 'branch_not_located' });
    expect(deliveryQuote(radius, taipei101, {}, 500)).toEqual({ ok: false, reason: 'location_required' });
  });

  it("uses the customer's zone's own fee and minimum", () => {
    const zones: PickupMethods = {
      ...radius,
      deliveryArea: 'zones',
      deliveryZones: [
        { name: '信義區', fee: 30, minimumOrder: 200 },
        { name: '大安區', fee: 80, minimumOrder: 400 },
      ],
    };
    expect(deliveryQuote(zones, null, { zone: '大安區' }, 400)).toMatchObject({ ok: true, fee: 80, zone: '大安區' });
    expect(deliveryQuote(zones, null, { zone: '大安區' }, 399)).toMatchObject({ ok: false, reason: 'below_minimum' });
    expect(deliveryQuote(zones, null, { zone: '中山區' }, 999)).toEqual({ ok: false, reason: 'unknown_zone' });
    expect(deliveryQuote(zones, null, {}, 999)).toEqual({ ok: false, reason: 'zone_required' });
  });
});

describe('deliveryQuoteQuery', () => {
  it('reads query strings and refuses bad ones', () => {
    expect(deliveryQuoteQuery.parse({ lat: '25.03', lng: '121.56', subtotal: '350' })).toEqual({
      lat: 25.03,
      lng: 121.56,
      subtotal: 350,
    });
    expect(deliveryQuoteQuery.safeParse({ lat: '25', subtotal: '1.5' }).success).toBe(false);
    expect(deliveryQuoteQuery.safeParse({ lat: 'abc', lng: '1', subtotal: '1' }).success).toBe(false);
  });
});
