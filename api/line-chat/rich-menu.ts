import { createHash } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defaultWelcomeMessage } from '../../domain/line-chat/chat-replies.ts';
import {
  RICH_MENU_KINDS,
  isRichMenuTabKind,
  richMenuAliasId,
  richMenuDefinitions,
  type RichMenuAction,
  type RichMenuBounds,
  type RichMenuKind,
} from '../../domain/line-chat/rich-menus.ts';
import { WELCOME_MESSAGE_MAX_LENGTH, welcomeMessageSchema } from '../../domain/line-chat/welcome-message.ts';
import { richMenuWorkflowId } from '../../domain/workflow-ids.ts';
import { RICH_MENU_IMAGE_TYPE, renderRichMenuImage } from '../../integrations/line/rich-menu-image.ts';
import { TenantId } from '../../temporal/search-attributes.ts';
import type { richMenuWorkflow } from '../../workflows/line-chat/rich-menus.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { tenantApiPath } from '../tenant-scope.ts';

/**
 * The shop's LINE rich menus and welcome message (settings → LINE → 圖文選單): previews of the
 * three menus (customer, staffCustomer, admin) (their real images and areas), the state of the last apply, a button that starts the
 * `richmenu:<tenantId>` workflow, and the text new friends get.
 */

export type RichMenuApplyStatus = 'never' | 'applying' | 'applied' | 'failed';

export interface RichMenuPreview {
  kind: RichMenuKind;
  chatBarText: string;
  size: { width: number; height: number };
  /** The alias a tab switches to this menu by; null for the customer menu (no tab reaches it). */
  aliasId: string | null;
  imageUrl: string;
  areas: { key: string; title: string; subtitle: string; bounds: RichMenuBounds; action: RichMenuAction }[];
}

export interface RichMenuSettings {
  /** Channel credentials are saved: applying can work. */
  connected: boolean;
  status: RichMenuApplyStatus;
  requestedAt: string | null;
  appliedAt: string | null;
  menuIds: Record<RichMenuKind, string | null>;
  linkedStaff: number;
  /** Staff members bound to a LINE account (they get the admin menu). */
  boundStaff: number;
  error: string | null;
  menus: RichMenuPreview[];
}

export interface WelcomeMessageSettings {
  /** The shop's own text; null = the default below is sent. */
  welcomeMessage: string | null;
  defaultMessage: string;
  maxLength: number;
}

const NOT_FOUND = { code: 'not_found', message: '找不到這個商店 (no shop with this address)' } as const;
const NOT_CONNECTED = {
  code: 'line_not_connected',
  message: '請先到「LINE 設定」填入 Channel ID、Channel secret 和 Access token，才能套用圖文選單。',
} as const;

const IMAGE_CACHE_SIZE = 32;
const START_FAILED = '系統暫時無法開始套用，請稍後再按一次「套用」。';

const kindParams = z.object({ kind: z.enum(RICH_MENU_KINDS) });
const applyBody = z.object({}).strict();

