import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { bumpMenuVersion } from '../../db/catalog/menu.ts';
import { getStoreProfile, saveStoreProfile, setStoreImage } from '../../db/restaurant/store-profile.ts';
import { MAX_IMAGE_BYTES } from '../../domain/catalog/image-type.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import {
  STORE_IMAGE_KINDS,
  storeProfileSchema,
  type StoreImageKind,
  type StoreProfile,
} from '../../domain/restaurant/store-profile.ts';
import { themeColors, type ThemeColors } from '../../domain/restaurant/store-theme.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { ImageRejectedError } from '../../storage/images.ts';
import { deleteShopImage, storeShopImage } from '../../storage/restaurant/store-images.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';

/** What every route here answers (the web app imports this type only). */
export interface StoreProfileView {
  profile: StoreProfile;
  theme: ThemeColors;
  logoUrl: string | null;
  coverUrl: string | null;
}

const imageParams = z.object({ kind: z.enum(STORE_IMAGE_KINDS) });
const NOT_FOUND = { code: 'not_found', message: '找不到這個頁面' } as const;

/**
 * The shop's profile as customers see it (開店設定 › 店家資料):
 *
 * - GET /api/t/:tenant/settings/store-profile — the profile (defaults if never saved), its
 *   theme colours and picture URLs (settings: view).
 * - PUT the same path with the whole profile (settings: manage); a refusal names its `fields`.
 * - PUT .../store-profile/logo or /cover with the picture itself as the body (no multipart), and
 *   DELETE the same to remove it (settings: manage). The replaced file is deleted.
 *
 * Every change is audited and bumps the menu version, so open customer pages reload
 * (GET /api/menu/:tenant carries the profile).
 */
export async function storeProfileRoutes(app: FastifyInstance, opts: { deps: ServerDeps; storage: FileStorage }) {
  const { db } = opts.deps;
  const { storage } = opts;

  async function view(tenant: { id: string; name: string }): Promise<StoreProfileView> {
    const stored = await getStoreProfile(db, tenant.id, tenant.name);
    return { ...stored, theme: themeColors(stored.profile.theme, stored.profile.customColor) };
  }

  app.get(
    '/settings/store-profile',
    {
      preHandler: requirePage('settings/shop', 'view'),
      config: { doc: { summary: "The shop's profile, announcement, colours and pictures" } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await view(tenantAuth(request).tenant)),
  );

  app.put(
    '/settings/store-profile',
    {
      preHandler: requirePage('settings/shop', 'manage'),
      config: { doc: { summary: "Save the shop's profile, announcement and colours", body: storeProfileSchema } },
    },
    async (request, reply) => {
      const input = storeProfileSchema.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({
          code: 'invalid_store_profile',
          message: z.prettifyError(input.error),
          fields: fieldErrors(input.error),
        });
      const { tenant } = tenantAuth(request);
      await db.$transaction(async (tx) => {
        await saveStoreProfile(tx, tenant.id, input.data);
        await bumpMenuVersion(tx, tenant.id);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'settings.store_profile',
            targetType: 'tenant',
            targetId: tenant.id,
            data: input.data,
          }),
        );
      });
      return view(tenant);
    },
  );

  /**
   * Points the logo or cover at `url` (null: none), audited, then deletes the picture it replaced
   * (or, when the change fails, the new one, which no row names).
   */
  async function replaceImage(request: FastifyRequest, kind: StoreImageKind, url: string | null) {
    const { tenant } = tenantAuth(request);
    const replaced = await db
      .$transaction(async (tx) => {
        const old = await setStoreImage(tx, tenant.id, kind, url);
        await bumpMenuVersion(tx, tenant.id);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: `settings.store_${kind}`,
            targetType: 'tenant',
            targetId: tenant.id,
            data: { url },
          }),
        );
        return old;
      })
      .catch(async (error: unknown) => {
        await deleteShopImage(storage, tenant.id, url);
        throw error;
      });
    await deleteShopImage(storage, tenant.id, replaced);
    return view(tenant);
  }

  app.register(async (scope) => {
    // Read up to twice the limit, so a picture just too large gets checkImage's clear answer.
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 2 * MAX_IMAGE_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.put(
      '/settings/store-profile/:kind',
      {
        preHandler: requirePage('settings/shop', 'manage'),
        config: {
          doc: {
            summary: "Upload the shop's logo (cropped square) or cover (cropped 1600 × 600)",
            params: imageParams,
            body: { contentType: 'image/*', description: 'The picture file itself (JPEG or PNG, up to 5 MB)' },
          },
        },
      },
      async (request, reply) => {
        const params = imageParams.safeParse(request.params);
        if (!params.success) return reply.code(404).send(NOT_FOUND);
        const { tenant } = tenantAuth(request);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        let url: string;
        try {
          url = await storeShopImage(storage, tenant.id, params.data.kind, bytes);
        } catch (error) {
          if (error instanceof ImageRejectedError)
            return reply.code(400).send({ code: error.code, message: error.message });
          throw error;
        }
        return replaceImage(request, params.data.kind, url);
      },
    );
  });

  app.delete(
    '/settings/store-profile/:kind',
    {
      preHandler: requirePage('settings/shop', 'manage'),
      config: { doc: { summary: "Remove the shop's logo or cover", params: imageParams } },
    },
    async (request, reply) => {
      const params = imageParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(NOT_FOUND);
      return replaceImage(request, params.data.kind, null);
    },
  );
}
