import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.ts';
import type { RichMenuIds, StaffRichMenuUnlink } from '../../activities/line-chat/rich-menus.ts';
import { databaseActivities } from '../activity-proxies.ts';

export interface RichMenuApplyInput {
  tenantId: string;
  /** Where the admin menu's buttons lead (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
}

export type RichMenuApplyResult =
  { ok: true; menus: RichMenuIds; linkedStaff: number; deleted: number } | { ok: false; message: string };

const db = databaseActivities;
// A merchant is waiting on the page: a few quick tries, then a clear failure.
const line = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumAttempts: 4,
    nonRetryableErrorTypes: ['line_not_connected'],
  },
});

const NOT_CONNECTED =
  '這家店還沒有連動 LINE 官方帳號，請先到「LINE 設定」填入 Channel ID、Channel secret 和 Access token。';

/**
 * Applies the shop's rich menus: the three menus (customer, staffCustomer,
 * admin) created with their images, the aliases of the two staff menus pointed at them (the
 * tabs' richmenuswitch), the customer menu (no tabs) made the default, every bound staff member
 * linked to the admin menu, the IDs recorded,
 * and every older menu of ours deleted. The new menus go live only after they are complete,
 * so a failure leaves the previous menus in place; the next apply removes half-made ones.
 */
export async function richMenuWorkflow(input: RichMenuApplyInput): Promise<RichMenuApplyResult> {
  try {
    const menus = await line.createRichMenus(input);
    const set = { tenantId: input.tenantId, menus };
    await line.pointRichMenuAliases(set);
    await line.setDefaultRichMenu(set);
    const { linked } = await line.linkStaffRichMenus(set);
    await db.recordRichMenusApplied({ ...set, linkedStaff: linked });
    // The new menus are live: a failed cleanup is left for the next apply.
    const deleted = await line.deleteStaleRichMenus(set).then(
      (r) => r.deleted,
      (error: unknown) => {
        if (error instanceof ActivityFailure) return 0;
        throw error;
      },
    );
    return { ok: true, menus, linkedStaff: linked, deleted };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause;
    const message =
      cause instanceof ApplicationFailure && cause.type === 'line_not_connected'
        ? NOT_CONNECTED
        : (cause?.message ?? error.message);
    await db.recordRichMenusFailed({ tenantId: input.tenantId, message });
    return { ok: false, message };
  }
}

export interface StaffRichMenuUnlinkInput {
  tenantId: string;
  lineUserId: string;
}

/**
 * A member unbound their LINE account in the admin: their LINE goes back to the customer menu.
 * Durable, so a LINE hiccup does not leave a former member on the admin menu; after a few
 * tries it gives up ('failed'), as the binding itself is already gone.
 */
export async function staffRichMenuUnlinkWorkflow(
  input: StaffRichMenuUnlinkInput,
): Promise<StaffRichMenuUnlink | 'failed'> {
  try {
    return await line.unlinkStaffRichMenu(input);
  } catch (error) {
    if (error instanceof ActivityFailure) return 'failed';
    throw error;
  }
}