export async function adminRichMenuRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const { db, env, temporal } = opts.deps;
  const base = '/settings/line';
  /** Drawn preview images by ETag (the definition's hash), oldest dropped first. */
  const images = new Map<string, Buffer>();

  async function shopOf(tenantId: string) {
    return db.tenant.findUnique({
      where: { id: tenantId },
      select: {
        slug: true,
        name: true,
        orderPrefix: true,
        contactPhone: true,
        welcomeMessage: true,
        lineChannelId: true,
        lineChannelSecretEnc: true,
        lineChannelTokenEnc: true,
        lineRichMenus: true,
      },
    });
  }
  const definitionsOf = (shop: NonNullable<Awaited<ReturnType<typeof shopOf>>>) =>
    richMenuDefinitions({ ...shop, publicBaseUrl: env.PUBLIC_BASE_URL });

  async function present(tenantId: string): Promise<RichMenuSettings | null> {
    const shop = await shopOf(tenantId);
    if (!shop) return null;
    const defs = definitionsOf(shop);
    const row = shop.lineRichMenus;
    const boundStaff = await db.staff.count({ where: { tenantId, lineUserId: { not: null } } });
    return {
      connected: Boolean(shop.lineChannelId && shop.lineChannelSecretEnc && shop.lineChannelTokenEnc),
      status: (row?.status as RichMenuApplyStatus | undefined) ?? 'never',
      requestedAt: row?.requestedAt.toISOString() ?? null,
      appliedAt: row?.appliedAt?.toISOString() ?? null,
      menuIds: {
        customer: row?.customerMenuId ?? null,
        staffCustomer: row?.staffCustomerMenuId ?? null,
        admin: row?.adminMenuId ?? null,
      },
      linkedStaff: row?.linkedStaff ?? 0,
      boundStaff,
      error: row?.status === 'failed' ? row.error : null,
      menus: RICH_MENU_KINDS.map((kind) => ({
        kind,
        chatBarText: defs[kind].chatBarText,
        size: defs[kind].size,
        aliasId: isRichMenuTabKind(kind) ? richMenuAliasId(shop, kind) : null,
        imageUrl: tenantApiPath(shop.slug, `${base}/rich-menu/${kind}/image`),
        areas: defs[kind].areas.map((a) => ({
          key: a.key,
          title: a.title,
          subtitle: a.subtitle,
          bounds: a.bounds,
          action: a.action,
        })),
      })),
    };
  }

  app.get(
    `${base}/rich-menu`,
    {
      preHandler: requirePage('settings/line', 'view'),
      config: { doc: { summary: 'The three rich menus and whether they are applied' } },
    },
    async (request, reply) => {
      const settings = await present(tenantAuth(request).tenant.id);
      return settings ?? reply.code(404).send(NOT_FOUND);
    },
  );

  // The exact picture sent to LINE, drawn from the definition (ETag = its hash).
  app.get(
    `${base}/rich-menu/:kind/image`,
    {
      preHandler: requirePage('settings/line', 'view'),
      config: { doc: { summary: "A rich menu's image", params: kindParams, produces: 'image/jpeg' } },
    },
    async (request, reply) => {
      const params = kindParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send({ code: 'not_found', message: '沒有這種選單' });
      const shop = await shopOf(tenantAuth(request).tenant.id);
      if (!shop) return reply.code(404).send(NOT_FOUND);
      const def = definitionsOf(shop)[params.data.kind];
      const etag = `"${createHash('sha256').update(JSON.stringify(def)).digest('base64url').slice(0, 22)}"`;
      reply.header('cache-control', 'private, max-age=0, must-revalidate').header('etag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      let image = images.get(etag);
      if (!image) {
        image = await renderRichMenuImage(def);
        // a few shops' menus at most: drawing one takes ~0.3 s of CPU
        if (images.size >= IMAGE_CACHE_SIZE) images.delete(images.keys().next().value!);
        images.set(etag, image);
      }
      return reply.type(RICH_MENU_IMAGE_TYPE).send(image);
    },
  );

  app.post(
    `${base}/rich-menu/apply`,
    {
      preHandler: requirePage('settings/line', 'manage'),
      config: { doc: { summary: 'Apply the rich menus to the LINE Official Account', body: applyBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const body = applyBody.safeParse(request.body ?? {});
      if (!body.success) return reply.code(400).send({ code: 'invalid_request', message: '這個要求不需要任何內容。' });
      const shop = await shopOf(tenant.id);
      if (!shop) return reply.code(404).send(NOT_FOUND);
      if (!(shop.lineChannelId && shop.lineChannelSecretEnc && shop.lineChannelTokenEnc)) {
        return reply.code(409).send(NOT_CONNECTED);
      }
      const workflowId = richMenuWorkflowId(tenant.id);
      const now = new Date();
      await db.$transaction(async (tx) => {
        await tx.lineRichMenuSet.upsert({
          where: { tenantId: tenant.id },
          create: { tenantId: tenant.id, status: 'applying', requestedAt: now },
          update: { status: 'applying', requestedAt: now, error: null },
        });
        await writeAudit(
          tx,
          auditEntry(request, { action: 'settings.rich_menu.apply', targetType: 'tenant', targetId: tenant.id }),
        );
      });
      const args: Parameters<typeof richMenuWorkflow> = [{ tenantId: tenant.id, publicBaseUrl: env.PUBLIC_BASE_URL }];
      try {
        // One apply at a time: a second click while one runs joins it.
        await temporal.workflow.start('richMenuWorkflow', {
          workflowId,
          taskQueue: env.TEMPORAL_TASK_QUEUE,
          args,
          workflowIdConflictPolicy: 'USE_EXISTING',
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          typedSearchAttributes: [{ key: TenantId, value: tenant.id }],
          staticSummary: '套用 LINE 圖文選單',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
          // Nothing will run: say so instead of leaving the page on 套用中 forever.
          await db.lineRichMenuSet.update({
            where: { tenantId: tenant.id },
            data: { status: 'failed', error: START_FAILED },
          });
          throw error;
        }
      }
      return reply.code(202).send(await present(tenant.id));
    },
  );

  app.get(
    `${base}/welcome-message`,
    {
      preHandler: requirePage('settings/line', 'view'),
      config: { doc: { summary: 'The welcome message new friends get' } },
    },
    async (request, reply) => {
      const shop = await shopOf(tenantAuth(request).tenant.id);
      if (!shop) return reply.code(404).send(NOT_FOUND);
      return welcomeOf(shop);
    },
  );

  app.put(
    `${base}/welcome-message`,
    {
      preHandler: requirePage('settings/line', 'manage'),
      config: { doc: { summary: 'Change the welcome message (empty: the default)', body: welcomeMessageSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const parsed = welcomeMessageSchema.safeParse(request.body ?? {});
      if (!parsed.success) {
        const message = parsed.error.issues[0]?.message ?? '歡迎訊息格式不正確';
        return reply.code(400).send({ code: 'invalid_welcome_message', message, fields: { welcomeMessage: message } });
      }
      const updated = await db.$transaction(async (tx) => {
        const row = await tx.tenant.update({
          where: { id: tenant.id },
          data: { welcomeMessage: parsed.data.welcomeMessage },
          select: { name: true, welcomeMessage: true },
        });
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.welcome_message.update',
            targetType: 'tenant',
            targetId: tenant.id,
            data: { custom: row.welcomeMessage !== null, length: row.welcomeMessage?.length ?? 0 },
          }),
        );
        return row;
      });
      return welcomeOf(updated);
    },
  );
}

function welcomeOf(shop: { name: string; welcomeMessage: string | null }): WelcomeMessageSettings {
  return {
    welcomeMessage: shop.welcomeMessage,
    defaultMessage: defaultWelcomeMessage(shop.name),
    maxLength: WELCOME_MESSAGE_MAX_LENGTH,
  };
}
