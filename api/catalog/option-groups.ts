import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createOptionGroup, deleteOptionGroup, listOptionGroups, updateOptionGroup } from '../../db/catalog/menu.ts';
import { optionGroupSchema } from '../../domain/catalog/menu-rules.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { invalid, menuChanges, parseOr404, recordMenuChange } from './menu-changes.ts';
import { CATALOG_READ } from '../../domain/team/page-sets.ts';

const GROUP_NOT_FOUND = { code: 'option_group_not_found', message: '找不到這個選項群組' } as const;
const groupParams = z.object({ groupId: z.uuid() });

/**
 * The shared option groups (甜度, 冰塊, 加購; products: view to read, manage to change):
 * GET/POST /menu/option-groups, PUT/DELETE /menu/option-groups/:groupId (choices replaced as sent).
 * Every change is audited and bumps the menu version (menu-changes.ts).
 */
export async function optionGroupRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db } = opts.deps;
  const changeMenu = menuChanges(db);

  app.get(
    '/menu/option-groups',
    {
      preHandler: requirePage(CATALOG_READ, 'view'),
      config: { doc: { summary: 'The shared option groups with their choices' } },
    },
    async (request) => ({ groups: await listOptionGroups(db, tenantAuth(request).tenant.id) }),
  );

  app.post(
    '/menu/option-groups',
    {
      preHandler: requirePage('menu/option-groups', 'manage'),
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
      preHandler: requirePage('menu/option-groups', 'manage'),
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
            await recordMenuChange(tx, request, tenant.id, {
              action: 'menu.option_group_update',
              targetType: 'option_group',
              targetId: row.id,
              data: input.data,
            });
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
      preHandler: requirePage('menu/option-groups', 'manage'),
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
}

class UnknownChoice extends Error {}
