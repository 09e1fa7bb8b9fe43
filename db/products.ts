import { v7 as uuidv7 } from 'uuid';
import { formatProductCode } from '../domain/product-code.ts';
import { taipeiDayKey } from '../domain/taipei-time.ts';
import type { Db } from './client.ts';

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
  return db.$transaction(async (tx) => {
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
        createdAt: now,
      },
    });
  });
}
