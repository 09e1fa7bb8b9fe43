import { describe, expect, it } from 'vitest';
import { normalizeMac, printerInputSchema } from './printer-settings.ts';
import { printerHealth, statusHealth, decodeStatusCode, POLL_TIMEOUT_MS } from './printer-health.ts';

describe('printer settings', () => {
  it('keeps one shape of a MAC address', () => {
    expect(normalizeMac('00:11:e5:06:04:ff')).toBe('0011E50604FF');
    expect(normalizeMac('00-11-E5-06-04-FF')).toBe('0011E50604FF');
    expect(normalizeMac('0011e50604f')).toBeNull();
    expect(normalizeMac('36NVNY3QNGC3')).toBeNull();
  });

  it('refuses a form with every problem named', () => {
    const parsed = printerInputSchema.safeParse({
      name: ' ',
      kind: 'laser',
      mac: 'x',
      location: '',
      methods: [],
      copies: 0,
      categoryIds: ['x'],
    });
    expect(parsed.success).toBe(false);
    const fields = new Set(parsed.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(['name', 'kind', 'mac', 'location', 'methods', 'copies', 'categoryIds']));
  });

  it('orders the order types and drops repeated categories', () => {
    const id = '0190a5d2-0000-7000-8000-000000000001';
    const parsed = printerInputSchema.parse({
      name: '吧枱出單機',
      kind: 'receipt_58',
      mac: '00:11:e5:06:04:ff',
      location: '吧枱',
      methods: ['dine_in', 'delivery'],
      copies: 2,
      categoryIds: [id, id],
    });
    expect(parsed).toMatchObject({ mac: '0011E50604FF', methods: ['delivery', 'dine_in'], categoryIds: [id] });
  });
});

describe('printer health', () => {
  const now = new Date('2026-12-08T04:00:00Z');
  it('reads CloudPRNT status codes by their class', () => {
    expect(decodeStatusCode('200%20OK')).toBe('200 OK');
    expect(statusHealth('211 Paper low')).toBe('ok');
    expect(statusHealth('410 Out of paper')).toBe('paper_out');
    expect(statusHealth('420 Cover open')).toBe('cover_open');
    expect(statusHealth('510 Incompatible media')).toBe('error');
  });
  it('takes a printer silent past the poll timeout as offline', () => {
    expect(printerHealth(null, null, now)).toBe('never_polled');
    expect(printerHealth(new Date(now.getTime() - POLL_TIMEOUT_MS - 1), '200 OK', now)).toBe('offline');
    expect(printerHealth(new Date(now.getTime() - 1000), '410 Out of paper', now)).toBe('paper_out');
  });
});
