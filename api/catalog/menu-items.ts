import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { itemMenuOf, listMenuItems, setBranchItem, setItemMenu } from '../../db/catalog/menu.ts';
import { branchItemSchema, itemMenuSchema } from '../../domain/catalog/menu-rules.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import { branchOf, requireBranch } from '../restaurant/branch-guard.ts';
import type { ServerDeps } from '../deps.ts';
import { invalid, menuChanges, parseOr404, recordMenuChange } from './menu-changes.ts';
import { CATALOG_READ } from '../../domain/team/page-sets.ts';

const ITEM_NOT_FOUND = { code: 'not_found', message: '找不到這個商品' } as const;
const productParams = z.object({ productId: z.uuid() });
const branchProductParams = z.object({ branchId: z.uuid(), productId: z.uuid() });

/**
 * Items on the menu (products: view to read, manage to change):
 * - GET /menu/items (every item's menu fields); GET/PATCH /products/:productId/menu {categoryId?, tags?, sortOrder?, groupIds?}
 * - PUT /branches/:branchId/products/:productId {available, price|null} (the member's branch)
 * Every change is audited and bumps the menu version (menu-changes.ts).
 */
export async function menuItemRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const changeMenu = menuChanges(db);

  app.get(
    '/menu/items',
    {
      preHandler: requirePage(CATALOG_READ, 'view'),
      config: { doc: { summary: 'Every item with its category, tags and option groups' } },
    },
    async (request) => ({ items: await listMenuItems(db, tenantAuth(request).tenant.id) }),
  );

  app.get(
    '/products/:productId/menu',
    {
      preHandler: requirePage(CATALOG_READ, 'view'),
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
      preHandler: requirePage(['menu', 'products'], 'manage'),
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
          await recordMenuChange(tx, request, tenant.id, {
            action: 'menu.item_update',
            targetType: 'product',
            targetId: row.id,
            data: input.data,
          });
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
      preHandler: requireBranch(['menu', 'products'], 'manage'),
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
