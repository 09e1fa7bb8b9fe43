import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import {
  RICH_MENU_KINDS,
  RICH_MENU_TAB_KINDS,
  lineRichMenuBody,
  richMenuAliasId,
  richMenuDefinitions,
  richMenuFailureMessage,
  richMenuNamePrefix,
  type RichMenuKind,
  type RichMenuStep,
} from '../../domain/line-chat/rich-menus.ts';
import { LineApiError, type LineClient } from '../../integrations/line/client.ts';
import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { RICH_MENU_IMAGE_TYPE, renderRichMenuImage } from '../../integrations/line/rich-menu-image.ts';

/**
 * The LINE side of the shop's rich menus, one step per activity so the
 * workflow (workflows/line-chat/rich-menus.ts) retries each on its own. LINE errors become failures with a
 * zh-TW message for the merchant; 4xx (other than 429) are not retried.
 */

export type RichMenuIds = Record<RichMenuKind, string>;

const tenantInput = z.object({ tenantId: z.uuid() });
const createInput = tenantInput.extend({ publicBaseUrl: z.url() });
const idsSchema = z.object({ customer: z.string().min(1), staffCustomer: z.string().min(1), admin: z.string().min(1) });
const menusInput = tenantInput.extend({ menus: idsSchema });
const staffLinkInput = tenantInput.extend({ lineUserId: z.string().min(1).max(64) });
const appliedInput = menusInput.extend({ linkedStaff: z.number().int().min(0) });
const failedInput = tenantInput.extend({ message: z.string().min(1).max(2000) });

export type CreateRichMenusInput = z.infer<typeof createInput>;
export type RichMenusInput = z.infer<typeof menusInput>;
export type StaffRichMenuLinkInput = z.infer<typeof staffLinkInput>;

/** 'linked', or why not: no admin menu applied yet, or the shop has no LINE channel. */
export type StaffRichMenuLink = 'linked' | 'no_admin_menu';
export type StaffRichMenuUnlink = 'unlinked' | 'still_bound';

/** Runs one LINE step; a LineApiError becomes an ApplicationFailure the merchant can read. */
async function step<T>(name: RichMenuStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof LineApiError)) throw error;
    const message = richMenuFailureMessage(name, error.status, error.lineMessage ?? null);
    const failure = {
      message,
      type: `line_${error.status || 'network'}`,
      details: [{ step: name, status: error.status }],
    };
    throw error.isRetryable
      ? ApplicationFailure.retryable(failure.message, failure.type, ...failure.details)
      : ApplicationFailure.nonRetryable(failure.message, failure.type, ...failure.details);
  }
}

