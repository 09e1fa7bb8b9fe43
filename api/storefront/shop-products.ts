import type { FastifyInstance } from 'fastify';
import { listShopProducts } from '../../db/storefront/shop-products.ts';
import { productImageUrls, type ProductImageSize } from '../../domain/catalog/image-type.ts';
import { isLowStock, isSoldOut } from '../../domain/orders/stock.ts';
import type { ServerDeps } from '../deps.ts';
import { SHOP_NOT_FOUND, shopCustomers } from './shop-customer.ts';

/** A product as a customer sees it: the stock only as "low" or "sold out", never the count. */
export interface ShopProduct {
  id: string;
  code: string;
  name: string;
  description: string | null;
  price: number;
  soldOut: boolean;
  lowStock: boolean;
  image: Record<ProductImageSize, string> | null;
}

/** GET /api/shop/:tenant/products — the shop's public products for its customer pages (no sign-in). */
export async function shopProductRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const shops = shopCustomers(opts.deps);
  app.get(
    '/api/shop/:tenant/products',
    { config: { doc: { summary: "A shop's public products, as its customers see them" } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const rows = await listShopProducts(db, shop.id);
      const products: ShopProduct[] = rows.map((row) => ({
        id: row.id,
        code: row.code,
        name: row.name,
        description: row.description,
        price: row.price,
        soldOut: isSoldOut(row.stock),
        lowStock: isLowStock(row.stock),
        image: productImageUrls(row.imageUrl),
      }));
      return reply.header('cache-control', 'no-store').send({ products });
    },
  );
}
