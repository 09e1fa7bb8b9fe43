import { z } from 'zod';
import { isValidStock, UNLIMITED_STOCK } from '../orders/stock.ts';

/**
 * What a product may be, shared by the API (which enforces it) and the admin form (which
 * explains it before the merchant presses 保存). Messages are zh-TW, the merchant's language.
 */
export const PRODUCT_NAME_MAX = 100;
export const PRODUCT_DESCRIPTION_MAX = 2000;
export const PRODUCT_CATEGORY_MAX = 50;
export const PRODUCT_PRICE_MAX = 10_000_000;
export const PRODUCT_STOCK_MAX = 1_000_000;

const integer = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label}必須是整數` })
    .int(`${label}必須是整數`)
    .min(min, `${label}不能小於 ${min}`)
    .max(max, `${label}不能大於 ${max.toLocaleString('en-US')}`);

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}最多 ${max} 個字`)
    .nullish()
    .transform((v) => v || null);

export const productFields = {
  name: z.string().trim().min(1, '請輸入商品名稱').max(PRODUCT_NAME_MAX, `商品名稱最多 ${PRODUCT_NAME_MAX} 個字`),
  description: optionalText('描述', PRODUCT_DESCRIPTION_MAX),
  category: optionalText('分類', PRODUCT_CATEGORY_MAX),
  price: integer('價格', 0, PRODUCT_PRICE_MAX),
  stock: integer('庫存', UNLIMITED_STOCK, PRODUCT_STOCK_MAX).refine(isValidStock, '庫存請輸入 0 以上的整數，或 -1 代表無限'),
  isPublic: z.boolean(),
};

/** A new product: name and price required; stock defaults to unlimited, public by default. */
export const newProductSchema = z.strictObject({
  ...productFields,
  stock: productFields.stock.default(UNLIMITED_STOCK),
  isPublic: productFields.isPublic.default(true),
  description: productFields.description.default(null),
  category: productFields.category.default(null),
});

/** An edit: any field but the code, which the system generates and nobody edits. */
export const productEditSchema = z
  .strictObject({
    name: productFields.name.optional(),
    description: productFields.description.optional(),
    category: productFields.category.optional(),
    price: productFields.price.optional(),
    stock: productFields.stock.optional(),
    isPublic: productFields.isPublic.optional(),
    code: z.never({ error: '商品代碼由系統產生，不能修改' }).optional(),
  })
  .refine((edit) => Object.keys(edit).length > 0, '沒有要修改的欄位');

export type NewProductInput = z.infer<typeof newProductSchema>;
export type ProductEdit = z.infer<typeof productEditSchema>;

/** Seed 000's list filters: 全部 / 銷售中 / 已停止 / 庫存不足. */
export const PRODUCT_FILTERS = ['all', 'on_sale', 'stopped', 'low_stock'] as const;
export type ProductFilter = (typeof PRODUCT_FILTERS)[number];
