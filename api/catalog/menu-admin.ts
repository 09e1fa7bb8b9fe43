import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  bumpMenuVersion,
  createCategory,
  createOptionGroup,
  deleteCategory,
  deleteOptionGroup,
  itemMenuOf,
  listCategories,
  listMenuItems,
  listOptionGroups,
  menuVersionOf,
  reorderCategories,
  setBranchItem,
  setItemMenu,
  updateCategory,
  updateOptionGroup,
} from '../../db/catalog/menu.ts';
import type { Prisma } from '../../db/client.ts';
import {
  branchItemSchema,
  categoryOrderSchema,
  categorySchema,
  itemMenuSchema,
  optionGroupSchema,
} from '../../domain/catalog/menu-rules.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requireArea, tenantAuth } from '../plugins/auth.ts';
import { branchOf, requireBranch } from '../restaurant/branch-guard.ts';
import type { ServerDeps } from '../deps.ts';

const invalid = (code: string, error: z.ZodError) => ({
  code,
  message: z.prettifyError(error),
  fields: fieldErrors(error),
});
const CATEGORY_NOT_FOUND = { code: 'category_not_found', message: '找不到這個分類' } as const;
const GROUP_NOT_FOUND = { code: 'option_group_not_found', message: '找不到這個選項群組' } as const;
const ITEM_NOT_FOUND = { code: 'not_found', message: '找不到這個商品' } as const;

const categoryParams = z.object({ categoryId: z.uuid() });
const groupParams = z.object({ groupId: z.uuid() });
const productParams = z.object({ productId: z.uuid() });
const branchProductParams = z.object({ branchId: z.uuid(), productId: z.uuid() });

/**
 * The restaurant menu's admin API (products: view to read, manage to change):
 *
 * - GET/POST /menu/categories, PATCH/DELETE /menu/categories/:categoryId, PUT /menu/categories/order {ids}
 * - GET/POST /menu/option-groups, PUT/DELETE /menu/option-groups/:groupId (choices replaced as sent)
 * - GET /menu/items (every item's menu fields); GET/PATCH /products/:productId/menu {categoryId?, tags?, sortOrder?, groupIds?}
 * - PUT /branches/:branchId/products/:productId {available, price|null} (the member's branch)
 *
 * Every change is audited and bumps the shop's menu version in the same transaction, which is
 * how open customer pages (api/catalog/menu-public.ts) learn to reload.
 */
