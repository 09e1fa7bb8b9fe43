import type { Db } from '../client.ts';

/** The products a shop shows its customers: public, finished (named and priced), newest first. */
export async function listShopProducts(db: Db, tenantId: string) {
  return db.product.findMany({
    where: { tenantId, isPublic: true, deletedAt: null, awaitingDetails: false },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, code: true, name: true, description: true, price: true, stock: true, imageUrl: true },
    take: 200,
  });
}
