import { describe, expect, it } from 'vitest';
import type { BoardOrder } from '#lib/api.ts';
import { arrivals, countdown, dueNow, finishedOf, lanesOf } from './board-view.ts';

const NOW = Date.parse('2026-12-07T04:00:00Z'); // 12:00 in Taipei
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

function order(id: string, patch: Partial<BoardOrder>): BoardOrder {
  return {
    id,
    number: `R${id}`,
    pickupNumber: id,
    status: 'pending',
    method: 'pickup',
    wantedAt: null,
    createdAt: at(-30),
    acceptBy: null,
    dueToPrepareAt: null,
    customerName: '王小明',
    phone: null,
    table: null,
    deliveryAddress: null,
    note: null,
    subtotal: 120,
    discounts: [],
    deliveryFee: 0,
    total: 120,
    rejectReason: null,
    cancelReason: null,
    lines: [],
    channel: 'jiayi',
    delivery: null,
    ...patch,
  };
}

const ids = (orders: BoardOrder[]) => orders.map((o) => o.id);

describe('lanesOf', () => {
  const orders = [
    order('001', { status: 'pending', acceptBy: at(8), wantedAt: at(30) }),
    order('002', { status: 'pending', acceptBy: at(2), wantedAt: at(90), method: 'delivery' }),
    order('003', { status: 'accepted', wantedAt: at(120) }),
    order('004', { status: 'preparing', wantedAt: at(15), method: 'dine_in', table: 'A1' }),
    order('005', { status: 'ready', wantedAt: at(-5) }),
    order('006', { status: 'completed', wantedAt: at(-60) }),
    order('007', { status: 'rejected', createdAt: at(-10) }),
  ];

  it('puts each active order in its lane, the most urgent first, and leaves the finished out', () => {
    const lanes = lanesOf(orders, 'all', 'all', NOW);
    // New orders by how soon they are rejected by themselves; the rest by when they are wanted.
    expect(ids(lanes.new)).toEqual(['002', '001']);
    expect(ids(lanes.cooking)).toEqual(['004', '003']);
    expect(ids(lanes.ready)).toEqual(['005']);
  });

  it('narrows by method and by time (within the hour, late or at once count as soon)', () => {
    expect(ids(Object.values(lanesOf(orders, 'delivery', 'all', NOW)).flat())).toEqual(['002']);
    expect(ids(Object.values(lanesOf(orders, 'all', 'soon', NOW)).flat())).toEqual(['001', '004', '005']);
    expect(ids(Object.values(lanesOf(orders, 'all', 'later', NOW)).flat())).toEqual(['002', '003']);
  });

  it('lists the finished ones apart, the latest first', () => {
    expect(ids(finishedOf(orders, 'all', 'all', NOW))).toEqual(['007', '006']);
  });
});

describe('countdown', () => {
  it('counts minutes and seconds down, then up once past', () => {
    expect(countdown(at(4.5), NOW)).toEqual({ seconds: 270, past: false, clock: '4:30', minutes: 5 });
    expect(countdown(at(-1), NOW)).toEqual({ seconds: -60, past: true, clock: '1:00', minutes: 1 });
    expect(countdown(at(135), NOW)).toMatchObject({ clock: '135:00', minutes: 135 });
  });
});

describe('dueNow and arrivals', () => {
  it('flags an accepted future order whose preparation time has come', () => {
    expect(dueNow(order('1', { status: 'accepted', dueToPrepareAt: at(-1) }), NOW)).toBe(true);
    expect(dueNow(order('1', { status: 'accepted', dueToPrepareAt: at(1) }), NOW)).toBe(false);
    expect(dueNow(order('1', { status: 'preparing', dueToPrepareAt: at(-1) }), NOW)).toBe(false);
  });

  it('names only new pending orders as arrivals', () => {
    const next = [order('1', {}), order('2', {}), order('3', { status: 'accepted' })];
    expect(ids(arrivals(new Set(['1']), next))).toEqual(['2']);
  });
});