export async function menuAdminRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;

  /** Runs `change`; when it reports a change, audits it and bumps the version in the same transaction. */
  async function changeMenu<T>(
    request: FastifyRequest,
    change: (
      tx: Prisma.TransactionClient,
      tenantId: string,
    ) => Promise<{ result: T; audit?: { action: string; targetType: string; targetId: string; data: unknown } }>,
  ): Promise<T & {}> {
    const { tenant } = tenantAuth(request);
    return db.$transaction(async (tx) => {
      const { result, audit } = await change(tx, tenant.id);
      if (audit) {
        await bumpMenuVersion(tx, tenant.id);
        await writeAudit(tx, auditEntry(request, audit as Parameters<typeof auditEntry>[1]));
      }
      return result as T & {};
    });
  }

  const parseOr404 = <S extends z.ZodType>(
    schema: S,
    request: FastifyRequest,
    reply: FastifyReply,
    notFound: object,
  ) => {
    const params = schema.safeParse(request.params);
    if (!params.success) {
      void reply.code(404).send(notFound);
      return null;
    }
    return params.data as z.infer<S>;
  };

  app.get(
    '/menu/categories',
    {
      preHandler: requireArea('products', 'view'),
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
      preHandler: requireArea('products', 'manage'),
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
      preHandler: requireArea('products', 'manage'),
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
      preHandler: requireArea('products', 'manage'),
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
      preHandler: requireArea('products', 'manage'),
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

  app.get(
    '/menu/option-groups',
    {
      preHandler: requireArea('products', 'view'),
      config: { doc: { summary: 'The shared option groups with their choices' } },
    },
    async (request) => ({ groups: await listOptionGroups(db, tenantAuth(request).tenant.id) }),
  );

  app.post(
    '/menu/option-groups',
    {
      preHandler: requireArea('products', 'manage'),
      config: { doc: { summary: 'Add an option group (甜度, 加購…)', body: optionGroupSchema } },
    },
    async (request, reply) => {
      const input = optionGroupSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_option_group', input.error));
      if (input.data.choices.some((c) => c.id))
        return reply.code(400).send({
          code: 'invalid_option_group',
          message: '新群組的選項不能帶 id',
          fields: { choices: '新群組的選項不能帶 id' },
        });
      const group = await changeMenu(request, async (tx, tenantId) => {
        const row = await createOptionGroup(tx, tenantId, input.data);
        return {
          result: row,
          audit: { action: 'menu.option_group_create', targetType: 'option_group', targetId: row.id, data: input.data },
        };
      });
      return reply.code(201).send(group);
    },
  );

  app.put(
    '/menu/option-groups/:groupId',
    {
      preHandler: requireArea('products', 'manage'),
      config: {
        doc: { summary: 'Replace an option group and its choices', params: groupParams, body: optionGroupSchema },
      },
    },
    async (request, reply) => {
      const params = parseOr404(groupParams, request, reply, GROUP_NOT_FOUND);
      if (!params) return reply;
      const input = optionGroupSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_option_group', input.error));
      const { tenant } = tenantAuth(request);
      const outcome = await db
        .$transaction(async (tx) => {
          const row = await updateOptionGroup(tx, tenant.id, params.groupId, input.data);
          // A refused edit must leave the group as it was: undo by throwing.
          if (row === 'unknown_choice') throw new UnknownChoice();
          if (row) {
            await bumpMenuVersion(tx, tenant.id);
            await writeAudit(
              tx,
              auditEntry(request, {
                action: 'menu.option_group_update',
                targetType: 'option_group',
                targetId: row.id,
                data: input.data,
              }),
            );
          }
          return row;
        })
        .catch((error: unknown) => {
          if (error instanceof UnknownChoice) return 'unknown_choice' as const;
          throw error;
        });
      if (outcome === 'unknown_choice')
        return reply.code(400).send({
          code: 'invalid_option_group',
          message: '選項不屬於這個群組',
          fields: { choices: '選項不屬於這個群組' },
        });
      return outcome ?? reply.code(404).send(GROUP_NOT_FOUND);
    },
  );

  app.delete(
    '/menu/option-groups/:groupId',
    {
      preHandler: requireArea('products', 'manage'),
      config: { doc: { summary: 'Delete an option group (taken off every item)', params: groupParams } },
    },
    async (request, reply) => {
      const params = parseOr404(groupParams, request, reply, GROUP_NOT_FOUND);
      if (!params) return reply;
      const { done } = await changeMenu(request, async (tx, tenantId) => {
        const deleted = await deleteOptionGroup(tx, tenantId, params.groupId);
        return {
          result: { done: deleted },
          audit: deleted
            ? { action: 'menu.option_group_delete', targetType: 'option_group', targetId: params.groupId, data: {} }
            : undefined,
        };
      });
      return done ? { ok: true } : reply.code(404).send(GROUP_NOT_FOUND);
    },
  );

  app.get(
    '/menu/items',
    {
      preHandler: requireArea('products', 'view'),
      config: { doc: { summary: 'Every item with its category, tags and option groups' } },
    },
    async (request) => ({ items: await listMenuItems(db, tenantAuth(request).tenant.id) }),
  );

  app.get(
    '/products/:productId/menu',
    {
      preHandler: requireArea('products', 'view'),
      config: { doc: { summary: "An item's category, tags, option groups and branch prices", params: productParams } },
    },
    async (request, reply) => {
      const params = parseOr404(productParams, request, reply, ITEM_NOT_FOUND);
      if (!params) return reply;
      const item = await itemMenuOf(db, tenantAuth(request).tenant.id, params.productId);
      return item ?? reply.code(404).send(ITEM_NOT_FOUND);
    },
  );

  app.patch(
    '/products/:productId/menu',
    {
      preHandler: requireArea('products', 'manage'),
      config: {
        doc: {
          summary: "Set an item's category, tags, order and option groups",
          params: productParams,
          body: itemMenuSchema,
        },
      },
    },
    async (request, reply) => {
      const params = parseOr404(productParams, request, reply, ITEM_NOT_FOUND);
      if (!params) return reply;
      const input = itemMenuSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_item_menu', input.error));
      const { tenant } = tenantAuth(request);
      const outcome = await db.$transaction(async (tx) => {
        const row = await setItemMenu(tx, tenant.id, params.productId, input.data);
        if (row && typeof row === 'object') {
          await bumpMenuVersion(tx, tenant.id);
          await writeAudit(
            tx,
            auditEntry(request, {
              action: 'menu.item_update',
              targetType: 'product',
              targetId: row.id,
              data: input.data,
            }),
          );
        }
        return row;
      });
      if (outcome === 'unknown_category')
        return reply
          .code(400)
          .send({ code: 'invalid_item_menu', message: '找不到這個分類', fields: { categoryId: '找不到這個分類' } });
      if (outcome === 'unknown_group')
        return reply
          .code(400)
          .send({ code: 'invalid_item_menu', message: '找不到選項群組', fields: { groupIds: '找不到選項群組' } });
      return outcome ?? reply.code(404).send(ITEM_NOT_FOUND);
    },
  );

  app.put(
    '/branches/:branchId/products/:productId',
    {
      preHandler: requireBranch('products', 'manage'),
      config: {
        doc: {
          summary: "A branch's availability and price for an item",
          params: branchProductParams,
          body: branchItemSchema,
        },
      },
    },
    async (request, reply) => {
      const params = parseOr404(branchProductParams, request, reply, ITEM_NOT_FOUND);
      if (!params) return reply;
      const input = branchItemSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_branch_item', input.error));
      const branch = branchOf(request);
      const { row } = await changeMenu(request, async (tx, tenantId) => {
        const saved = await setBranchItem(tx, tenantId, branch.id, params.productId, input.data);
        return {
          result: { row: saved },
          audit: saved
            ? {
                action: 'menu.branch_item',
                targetType: 'product',
                targetId: params.productId,
                data: { branchId: branch.id, ...input.data },
              }
            : undefined,
        };
      });
      return row ?? reply.code(404).send(ITEM_NOT_FOUND);
    },
  );
}

class UnknownChoice extends Error {}
