import { likeLiteral } from '../sql-like.ts';
import { v7 as uuidv7 } from 'uuid';
import { formatProductCode } from '../../domain/catalog/product-code.ts';
import { taipeiDayKey } from '../../domain/taipei-time.ts';
import type { ProductEdit, ProductFilter } from '../../domain/catalog/product-rules.ts';
import { LOW_STOCK_THRESHOLD } from '../../domain/orders/stock.ts';
import { offerToWaitlist } from '../orders/waitlist.ts';
import type { Db, Prisma } from '../client.ts';

export interface NewProduct {
  name: string;
  description?: string | null;
  category?: string | null;
  price: number;
  stock: number;
  isPublic?: boolean;
  imageUrl?: string | null;
}

/**
 * Creates a product with the next YYMMDDSEQ code of the tenant's Asia/Taipei day. The
 * sequence is an atomic upsert in the same transaction, so two products never share a code.
 */
export async function createProduct(db: Db, tenantId: string, product: NewProduct, now: Date = new Date()) {
  return db.$transaction((tx) => insertProduct(tx, tenantId, product, now));
}

/** createProduct inside a transaction the caller already holds (chat photos: db/catalog/chat-products.ts). */
export async function insertProduct(
  tx: Prisma.TransactionClient,
  tenantId: string,
  product: NewProduct & { awaitingDetails?: boolean },
  now: Date = new Date(),
) {
  const day = taipeiDayKey(now);
  const [sequence] = await tx.$queryRaw<{ value: number }[]>`
    INSERT INTO daily_sequences (tenant_id, kind, day, value)
    VALUES (${tenantId}::uuid, 'product_code', ${day}, 1)
    ON CONFLICT (tenant_id, kind, day) DO UPDATE SET value = daily_sequences.value + 1
    RETURNING value`;
  return tx.product.create({
    data: {
      id: uuidv7(),
      tenantId,
      code: formatProductCode(day, sequence!.value),
      name: product.name,
      description: product.description ?? null,
      category: product.category ?? null,
      price: product.price,
      stock: product.stock,
      isPublic: product.isPublic ?? true,
      imageUrl: product.imageUrl ?? null,
      awaitingDetails: product.awaitingDetails ?? false,
      createdAt: now,
    },
  });
}

export interface ProductListRow {
  id: string;
  code: string;
  name: string;
  description: string | null;
  category: string | null;
  price: number;
  stock: number;
  isPublic: boolean;
  imageUrl: string | null;
  createdAt: Date;
}

const productColumns = {
  id: true,
  code: true,
  name: true,
  description: true,
  category: true,
  price: true,
  stock: true,
  isPublic: true,
  imageUrl: true,
  createdAt: true,
} as const;

/**
 * One page of a tenant's products, newest first (codes grow with time, so by code), with
 * search by name and the list's filters (全部, 銷售中, 已停止, 庫存不足); deleted products never show.
 */
export async function listProducts(
  db: Db,
  tenantId: string,
  options: { query: string | null; filter: ProductFilter; limit: number; afterCode: string | null },
): Promise<{ products: ProductListRow[]; nextCode: string | null }> {
  const rows = await db.product.findMany({
    where: {
      tenantId,
      deletedAt: null,
      ...(options.query ? { name: { contains: likeLiteral(options.query), mode: 'insensitive' as const } } : {}),
      ...(options.filter === 'on_sale' ? { isPublic: true } : {}),
      ...(options.filter === 'stopped' ? { isPublic: false } : {}),
      ...(options.filter === 'low_stock' ? { stock: { gte: 0, lt: LOW_STOCK_THRESHOLD } } : {}),
      ...(options.afterCode ? { code: { lt: options.afterCode } } : {}),
    },
    orderBy: { code: 'desc' },
    take: options.limit + 1,
    select: productColumns,
  });
  const more = rows.length > options.limit;
  const products = rows.slice(0, options.limit);
  return { products, nextCode: more ? (products.at(-1)?.code ?? null) : null };
}

export async function findProduct(db: Db, tenantId: string, productId: string): Promise<ProductListRow | null> {
  return db.product.findFirst({ where: { id: productId, tenantId, deletedAt: null }, select: productColumns });
}

/**
 * Applies an edit (already validated by domain/catalog/product-rules.ts); null if not this tenant's.
 * Setting isPublic here is the merchant's own decision: a chat photo's product stops waiting
 * to be published by the chat (awaitingDetails, db/catalog/chat-products.ts).
 */
export async function updateProduct(db: Db, tenantId: string, productId: string, edit: Omit<ProductEdit, 'code'>) {
  const data = edit.isPublic === undefined ? edit : { ...edit, awaitingDetails: false };
  const count = await db.$transaction(async (tx) => {
    const { count } = await tx.product.updateMany({ where: { id: productId, tenantId, deletedAt: null }, data });
    // A restock (or a product made public again) goes to whoever waits for it first.
    if (count > 0 && (edit.stock !== undefined || edit.isPublic)) await offerToWaitlist(tx as unknown as Db, tenantId, [productId]);
    return count;
  });
  return count === 0 ? null : findProduct(db, tenantId, productId);
}

/**
 * Seed 000: a product that has orders cannot be deleted (the orders point at it); it is made
 * non-public instead. One without orders is deleted (soft: its code is never reused).
 */
export async function deleteOrHideProduct(
  db: Db,
  tenantId: string,
  productId: string,
): Promise<'deleted' | 'hidden' | null> {
  return db.$transaction(async (tx) => {
    const [product] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM products WHERE id = ${productId}::uuid AND tenant_id = ${tenantId}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!product) return null;
    const ordered = await tx.orderItem.count({ where: { tenantId, productId } });
    if (ordered > 0) {
      await tx.product.update({ where: { id: productId }, data: { isPublic: false } });
      return 'hidden';
    }
    await tx.product.update({ where: { id: productId }, data: { deletedAt: new Date(), isPublic: false } });
    return 'deleted';
  });
}

/** Points the product at its newly stored photo (the base path of its sizes). */
export async function setProductImage(db: Db, tenantId: string, productId: string, imageBase: string) {
  await db.product.updateMany({ where: { id: productId, tenantId, deletedAt: null }, data: { imageUrl: imageBase } });
  return findProduct(db, tenantId, productId);
}
