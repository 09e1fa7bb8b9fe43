import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findShopProduct, listShopProducts } from '../../db/storefront/shop-products.ts';
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

const productParams = z.object({ tenant: z.string(), productId: z.uuid() });

function toShopProduct(row: {
  id: string;
  code: string;
  name: string;
  description: string | null;
  price: number;
  stock: number;
  imageUrl: string | null;
}): ShopProduct {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    price: row.price,
    soldOut: isSoldOut(row.stock),
    lowStock: isLowStock(row.stock),
    image: productImageUrls(row.imageUrl),
  };
}

/** GET /api/shop/:tenant/products[/:productId] — the shop's public products for its customer pages (no sign-in). */
export async function shopProductRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const shops = shopCustomers(opts.deps);
  app.get(
    '/api/shop/:tenant/products',
    { config: { doc: { summary: "A shop's public products, as its customers see them" } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      const products = (await listShopProducts(db, shop.id)).map(toShopProduct);
      return reply.header('cache-control', 'no-store').send({ products });
    },
  );

  app.get(
    '/api/shop/:tenant/products/:productId',
    { config: { doc: { summary: 'One public product, as its customers see it', params: productParams } } },
    async (request, reply) => {
      const shop = await shops.shopOf(request);
      const id = productParams.shape.productId.safeParse((request.params as { productId?: unknown }).productId);
      const row = shop && id.success ? await findShopProduct(db, shop.id, id.data) : null;
      if (!shop) return reply.code(404).send(SHOP_NOT_FOUND);
      if (!row) return reply.code(404).send({ code: 'product_not_found', message: '這個商品已下架或不存在' });
      return reply.header('cache-control', 'no-store').send({ product: toShopProduct(row) });
    },
  );
}
