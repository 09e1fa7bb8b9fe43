import { describe, expect, it } from 'vitest';
import {
  addressedToMember,
  defaultWelcomeMessage,
  historyInSharedChatReply,
  noProductOnSaleReply,
  type OrderHistoryEntry,
  orderHistoryReply,
  type OrderedItem,
  orderPlacedReply,
  soldOutReply,
  stockShortageAlert,
  unknownProductReply,
  welcomeMessage,
} from './chat-replies.ts';
import { LINE_TEXT_MAX_LENGTH } from './line-text.ts';

const daifuku: OrderedItem = {
  productCode: '260108001',
  productName: '草莓大福',
  unitPrice: 150,
  requested: 2,
  allocated: 2,
};

describe('orderPlacedReply', () => {
  it('thanks the customer and lists number, item and total', () => {
    const text = orderPlacedReply({ orderNumber: 'BXAB-20260108-0001', items: [daifuku], total: 300 });
    expect(text).toBe(
      [
        '感謝您的訂購！',
        '訂單編號：BXAB-20260108-0001',
        '',
        '・「草莓大福」（260108001）',
        '　2 件 × NT$150 = NT$300',
        '',
        '合計：NT$300',
        '如有任何問題，歡迎直接留言詢問。',
      ].join('\n'),
    );
  });

  it('says clearly how many were kept when stock was short', () => {
    const text = orderPlacedReply({
      orderNumber: 'BXAB-20260108-0002',
      items: [{ ...daifuku, requested: 3, allocated: 2 }],
      total: 300,
    });
    expect(text).toContain('　2 件 × NT$150 = NT$300');
    expect(text).toContain('※ 您訂購 3 件，因庫存不足，只為您保留 2 件');
    expect(text).toContain('合計：NT$300');
  });

  it('says nothing about stock when all was kept', () => {
    const text = orderPlacedReply({ orderNumber: 'BXAB-20260108-0001', items: [daifuku], total: 300 });
    expect(text).not.toContain('庫存');
  });

  it('lists several items, with a note only on the short one and no price on an empty one', () => {
    const text = orderPlacedReply({
      orderNumber: 'BXAB-20260108-0003',
      items: [
        daifuku,
        { productCode: '260108002', productName: '芒果冰', unitPrice: 1200, requested: 5, allocated: 1 },
        { productCode: '260108003', productName: '抹茶捲', unitPrice: 80, requested: 1, allocated: 0 },
      ],
      total: 1500,
    });
    expect(text).toContain(
      '・「芒果冰」（260108002）\n　1 件 × NT$1,200 = NT$1,200\n　※ 您訂購 5 件，因庫存不足，只為您保留 1 件',
    );
    expect(text).toContain('・「抹茶捲」（260108003）\n　※ 很抱歉，此商品庫存不足，未能為您保留');
    expect(text).not.toContain('0 件 ×');
    expect(text).toContain('合計：NT$1,500');
    expect(text.match(/※/g)).toHaveLength(2);
  });

  it('keeps merchant-entered names on one line and short', () => {
    const text = orderPlacedReply({
      orderNumber: 'BXAB-20260108-0001',
      items: [{ ...daifuku, productName: `草莓\n大福${'大'.repeat(200)}` }],
      total: 300,
    });
    const itemLine = text.split('\n').find((line) => line.startsWith('・'));
    expect(itemLine).toMatch(/^・「草莓 大福大+…」（260108001）$/);
    expect(itemLine!.length).toBeLessThan(80);
  });

  it('fits a huge order into one LINE message and counts what was left out', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({
      ...daifuku,
      productCode: String(260108001 + i),
      productName: '🍓'.repeat(40),
    }));
    const text = orderPlacedReply({ orderNumber: 'BXAB-20260108-0001', items, total: 300_000 });
    expect(text.length).toBeLessThanOrEqual(LINE_TEXT_MAX_LENGTH);
    const shown = text.split('\n').filter((line) => line.startsWith('・')).length;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(1000);
    expect(text).toContain(`…另有 ${1000 - shown} 項商品未列出`);
    expect(text.startsWith('感謝您的訂購！\n訂單編號：BXAB-20260108-0001')).toBe(true);
    expect(text.endsWith('合計：NT$300,000\n如有任何問題，歡迎直接留言詢問。')).toBe(true);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no broken emoji
  });

  it('does not add the notice when everything fits', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ ...daifuku, productCode: String(260108001 + i) }));
    const text = orderPlacedReply({ orderNumber: 'BXAB-20260108-0001', items, total: 6000 });
    expect(text).not.toContain('另有');
    expect(text.split('\n').filter((line) => line.startsWith('・'))).toHaveLength(20);
  });
});

