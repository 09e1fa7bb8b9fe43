import { z } from 'zod';
import { PRODUCT_PRICE_MAX } from './product-rules.ts';

/**
 * The restaurant menu on top of the shared catalogue: categories, item tags and option groups
 * (甜度/冰塊/加購). Shared by the API (which enforces it), the admin pages (which explain it) and
 * the storefront and order workflow (priceOf, validateSelection). Messages are zh-TW.
 */
export const CATEGORY_NAME_MAX = 30;
export const TAG_MAX_LENGTH = 10;
export const TAGS_PER_ITEM_MAX = 8;
export const GROUP_NAME_MAX = 30;
export const CHOICE_NAME_MAX = 30;
export const CHOICES_PER_GROUP_MAX = 30;
export const GROUPS_PER_ITEM_MAX = 20;
export const PRICE_DELTA_MAX = 100_000;
export const SORT_ORDER_MAX = 100_000;

const uuid = (label: string) => z.uuid(`${label}不正確`);

export const categorySchema = z.strictObject({
  name: z.string().trim().min(1, '請輸入分類名稱').max(CATEGORY_NAME_MAX, `分類名稱最多 ${CATEGORY_NAME_MAX} 個字`),
  sortOrder: z
    .number({ error: '排序必須是整數' })
    .int('排序必須是整數')
    .min(0, '排序不能小於 0')
    .max(SORT_ORDER_MAX, `排序不能大於 ${SORT_ORDER_MAX}`)
    .optional(),
});
export type CategoryInput = z.infer<typeof categorySchema>;

/** The whole list of a shop's category ids, first shown first. */
export const categoryOrderSchema = z.strictObject({
  ids: z
    .array(uuid('分類'), { error: '請提供分類順序' })
    .max(500, '分類太多')
    .refine((ids) => new Set(ids).size === ids.length, '分類重複'),
});

const tag = z
  .string()
  .trim()
  .min(1, '標籤不能空白')
  .max(TAG_MAX_LENGTH, `標籤最多 ${TAG_MAX_LENGTH} 個字`)
  .refine((t) => !/[,，\s]/.test(t), '標籤不能有逗號或空白');

/** Short labels such as 辣, 素, 招牌; duplicates are dropped, order kept. */
export const tagsSchema = z
  .array(tag, { error: '標籤格式不正確' })
  .transform((tags) => [...new Set(tags)])
  .refine((tags) => tags.length <= TAGS_PER_ITEM_MAX, `標籤最多 ${TAGS_PER_ITEM_MAX} 個`);

export const choiceSchema = z.strictObject({
  /** Present when editing an existing choice, so its id (and past orders naming it) stay. */
  id: uuid('選項').optional(),
  name: z.string().trim().min(1, '請輸入選項名稱').max(CHOICE_NAME_MAX, `選項名稱最多 ${CHOICE_NAME_MAX} 個字`),
  priceDelta: z
    .number({ error: '加價必須是整數' })
    .int('加價必須是整數')
    .min(0, '加價不能小於 0')
    .max(PRICE_DELTA_MAX, `加價不能大於 ${PRICE_DELTA_MAX.toLocaleString('en-US')}`),
});
export type ChoiceInput = z.infer<typeof choiceSchema>;

/**
 * A shared option group. required: the customer must pick at least one (minSelect ≥ 1);
 * multiple false: at most one (maxSelect 1). min/max default from those two.
 */
export const optionGroupSchema = z
  .strictObject({
    name: z.string().trim().min(1, '請輸入群組名稱').max(GROUP_NAME_MAX, `群組名稱最多 ${GROUP_NAME_MAX} 個字`),
    required: z.boolean({ error: '請選擇是否必選' }),
    multiple: z.boolean({ error: '請選擇單選或複選' }),
    minSelect: z
      .number({ error: '最少選擇數必須是整數' })
      .int('最少選擇數必須是整數')
      .min(0, '最少選擇數不能小於 0')
      .optional(),
    maxSelect: z
      .number({ error: '最多選擇數必須是整數' })
      .int('最多選擇數必須是整數')
      .min(1, '最多選擇數不能小於 1')
      .optional(),
    choices: z
      .array(choiceSchema, { error: '請加入選項' })
      .min(1, '至少要有一個選項')
      .max(CHOICES_PER_GROUP_MAX, `選項最多 ${CHOICES_PER_GROUP_MAX} 個`),
  })
  .transform((g) => {
    const minSelect = g.minSelect ?? (g.required ? 1 : 0);
    const maxSelect = g.multiple ? (g.maxSelect ?? g.choices.length) : 1;
    return { ...g, minSelect, maxSelect };
  })
  .superRefine((g, ctx) => {
    const names = g.choices.map((c) => c.name);
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', path: ['choices'], message: '選項名稱重複' });
    if (g.required && g.minSelect < 1)
      ctx.addIssue({ code: 'custom', path: ['minSelect'], message: '必選群組最少要選 1 個' });
    if (!g.required && g.minSelect !== 0)
      ctx.addIssue({ code: 'custom', path: ['minSelect'], message: '非必選群組最少選擇數必須是 0' });
    if (!g.multiple && g.minSelect > 1)
      ctx.addIssue({ code: 'custom', path: ['minSelect'], message: '單選群組最少只能選 1 個' });
    if (g.maxSelect < g.minSelect)
      ctx.addIssue({ code: 'custom', path: ['maxSelect'], message: '最多選擇數不能小於最少選擇數' });
    if (g.maxSelect > g.choices.length)
      ctx.addIssue({ code: 'custom', path: ['maxSelect'], message: '最多選擇數不能超過選項數' });
  });
