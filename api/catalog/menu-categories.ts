import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createCategory,
  deleteCategory,
  listCategories,
  menuVersionOf,
  reorderCategories,
  updateCategory,
} from '../../db/catalog/menu.ts';
import { categoryOrderSchema, categorySchema } from '../../domain/catalog/menu-rules.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { invalid, menuChanges, parseOr404 } from './menu-changes.ts';
import { CATALOG_READ } from '../../domain/team/page-sets.ts';

const CATEGORY_NOT_FOUND = { code: 'category_not_found', message: '找不到這個分類' } as const;
const categoryParams = z.object({ categoryId: z.uuid() });

/**
 * The menu's categories (products: view to read, manage to change):
 * GET/POST /menu/categories, PATCH/DELETE /menu/categories/:categoryId, PUT /menu/categories/order {ids}.
 * Every change is audited and bumps the menu version (menu-changes.ts).
 */
export async function menuCategoryRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const changeMenu = menuChanges(db);

  app.get(
    '/menu/categories',
    {
      preHandler: requirePage(CATALOG_READ, 'view'),
      config: { doc: { summary: 'The menu categories, first shown first' } },
    },
    async (request) => {
      const { tenant } = tenantAuth(request);
      const [categories, version] = await Promise.all([listCategories(db, tenant.id), menuVersionOf(db, tenant.id)]);
      return { categories, version };
    },
  );

  app.post(
    '/menu/categories',
    {
      preHandler: requirePage('menu', 'manage'),
      config: { doc: { summary: 'Add a menu category', body: categorySchema } },
    },
    async (request, reply) => {
      const input = categorySchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_category', input.error));
      const category = await changeMenu(request, async (tx, tenantId) => {
        const row = await createCategory(tx, tenantId, input.data);
        return {
          result: row,
          audit: { action: 'menu.category_create', targetType: 'menu_category', targetId: row.id, data: input.data },
        };
      });
      return reply.code(201).send(category);
    },
  );

  app.put(
    '/menu/categories/order',
    {
      preHandler: requirePage('menu', 'manage'),
      config: { doc: { summary: 'Reorder every menu category', body: categoryOrderSchema } },
    },
    async (request, reply) => {
      const input = categoryOrderSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_order', input.error));
      const ok = await changeMenu(request, async (tx, tenantId) => {
        const done = await reorderCategories(tx, tenantId, input.data.ids);
        return {
          result: { done },
          audit: done
            ? { action: 'menu.category_reorder', targetType: 'tenant', targetId: tenantId, data: input.data }
            : undefined,
        };
      });
      if (!ok.done) return reply.code(409).send({ code: 'stale_order', message: '分類已經變動，請重新整理後再排序' });
      return { categories: await listCategories(db, tenantAuth(request).tenant.id) };
    },
  );

  app.patch(
    '/menu/categories/:categoryId',
    {
      preHandler: requirePage('menu', 'manage'),
      config: { doc: { summary: 'Rename or move a menu category', params: categoryParams, body: categorySchema } },
    },
    async (request, reply) => {
      const params = parseOr404(categoryParams, request, reply, CATEGORY_NOT_FOUND);
      if (!params) return reply;
      const input = categorySchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_category', input.error));
      const { row } = await changeMenu(request, async (tx, tenantId) => {
        const updated = await updateCategory(tx, tenantId, params.categoryId, input.data);
        return {
          result: { row: updated },
          audit: updated
            ? { action: 'menu.category_update', targetType: 'menu_category', targetId: updated.id, data: input.data }
            : undefined,
        };
      });
      return row ?? reply.code(404).send(CATEGORY_NOT_FOUND);
    },
  );

  app.delete(
    '/menu/categories/:categoryId',
    {
      preHandler: requirePage('menu', 'manage'),
      config: { doc: { summary: 'Delete a menu category (its items stay, uncategorised)', params: categoryParams } },
    },
    async (request, reply) => {
      const params = parseOr404(categoryParams, request, reply, CATEGORY_NOT_FOUND);
      if (!params) return reply;
      const { done } = await changeMenu(request, async (tx, tenantId) => {
        const deleted = await deleteCategory(tx, tenantId, params.categoryId);
        return {
          result: { done: deleted },
          audit: deleted
            ? { action: 'menu.category_delete', targetType: 'menu_category', targetId: params.categoryId, data: {} }
            : undefined,
        };
      });
      return done ? { ok: true } : reply.code(404).send(CATEGORY_NOT_FOUND);
    },
  );
}