describe('soldOutReply', () => {
  it('apologises, names the product and says no order was made', () => {
    expect(soldOutReply({ productCode: '260108001', productName: '草莓大福' })).toBe(
      '很抱歉，「草莓大福」（260108001）已經售完，這次沒有為您成立訂單。\n造成不便，敬請見諒。',
    );
  });
});

describe('unknownProductReply', () => {
  it('names the code and asks to check it', () => {
    const text = unknownProductReply('2025001');
    expect(text).toContain('找不到商品代碼 2025001');
    expect(text).toContain('沒有開放購買');
    expect(text).toContain('請確認商品代碼');
  });

  it('cuts a hostile code', () => {
    const text = unknownProductReply('9'.repeat(10_000));
    expect(text.length).toBeLessThan(200);
  });
});

describe('noProductOnSaleReply', () => {
  it('says there is nothing on sale and no order was made', () => {
    const text = noProductOnSaleReply();
    expect(text).toContain('目前沒有開放購買的商品');
    expect(text).toContain('沒有為您成立訂單');
  });
});

describe('stockShortageAlert', () => {
  it('reports a partial order', () => {
    expect(
      stockShortageAlert({
        productCode: '260108001',
        productName: '草莓大福',
        requested: 3,
        allocated: 2,
        missing: 1,
        orderNumber: 'BXAB-20260108-0002',
        customerName: '王小明',
      }),
    ).toBe(
      [
        '【庫存不足】',
        '商品：「草莓大福」（260108001）',
        '顧客：王小明',
        '訂購數量：3 件',
        '已保留：2 件',
        '不足：1 件',
        '訂單編號：BXAB-20260108-0002',
        '請盡快補貨，或與顧客聯絡。',
      ].join('\n'),
    );
  });

  it('reports a complete shortage without an order', () => {
    const text = stockShortageAlert({
      productCode: '260108001',
      productName: '草莓大福',
      requested: 2,
      allocated: 0,
      missing: 2,
      orderNumber: null,
      customerName: '王小明',
    });
    expect(text.split('\n')[0]).toBe('【完全缺貨】');
    expect(text).toContain('已保留：0 件');
    expect(text).toContain('不足：2 件');
    expect(text).toContain('訂單：未成立');
    expect(text).not.toContain('訂單編號');
  });

  it('keeps a hostile customer name on one short line', () => {
    const text = stockShortageAlert({
      productCode: '260108001',
      productName: '草莓大福',
      requested: 2,
      allocated: 1,
      missing: 1,
      orderNumber: 'BXAB-20260108-0002',
      customerName: `王\n小明${'😀'.repeat(5000)}`,
    });
    expect(text.length).toBeLessThanOrEqual(LINE_TEXT_MAX_LENGTH);
    expect(text.split('\n')).toHaveLength(8);
    expect(text).toMatch(/^顧客：王 小明(?:😀)+…$/mu);
  });
});

