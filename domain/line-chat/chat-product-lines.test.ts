import { describe, expect, it } from 'vitest';
import { parseChatProductLines, type ChatProductChanges } from './chat-product-lines.ts';
import {
  chatProductEditReply,
  missingForSale,
  newOrderAlert,
  photoProductCreatedReply,
} from './chat-product-replies.ts';

const ok = (text: string, changes: ChatProductChanges) => [text, changes] as const;

describe('parseChatProductLines: understood', () => {
  it.each([
    ok('商品名:新款上衣', { name: '新款上衣' }),
    ok('商品名：新款上衣', { name: '新款上衣' }),
    ok('商品名 新款上衣', { name: '新款上衣' }),
    ok('商品名\u3000新款上衣', { name: '新款上衣' }),
    ok('商品名 : 新款上衣', { name: '新款上衣' }),
    ok('商品名：\u3000 新款 上衣 ', { name: '新款 上衣' }),
    ok('商品名稱:圍巾', { name: '圍巾' }),
    ok('名稱 圍巾', { name: '圍巾' }),
    ok('品名：圍巾', { name: '圍巾' }),
    ok('Name: Scarf', { name: 'Scarf' }),
    ok('價格 1500', { price: 1500 }),
    ok('價格：１５００', { price: 1500 }),
    ok('價格:1,500', { price: 1500 }),
    ok('售價 NT$1500', { price: 1500 }),
    ok('價錢 1500元', { price: 1500 }),
    ok('单价 99', { price: 99 }),
    ok('庫存　20', { stock: 20 }),
    ok('庫存：０', { stock: 0 }),
    ok('數量 5件', { stock: 5 }),
    ok('庫存 無限', { stock: -1 }),
    ok('庫存 -1', { stock: -1 }),
    ok('描述：純棉，可機洗', { description: '純棉，可機洗' }),
    ok('分類 上衣', { category: '上衣' }),
    ok('商品名:新款上衣\n價格 1500\n庫存　20', { name: '新款上衣', price: 1500, stock: 20 }),
    ok('商品名：A\r\n\r\n價格：2\n', { name: 'A', price: 2 }),
    ok('價格 100\n價格 200', { price: 200 }),
    ok('商品名:時間 12:30 限定', { name: '時間 12:30 限定' }),
  ])('%j', (text, changes) => {
    expect(parseChatProductLines(text)).toEqual({ changes, problems: [] });
  });
});

describe('parseChatProductLines: not understood or bad values are named', () => {
  it.each([
    ['顏色 紅色', '顏色 紅色', '看不懂'],
    ['價格1500', '價格1500', '看不懂'],
    ['價格 abc', '價格 abc', '價格請輸入'],
    ['價格 0', '價格 0', '價格請輸入'],
    ['價格 -5', '價格 -5', '價格請輸入'],
    ['價格 15.5', '價格 15.5', '價格請輸入'],
    ['價格 99999999', '價格 99999999', '價格不能大於'],
    ['庫存 -2', '庫存 -2', '庫存'],
    ['庫存 很多', '庫存 很多', '庫存請輸入'],
    ['商品名:', '商品名:', '沒有填值'],
    [`商品名:${'長'.repeat(101)}`, `商品名:${'長'.repeat(36)}…`, '最多 100 個字'],
    ['+1', '+1', '看不懂'],
    ['<script>alert(1)</script>', '<script>alert(1)</script>', '看不懂'],
  ])('%j', (text, line, reason) => {
    const result = parseChatProductLines(text);
    expect(result.changes).toEqual({});
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.line).toBe(line);
    expect(result.problems[0]!.reason).toContain(reason);
  });

  it('keeps the good lines of a mixed message and names each bad one', () => {
    const result = parseChatProductLines('商品名：上衣\n尺寸 M\n價格 abc\n庫存 3');
    expect(result.changes).toEqual({ name: '上衣', stock: 3 });
    expect(result.problems.map((p) => p.line)).toEqual(['尺寸 M', '價格 abc']);
  });

  it('an empty or blank message changes nothing and names nothing', () => {
    for (const text of ['', '\n\n', ' \u3000 '])
      expect(parseChatProductLines(text)).toEqual({ changes: {}, problems: [] });
  });

  it('reads at most 20 lines', () => {
    const text = Array.from({ length: 22 }, (_, i) => `庫存 ${i}`).join('\n');
    const result = parseChatProductLines(text);
    expect(result.changes).toEqual({ stock: 19 });
    expect(result.problems).toHaveLength(2);
  });
});

describe('chat product replies', () => {
  it('the photo reply gives the code and the format', () => {
    const text = photoProductCreatedReply({ code: '261122003' });
    expect(text).toContain('261122003');
    expect(text).toContain('商品名:新款上衣');
    expect(text).toContain('尚未公開');
  });

  it('an edit reply lists the changes, the lines not handled and what is still missing', () => {
    const text = chatProductEditReply({
      code: '261122003',
      changes: { name: '上衣', stock: -1 },
      problems: [{ line: '尺寸 M', reason: '看不懂這行' }],
      published: false,
      missing: ['price'],
      isPublic: false,
    });
    expect(text).toContain('・商品名：「上衣」');
    expect(text).toContain('・庫存：無限');
    expect(text).toContain('・尺寸 M → 看不懂這行');
    expect(text).toContain('還缺：價格');
  });

  it('says when the product went on sale', () => {
    const text = chatProductEditReply({
      code: '1',
      changes: { price: 1500 },
      problems: [],
      published: true,
      missing: [],
      isPublic: true,
    });
    expect(text).toContain('・價格：NT$1,500');
    expect(text).toContain('已公開');
  });

  it('missingForSale', () => {
    expect(missingForSale({ name: '', price: 0 })).toEqual(['name', 'price']);
    expect(missingForSale({ name: 'A', price: 0 })).toEqual(['price']);
    expect(missingForSale({ name: 'A', price: 1 })).toEqual([]);
  });

  it('the new-order push names number, customer, items and total', () => {
    const text = newOrderAlert({
      orderNumber: 'ABCD-20261122-0001',
      customerName: '王小明',
      items: [{ productCode: '261122001', productName: '圍巾', unitPrice: 500, requested: 2, allocated: 2 }],
      total: 1000,
      reservation: false,
    });
    expect(text).toMatch(/^【新訂單】/);
    expect(text).toContain('ABCD-20261122-0001');
    expect(text).toContain('王小明');
    expect(text).toContain('「圍巾」（261122001）');
    expect(text).toContain('合計：NT$1,000');
  });
});
