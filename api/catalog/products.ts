import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { searchTextSchema } from '../../domain/query-inputs.ts';
import {
  createProduct,
  deleteOrHideProduct,
  findProduct,
  listProducts,
  setProductImage,
  updateProduct,
  type ProductListRow,
} from '../../db/catalog/products.ts';
import { MAX_IMAGE_BYTES, productImageUrls } from '../../domain/catalog/image-type.ts';
import { newProductSchema, PRODUCT_FILTERS, productEditSchema } from '../../domain/catalog/product-rules.ts';
import { isLowStock } from '../../domain/orders/stock.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { ImageRejectedError, storeProductImage } from '../../storage/catalog/product-images.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { CATALOG_READ } from '../../domain/team/page-sets.ts';

const productParams = z.object({ productId: z.uuid() });
const listQuery = z.object({
  q: searchTextSchema.optional(),
  filter: z.enum(PRODUCT_FILTERS).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  after: z
    .string()
    .regex(/^\d{9,10}$/, 'after is a product code')
    .optional(),
});

const NOT_FOUND = { code: 'not_found', message: '找不到這個商品' } as const;

/** A product as the admin shows it: the low-stock mark and the photo's sizes included. */
function present(p: ProductListRow) {
  return {
    ...p,
    createdAt: p.createdAt.toISOString(),
    lowStock: isLowStock(p.stock),
    image: productImageUrls(p.imageUrl),
  };
}

/** A product as the admin API answers it (the web app imports this type only). */
export type AdminProduct = ReturnType<typeof present>;

/**
 * Seed 000's 商品管理: list with instant search and the four filters, create (the code is
 * generated), edit (never the code), delete (or hide, when orders point at the product), and
 * the photo, checked by its bytes and stored in three sizes. Every change is audited.
 */
export async function adminProductRoutes(app: FastifyInstance, opts: { deps: ServerDeps; storage: FileStorage }) {
  const { db } = opts.deps;
  const { storage } = opts;

  app.get(
    '/products',
    {
      preHandler: requirePage(CATALOG_READ, 'view'),
      config: { doc: { summary: 'List products: search, filter, paging', query: listQuery } },
    },
    async (request, reply) => {
      const query = listQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send({ code: 'invalid_query', message: z.prettifyError(query.error) });
      const page = await listProducts(db, tenantAuth(request).tenant.id, {
        query: query.data.q || null,
        filter: query.data.filter,
        limit: query.data.limit,
        afterCode: query.data.after ?? null,
      });
      return { products: page.products.map(present), next: page.nextCode };
    },
  );

  app.get(
    '/products/:productId',
    { preHandler: requirePage(CATALOG_READ, 'view'), config: { doc: { summary: 'One product', params: productParams } } },
    async (request, reply) => {
      const params = productParams.safeParse(request.params);
      const product = params.success
        ? await findProduct(db, tenantAuth(request).tenant.id, params.data.productId)
        : null;
      return product ? present(product) : reply.code(404).send(NOT_FOUND);
    },
  );

  app.post(
    '/products',
    {
      preHandler: requirePage(['products', 'menu'], 'manage'),
      config: { doc: { summary: 'Create a product (its code is generated)', body: newProductSchema } },
    },
    async (request, reply) => {
      const input = newProductSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_product', message: z.prettifyError(input.error) });
      const { tenant } = tenantAuth(request);
      const product = await createProduct(db, tenant.id, input.data);
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'product.create',
          targetType: 'product',
          targetId: product.id,
          data: { code: product.code, ...input.data },
        }),
      );
      return reply.code(201).send(present(product));
    },
  );

  app.patch(
    '/products/:productId',
    {
      preHandler: requirePage(['products', 'menu'], 'manage'),
      config: { doc: { summary: 'Edit a product (never its code)', params: productParams, body: productEditSchema } },
    },
    async (request, reply) => {
      const params = productParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(NOT_FOUND);
      const edit = productEditSchema.safeParse(request.body);
      if (!edit.success) return reply.code(400).send({ code: 'invalid_product', message: z.prettifyError(edit.error) });
      const { code: _code, ...changes } = edit.data;
      const product = await updateProduct(db, tenantAuth(request).tenant.id, params.data.productId, changes);
      if (!product) return reply.code(404).send(NOT_FOUND);
      await writeAudit(
        db,
        auditEntry(request, { action: 'product.update', targetType: 'product', targetId: product.id, data: changes }),
      );
      return present(product);
    },
  );

  app.delete(
    '/products/:productId',
    {
      preHandler: requirePage(['products', 'menu'], 'manage'),
      config: { doc: { summary: 'Delete a product, or hide it when orders name it', params: productParams } },
    },
    async (request, reply) => {
      const params = productParams.safeParse(request.params);
      const outcome = params.success
        ? await deleteOrHideProduct(db, tenantAuth(request).tenant.id, params.data.productId)
        : null;
      if (!outcome) return reply.code(404).send(NOT_FOUND);
      await writeAudit(
        db,
        auditEntry(request, {
          action: `product.${outcome === 'deleted' ? 'delete' : 'hide'}`,
          targetType: 'product',
          targetId: params.data!.productId,
        }),
      );
      return outcome === 'deleted'
        ? { outcome, message: '商品已刪除' }
        : { outcome, message: '這個商品已有訂單，無法完全刪除，已改為非公開' };
    },
  );

  // The photo is the request body itself (no multipart): the page sends the File as is.
  app.register(async (scope) => {
    // Read up to twice the limit, so a photo just too large gets storeProductImage's clear answer.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * MAX_IMAGE_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.put(
      '/products/:productId/image',
      {
        preHandler: requirePage(['products', 'menu'], 'manage'),
        config: {
          doc: {
            summary: "Upload the product's photo",
            params: productParams,
            body: {
              contentType: 'image/*',
              description: 'The photo file itself (JPEG, PNG or WebP), stored in three sizes',
            },
          },
        },
      },
      async (request, reply) => {
        const params = productParams.safeParse(request.params);
        const { tenant } = tenantAuth(request);
        const product = params.success ? await findProduct(db, tenant.id, params.data.productId) : null;
        if (!product) return reply.code(404).send(NOT_FOUND);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let base: string;
        try {
          base = await storeProductImage(storage, { tenantId: tenant.id, productId: product.id }, bytes);
        } catch (error) {
          if (error instanceof ImageRejectedError)
            return reply.code(400).send({ code: error.code, message: error.message });
          throw error;
        }
        const updated = await setProductImage(db, tenant.id, product.id, base);
        await writeAudit(
          db,
          auditEntry(request, {
            action: 'product.image',
            targetType: 'product',
            targetId: product.id,
            data: { image: base },
          }),
        );
        return present(updated!);
      },
    );
  });
}