export type OptionGroupInput = z.infer<typeof optionGroupSchema>;

/** An item's menu fields: its category, tags and its option groups in the order shown. */
export const itemMenuSchema = z
  .strictObject({
    categoryId: uuid('分類').nullable().optional(),
    tags: tagsSchema.optional(),
    sortOrder: categorySchema.shape.sortOrder,
    groupIds: z
      .array(uuid('選項群組'))
      .max(GROUPS_PER_ITEM_MAX, `選項群組最多 ${GROUPS_PER_ITEM_MAX} 個`)
      .refine((ids) => new Set(ids).size === ids.length, '選項群組重複')
      .optional(),
  })
  .refine((v) => Object.keys(v).length > 0, '沒有要修改的欄位');
export type ItemMenuInput = z.infer<typeof itemMenuSchema>;

/** One branch's availability and price for an item; a null price means the item's own price. */
export const branchItemSchema = z.strictObject({
  available: z.boolean({ error: '請選擇是否供應' }),
  price: z
    .number({ error: '分店價格必須是整數' })
    .int('分店價格必須是整數')
    .min(0, '分店價格不能小於 0')
    .max(PRODUCT_PRICE_MAX, `分店價格不能大於 ${PRODUCT_PRICE_MAX.toLocaleString('en-US')}`)
    .nullable(),
});
export type BranchItemInput = z.infer<typeof branchItemSchema>;

/** What the storefront and the order workflow know of a group. */
export interface MenuGroup {
  id: string;
  name: string;
  minSelect: number;
  maxSelect: number;
  choices: { id: string; name: string; priceDelta: number }[];
}

/** The customer's picks: group id → the choice ids picked in it. */
export type ChosenOptions = Record<string, readonly string[]>;

/**
 * The price of one of the item with the chosen options, integer NT$: the branch price when the
 * branch sets one, else the item's, plus each chosen choice's delta. Unknown ids add nothing
 * (validateSelection refuses them first).
 */
export function priceOf(
  item: { price: number; groups: readonly MenuGroup[] },
  branchPrice: number | null,
  chosen: ChosenOptions,
): number {
  let total = branchPrice ?? item.price;
  for (const group of item.groups) {
    const picked = new Set(chosen[group.id] ?? []);
    for (const choice of group.choices) if (picked.has(choice.id)) total += choice.priceDelta;
  }
  return total;
}

/** Why the picks cannot be ordered, in zh-TW, one line per problem; empty when they can. */
export function validateSelection(groups: readonly MenuGroup[], chosen: ChosenOptions): string[] {
  const problems: string[] = [];
  const byId = new Map(groups.map((g) => [g.id, g]));
  for (const groupId of Object.keys(chosen)) {
    if (!byId.has(groupId)) problems.push('選了這個品項沒有的選項群組');
  }
  for (const group of groups) {
    const picked = chosen[group.id] ?? [];
    const known = new Set(group.choices.map((c) => c.id));
    if (picked.some((id) => !known.has(id))) problems.push(`「${group.name}」沒有這個選項`);
    if (new Set(picked).size !== picked.length) problems.push(`「${group.name}」同一個選項選了兩次`);
    if (picked.length < group.minSelect) {
      problems.push(
        group.minSelect === 1 ? `請選擇「${group.name}」` : `「${group.name}」至少要選 ${group.minSelect} 個`,
      );
    }
    if (picked.length > group.maxSelect) problems.push(`「${group.name}」最多只能選 ${group.maxSelect} 個`);
  }
  return problems;
}