export function richMenuActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  async function shopOf(tenantId: string) {
    return deps.db.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { slug: true, orderPrefix: true, contactPhone: true },
    });
  }

  async function bindStaff(line: LineClient, lineUserId: string, adminMenuId: string) {
    await step('link', () => line.linkRichMenuToUser(lineUserId, adminMenuId));
  }

  return {
    /** Creates the three menus on the shop's channel and uploads their images; returns LINE's IDs. */
    async createRichMenus(raw: CreateRichMenusInput): Promise<RichMenuIds> {
      const input = createInput.parse(raw);
      const shop = await shopOf(input.tenantId);
      const defs = richMenuDefinitions({ ...shop, publicBaseUrl: input.publicBaseUrl });
      const line = await lineClientFor(input.tenantId);
      const ids: Partial<RichMenuIds> = {};
      for (const kind of RICH_MENU_KINDS) {
        const def = defs[kind];
        const image = await renderRichMenuImage(def);
        const id = await step('create', () => line.createRichMenu(lineRichMenuBody(def)));
        await step('image', () => line.setRichMenuImage(id, RICH_MENU_IMAGE_TYPE, image));
        ids[kind] = id;
      }
      return idsSchema.parse(ids);
    },

    /**
     * The aliases of the two staff menus (the tabs' richmenuswitch targets) point at the new
     * menus (created or updated). The customer menu has none: no tap can switch to it or from it.
     */
    async pointRichMenuAliases(raw: RichMenusInput): Promise<void> {
      const input = menusInput.parse(raw);
      const shop = await shopOf(input.tenantId);
      const line = await lineClientFor(input.tenantId);
      for (const kind of RICH_MENU_TAB_KINDS) {
        await step('alias', () => line.setRichMenuAlias(richMenuAliasId(shop, kind), input.menus[kind]));
      }
    },

    /** Every friend without a menu of their own sees the customer menu. */
    async setDefaultRichMenu(raw: RichMenusInput): Promise<void> {
      const input = menusInput.parse(raw);
      const line = await lineClientFor(input.tenantId);
      await step('default', () => line.setDefaultRichMenu(input.menus.customer));
    },

    /** Every staff member bound to a LINE account gets the admin menu. */
    async linkStaffRichMenus(raw: RichMenusInput): Promise<{ linked: number }> {
      const input = menusInput.parse(raw);
      const staff = await deps.db.staff.findMany({
        where: { tenantId: input.tenantId, lineUserId: { not: null } },
        select: { lineUserId: true },
        orderBy: { id: 'asc' },
      });
      const line = await lineClientFor(input.tenantId);
      for (const member of staff) await bindStaff(line, member.lineUserId!, input.menus.admin);
      return { linked: staff.length };
    },

    /**
     * Links ONE staff member's LINE user to the shop's applied admin menu: call it when a staff
     * member binds their LINE account. Does nothing ('no_admin_menu') before the first apply.
     */
    async linkStaffToAdminRichMenu(raw: StaffRichMenuLinkInput): Promise<StaffRichMenuLink> {
      const input = staffLinkInput.parse(raw);
      const row = await deps.db.lineRichMenuSet.findUnique({
        where: { tenantId: input.tenantId },
        select: { adminMenuId: true },
      });
      if (!row?.adminMenuId) return 'no_admin_menu';
      await bindStaff(await lineClientFor(input.tenantId), input.lineUserId, row.adminMenuId);
      return 'linked';
    },

    /**
     * Takes the admin menu away from a LINE user who is no longer bound to a member (unbound in
     * the admin), so they see the customer menu again. A user bound again meanwhile keeps it.
     */
    async unlinkStaffRichMenu(raw: StaffRichMenuLinkInput): Promise<StaffRichMenuUnlink> {
      const input = staffLinkInput.parse(raw);
      const stillBound = await deps.db.staff.count({
        where: { tenantId: input.tenantId, lineUserId: input.lineUserId },
      });
      if (stillBound > 0) return 'still_bound';
      const line = await lineClientFor(input.tenantId);
      try {
        await step('link', () => line.unlinkRichMenuFromUser(input.lineUserId));
      } catch (error) {
        // LINE's 404: the user had no menu of their own (never linked, or already unlinked).
        if (!(error instanceof ApplicationFailure && error.type === 'line_404')) throw error;
      }
      return 'unlinked';
    },

    /** Deletes every menu of ours on the channel except `menus`: the replaced ones and leftovers of failed tries. */
    async deleteStaleRichMenus(raw: RichMenusInput): Promise<{ deleted: number }> {
      const input = menusInput.parse(raw);
      const shop = await shopOf(input.tenantId);
      const line = await lineClientFor(input.tenantId);
      const keep = new Set(Object.values(input.menus));
      const prefix = richMenuNamePrefix(shop);
      const stale = (await step('cleanup', () => line.listRichMenus())).filter(
        (m) => m.name.startsWith(prefix) && !keep.has(m.richMenuId),
      );
      for (const menu of stale) {
        try {
          await step('cleanup', () => line.deleteRichMenu(menu.richMenuId));
        } catch (error) {
          // already gone (a retry after a lost answer): that is what we wanted
          if (!(error instanceof ApplicationFailure && error.type === 'line_404')) throw error;
        }
      }
      return { deleted: stale.length };
    },

    async recordRichMenusApplied(raw: z.infer<typeof appliedInput>): Promise<void> {
      const input = appliedInput.parse(raw);
      const now = new Date();
      const data = {
        status: 'applied',
        customerMenuId: input.menus.customer,
        staffCustomerMenuId: input.menus.staffCustomer,
        adminMenuId: input.menus.admin,
        linkedStaff: input.linkedStaff,
        error: null,
        appliedAt: now,
      };
      // upsert: the workflow may be started without the admin page (which creates the row)
      await deps.db.lineRichMenuSet.upsert({
        where: { tenantId: input.tenantId },
        create: { tenantId: input.tenantId, requestedAt: now, ...data },
        update: data,
      });
    },

    /** The last apply failed: the message is kept for the admin page; the old menus stay. */
    async recordRichMenusFailed(raw: z.infer<typeof failedInput>): Promise<void> {
      const input = failedInput.parse(raw);
      await deps.db.lineRichMenuSet.upsert({
        where: { tenantId: input.tenantId },
        create: { tenantId: input.tenantId, requestedAt: new Date(), status: 'failed', error: input.message },
        update: { status: 'failed', error: input.message },
      });
    },
  };
}
