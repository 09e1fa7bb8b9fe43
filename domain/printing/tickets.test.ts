import { describe, expect, it } from 'vitest';
import { sampleOrder, ticketsFor, type PrinterRoute } from './tickets.ts';

const DRINKS = '0190a5d2-0000-7000-8000-00000000000d';
const FOOD = '0190a5d2-0000-7000-8000-00000000000f';

const order = { ...sampleOrder('加一茶飲', '信義店', [DRINKS, FOOD]), total: 185 };

const printer = (over: Partial<PrinterRoute>): PrinterRoute => ({
  name: '櫃檯',
  kind: 'receipt_58',
  methods: ['pickup', 'delivery', 'dine_in'],
  categoryIds: [],
  copies: 1,
  ...over,
});

describe('what each printer prints for an order', () => {
  it('the counter prints the whole order, as many copies as set', () => {
    const tickets = ticketsFor(printer({ copies: 2 }), order);
    expect(tickets).toHaveLength(2);
    expect(tickets[0]).toMatchObject({ type: 'receipt', full: true, lines: order.lines });
  });

  it('the kitchen and the bar print only their categories', () => {
    expect(ticketsFor(printer({ name: '廚房', categoryIds: [FOOD] }), order)).toMatchObject([
      { type: 'receipt', full: false, lines: [{ name: '滷肉飯' }] },
    ]);
    expect(ticketsFor(printer({ name: '吧枱', categoryIds: [DRINKS] }), order)[0]).toMatchObject({
      lines: [{ name: '珍珠奶茶' }],
    });
  });

  it('the label printer prints one label per drink with its options', () => {
    const labels = ticketsFor(printer({ kind: 'label_40x25', categoryIds: [DRINKS] }), order);
    expect(labels).toMatchObject([
      { type: 'label', index: 1, of: 2, line: { name: '珍珠奶茶', choices: ['半糖', '少冰', '加珍珠'] } },
      { type: 'label', index: 2, of: 2 },
    ]);
  });

  it('prints nothing for an order type or categories it does not serve', () => {
    expect(ticketsFor(printer({ methods: ['delivery'] }), order)).toEqual([]);
    expect(ticketsFor(printer({ categoryIds: ['0190a5d2-0000-7000-8000-0000000000aa'] }), order)).toEqual([]);
  });
});
