import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../form-errors.ts';
import {
  categoryOrderSchema,
  categorySchema,
  itemMenuSchema,
  optionGroupSchema,
  priceOf,
  tagsSchema,
  validateSelection,
  type MenuGroup,
} from './menu-rules.ts';

const sweetness: MenuGroup = {
  id: 'g-sweet',
  name: '甜度',
  minSelect: 1,
  maxSelect: 1,
  choices: [
    { id: 'c-full', name: '全糖', priceDelta: 0 },
    { id: 'c-half', name: '半糖', priceDelta: 0 },
  ],
};
const extras: MenuGroup = {
  id: 'g-extra',
  name: '加購',
  minSelect: 0,
  maxSelect: 2,
  choices: [
    { id: 'c-egg', name: '加蛋', priceDelta: 15 },
    { id: 'c-cheese', name: '加起司', priceDelta: 20 },
  ],
};
const item = { price: 65, groups: [sweetness, extras] };

describe('categories', () => {
  it('trims the name and refuses a blank one in zh-TW', () => {
    expect(categorySchema.parse({ name: ' 主餐 ', sortOrder: 2 })).toEqual({ name: '主餐', sortOrder: 2 });
    const r = categorySchema.safeParse({ name: '  ' });
    expect(r.success || fieldErrors(r.error)).toEqual({ name: '請輸入分類名稱' });
  });
  it('refuses a repeated id in an order', () => {
    const id = '0193c1a2-0000-7000-8000-000000000001';
    expect(categoryOrderSchema.safeParse({ ids: [id, id] }).success).toBe(false);
  });
});

describe('tags', () => {
  it('drops duplicates and allows at most eight', () => {
    expect(tagsSchema.parse(['辣', '素', '辣'])).toEqual(['辣', '素']);
    expect(tagsSchema.safeParse(['1', '2', '3', '4', '5', '6', '7', '8', '9']).success).toBe(false);
    expect(tagsSchema.safeParse(['太長的標籤名稱超過十個字了']).success).toBe(false);
    expect(tagsSchema.safeParse(['辣,素']).success).toBe(false);
  });
  it('an item edit needs at least one field', () => {
    expect(itemMenuSchema.safeParse({}).success).toBe(false);
    expect(itemMenuSchema.parse({ tags: ['招牌'] })).toEqual({ tags: ['招牌'] });
  });
});

describe('option groups', () => {
  const choices = [
    { name: '加蛋', priceDelta: 15 },
    { name: '加起司', priceDelta: 20 },
  ];
  it('fills min/max from required and single/multiple', () => {
    expect(optionGroupSchema.parse({ name: '甜度', required: true, multiple: false, choices })).toMatchObject({
      minSelect: 1,
      maxSelect: 1,
    });
    expect(optionGroupSchema.parse({ name: '加購', required: false, multiple: true, choices })).toMatchObject({
      minSelect: 0,
      maxSelect: 2,
    });
  });
  it('refuses min/max that contradict required or single', () => {
    const errors = (input: object) => {
      const r = optionGroupSchema.safeParse({ name: '加購', choices, ...input });
      return r.success ? {} : fieldErrors(r.error);
    };
    expect(errors({ required: true, multiple: true, minSelect: 0 })).toEqual({ minSelect: '必選群組最少要選 1 個' });
    expect(errors({ required: false, multiple: true, minSelect: 1 })).toEqual({
      minSelect: '非必選群組最少選擇數必須是 0',
    });
    expect(errors({ required: true, multiple: true, minSelect: 2, maxSelect: 1 })).toEqual({
      maxSelect: '最多選擇數不能小於最少選擇數',
    });
    expect(errors({ required: false, multiple: true, maxSelect: 3 })).toEqual({
      maxSelect: '最多選擇數不能超過選項數',
    });
  });
  it('refuses a negative or fractional price delta and duplicate names', () => {
    const bad = (c: object[]) =>
      optionGroupSchema.safeParse({ name: 'x', required: false, multiple: true, choices: c }).success;
    expect(bad([{ name: '加蛋', priceDelta: -5 }])).toBe(false);
    expect(bad([{ name: '加蛋', priceDelta: 1.5 }])).toBe(false);
    expect(
      bad([
        { name: '加蛋', priceDelta: 1 },
        { name: '加蛋', priceDelta: 2 },
      ]),
    ).toBe(false);
    expect(bad([])).toBe(false);
  });
});

describe('priceOf', () => {
  it('adds the chosen deltas to the item price', () => {
    expect(priceOf(item, null, { 'g-sweet': ['c-half'], 'g-extra': ['c-egg', 'c-cheese'] })).toBe(100);
  });
  it('starts from the branch price when the branch sets one', () => {
    expect(priceOf(item, 70, { 'g-extra': ['c-egg'] })).toBe(85);
    expect(priceOf(item, 0, {})).toBe(0);
  });
});

describe('validateSelection', () => {
  it('accepts a complete selection', () => {
    expect(validateSelection(item.groups, { 'g-sweet': ['c-full'] })).toEqual([]);
  });
  it('names a missing required group, too many choices and unknown ones', () => {
    expect(validateSelection(item.groups, {})).toEqual(['請選擇「甜度」']);
    expect(validateSelection(item.groups, { 'g-sweet': ['c-full', 'c-half'] })).toEqual(['「甜度」最多只能選 1 個']);
    expect(validateSelection(item.groups, { 'g-sweet': ['c-egg'] })).toEqual(['「甜度」沒有這個選項']);
    expect(validateSelection(item.groups, { 'g-sweet': ['c-full'], 'g-other': ['x'] })).toEqual([
      '選了這個品項沒有的選項群組',
    ]);
    expect(validateSelection(item.groups, { 'g-sweet': ['c-full'], 'g-extra': ['c-egg', 'c-egg'] })).toEqual([
      '「加購」同一個選項選了兩次',
    ]);
  });
});