describe('welcome messages', () => {
  it('the default names the shop and explains the chat commands', () => {
    const text = defaultWelcomeMessage('小花的店');
    expect(text.startsWith('歡迎加入「小花的店」的 LINE 好友！')).toBe(true);
    for (const part of ['+1', '商品代碼+數量', '幫我留', '【履歷】', '我要']) expect(text).toContain(part);
  });

  it("uses the shop's own text, and the default when it is blank", () => {
    expect(welcomeMessage({ name: '店', welcomeMessage: ' 歡迎！ ' })).toBe('歡迎！');
    expect(welcomeMessage({ name: '店', welcomeMessage: '   ' })).toBe(defaultWelcomeMessage('店'));
    expect(welcomeMessage({ name: '店', welcomeMessage: null })).toBe(defaultWelcomeMessage('店'));
    expect(welcomeMessage({ name: '店', welcomeMessage: '長'.repeat(9000) })).toHaveLength(LINE_TEXT_MAX_LENGTH);
  });

  it('keeps a hostile shop name on one short line', () => {
    const text = defaultWelcomeMessage('壞\n\n名字'.repeat(50));
    expect(text.split('\n')[0]!.length).toBeLessThan(100);
  });
});

describe('orderHistoryReply', () => {
  const entry = (n: number, overrides: Partial<OrderHistoryEntry> = {}): OrderHistoryEntry => ({
    orderNumber: `BXAB-2026010${n}-0001`,
    status: 'confirmed',
    total: 300,
    createdAt: new Date(`2026-01-0${n}T04:05:00Z`),
    items: [{ productCode: '260108001', productName: '草莓大福', allocated: 2 }],
    ...overrides,
  });

  it('lists number, Taipei date and time, status label, items and total', () => {
    expect(orderHistoryReply({ orders: [entry(2, { status: 'shipped' }), entry(1)], totalCount: 2 })).toBe(
      [
        '您的訂單（共 2 筆）：',
        '',
        '1. BXAB-20260102-0001',
        '　2026/01/02 12:05｜已出貨',
        '　「草莓大福」（260108001）× 2',
        '　合計：NT$300',
        '',
        '2. BXAB-20260101-0001',
        '　2026/01/01 12:05｜已購買',
        '　「草莓大福」（260108001）× 2',
        '　合計：NT$300',
        '',
        '訂單內容有任何問題，歡迎直接留言詢問。',
      ].join('\n'),
    );
  });

  it('says how many orders there are when older ones are left out', () => {
    const text = orderHistoryReply({ orders: [entry(1), entry(2), entry(3), entry(4), entry(5)], totalCount: 12 });
    expect(text.startsWith('您共有 12 筆訂單，以下是最近 5 筆：')).toBe(true);
  });

  it('answers a customer without orders with how to order', () => {
    expect(orderHistoryReply({ orders: [], totalCount: 0 })).toContain('目前還沒有您的訂單紀錄');
  });

  it('cuts long item lists and stays within one LINE message', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      productCode: `2601080${String(i).padStart(2, '0')}`,
      productName: '很長的名字'.repeat(40),
      allocated: 1,
    }));
    const text = orderHistoryReply({ orders: [1, 2, 3, 4, 5].map((n) => entry(n, { items })), totalCount: 5 });
    expect(text).toContain('…另有 25 項商品');
    expect(text.length).toBeLessThanOrEqual(LINE_TEXT_MAX_LENGTH);
  });
});

describe('group chat replies', () => {
  it('heads a reply with the customer name', () => {
    expect(addressedToMember('王小明', '感謝您的訂購！')).toBe('@王小明\n感謝您的訂購！');
    expect(addressedToMember('王\n小明', 'x')).toBe('@王 小明\nx');
    expect(addressedToMember('王', 'x'.repeat(6000))).toHaveLength(LINE_TEXT_MAX_LENGTH);
  });

  it('keeps history out of the group', () => {
    const text = historyInSharedChatReply('王小明');
    expect(text.startsWith('@王小明\n')).toBe(true);
    expect(text).toContain('一對一聊天室');
  });
});
