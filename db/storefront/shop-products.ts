import type { Db } from '../client.ts';

/** What a customer may see and order: public, not deleted, named and priced. */
const onSale = { isPublic: true, deletedAt: null, awaitingDetails: false } as const;
const select = {
  id: true,
  code: true,
  name: true,
  description: true,
  price: true,
  stock: true,
  imageUrl: true,
} as const;

/** One product a customer may see, by ID, in this shop only. */
export async function findShopProduct(db: Db, tenantId: string, productId: string) {
  return db.product.findFirst({ where: { tenantId, id: productId, ...onSale }, select });
}

/** The products a shop shows its customers, newest first. */
export async function listShopProducts(db: Db, tenantId: string) {
  return db.product.findMany({
    where: { tenantId, ...onSale },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select,
    take: 200,
  });
}
