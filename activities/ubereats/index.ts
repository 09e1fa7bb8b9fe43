import { ApplicationFailure } from '@temporalio/activity';
import {
  dropUberEatsToken,
  recordUberEatsError,
  storeUberEatsToken,
  uberEatsConnectionIdOf,
  uberEatsCredentials,
} from '../../db/ubereats/connections.ts';
import { loadMenu } from '../../db/catalog/menu.ts';
import { getBusinessHours } from '../../db/restaurant/business-hours.ts';
import { placeUberEatsOrder } from '../../db/ubereats/place-ubereats-order.ts';
import { publicUrl } from '../../domain/public-url.ts';
import { taipeiDayKey, taipeiDayRange } from '../../domain/taipei-time.ts';
import { uberMenu } from '../../domain/ubereats/uber-menu.ts';
import { uberOrderSchema, type UberDenial } from '../../domain/ubereats/uber-order.ts';
import { requestUberToken, uberEatsApi, UberEatsError, type UberEatsApi } from '../../integrations/ubereats/client.ts';
import type { ActivityDeps } from '../deps.ts';

/** A token this close to its expiry is renewed first (a call must not outlive it). */
const TOKEN_MARGIN_MS = 60_000;

export interface UberOrderRef {
  tenantId: string;
  connectionId: string;
  uberOrderId: string;
}

/**
 * The Uber Eats area: the order fetched and placed on the branch, and Uber told of what the
 * shop decided. Accept, deny and cancel carry no idempotency key at Uber, so a refusal because
 * the order already moved is checked against the order's state at Uber before it is believed.
 */
export function ubereatsActivities(deps: ActivityDeps) {
  const endpoints = deps.ubereats ?? { apiBaseUrl: 'https://api.uber.com', authBaseUrl: 'https://auth.uber.com' };

  /** The connection's API with a token from the cache, or a new one (Uber allows few an hour). */
  async function withApi<T>(ref: Pick<UberOrderRef, 'tenantId' | 'connectionId'>, run: (api: UberEatsApi, storeId: string) => Promise<T>) {
    const credentials = await uberEatsCredentials(deps.db, deps.secrets, { id: ref.connectionId, tenantId: ref.tenantId });
    if (!credentials) throw ApplicationFailure.nonRetryable('The Uber Eats connection was removed', 'ubereats_not_connected');
    try {
      let token = credentials.token;
      if (!token || token.expiresAt.getTime() - Date.now() < TOKEN_MARGIN_MS) {
        token = await requestUberToken(endpoints, credentials.clientId, credentials.clientSecret);
        await storeUberEatsToken(deps.db, deps.secrets, credentials.id, token);
      }
      return await run(uberEatsApi(endpoints, token.accessToken), credentials.storeId);
    } catch (error) {
      if (error instanceof UberEatsError) {
        await recordUberEatsError(deps.db, credentials.id, error.message);
        if (error.status === 401) await dropUberEatsToken(deps.db, credentials.id);
      }
      throw error;
    }
  }

  /** Runs `act`; a 409 is success when Uber's order already reached `state` (an earlier attempt did it). */
  async function settle(ref: UberOrderRef, state: string, act: (api: UberEatsApi) => Promise<void>): Promise<'done' | 'too_late'> {
    return withApi(ref, async (api) => {
      try {
        await act(api);
        return 'done';
      } catch (error) {
        if (!(error instanceof UberEatsError) || error.status !== 409) throw error;
        const order = uberOrderSchema.parse(await api.getOrder(ref.uberOrderId));
        return order.current_state === state ? 'done' : 'too_late';
      }
    });
  }

  return {
    /**
     * Tells Uber whether the branch takes orders, from the branch's switch as it is now (not as
     * it was when asked), so quick taps in a row end with Uber where the shop ended.
     */
    async pushUberEatsStoreStatus(input: { tenantId: string; branchId: string }): Promise<'ONLINE' | 'PAUSED' | 'not_connected'> {
      const [connectionId, branch] = await Promise.all([
        uberEatsConnectionIdOf(deps.db, input.tenantId, input.branchId),
        deps.db.branch.findFirst({ where: { tenantId: input.tenantId, id: input.branchId }, select: { orderingStatus: true } }),
      ]);
      if (!connectionId || !branch) return 'not_connected';
      const status = branch.orderingStatus === 'paused' ? 'PAUSED' : 'ONLINE';
      await withApi({ tenantId: input.tenantId, connectionId }, (api, storeId) =>
        api.setStoreStatus(storeId, status === 'PAUSED' ? { status, reason: '店家暫停線上點餐' } : { status }),
      );
      return status;
    },

    /**
     * Puts the branch's menu on its Uber Eats store as customers see it now (items, options,
     * prices, photos, weekly hours; what is sold out today suspended until tomorrow). Returns how
     * many items went, or null when the branch is not connected.
     */
    async pushUberEatsMenu(input: { tenantId: string; branchId: string }): Promise<number | null> {
      const connectionId = await uberEatsConnectionIdOf(deps.db, input.tenantId, input.branchId);
      if (!connectionId) return null;
      const now = new Date();
      const [shop, menu, { hours }] = await Promise.all([
        deps.db.tenant.findUniqueOrThrow({ where: { id: input.tenantId }, select: { name: true } }),
        loadMenu(deps.db, input.tenantId, input.branchId, now),
        getBusinessHours(deps.db, input.tenantId, input.branchId),
      ]);
      const origin = deps.publicBaseUrl ?? 'http://127.0.0.1:3000';
      const body = uberMenu({
        shopName: shop.name,
        categories: menu.categories.map((category) => ({
          ...category,
          items: category.items.map((item) => ({
            ...item,
            imageUrl: publicUrl(item.imageUrl, origin),
          })),
        })),
        week: hours.week,
        suspendUntil: Math.floor(taipeiDayRange(taipeiDayKey(now)).end.getTime() / 1000),
      });
      await withApi({ tenantId: input.tenantId, connectionId }, (api, storeId) => api.uploadMenu(storeId, body));
      return menu.categories.reduce((sum, category) => sum + category.items.length, 0);
    },

    /** The order's state at Uber (FINISHED once the courier has it), for an order Uber sends no event about. */
    async uberEatsOrderState(input: UberOrderRef): Promise<string> {
      return withApi(input, async (api) => uberOrderSchema.parse(await api.getOrder(input.uberOrderId)).current_state);
    },

    /** 出餐: Uber's courier is told the food is ready; 'too_late' when Uber cancelled the order meanwhile. */
    async markUberEatsOrderReady(input: UberOrderRef): Promise<'done' | 'too_late'> {
      return withApi(input, async (api) => {
        try {
          await api.markOrderReady(input.uberOrderId);
          return 'done';
        } catch (error) {
          if (!(error instanceof UberEatsError) || error.status !== 409) throw error;
          const order = uberOrderSchema.parse(await api.getOrder(input.uberOrderId));
          return order.current_state === 'CANCELED' ? 'too_late' : 'done';
        }
      });
    },

    async placeUberEatsOrder(input: UberOrderRef & { branchId: string; workflowId: string; acceptByMs: number | null }) {
      const order = await withApi(input, async (api) => uberOrderSchema.parse(await api.getOrder(input.uberOrderId)));
      // Cancelled at Uber before Jiayi heard of the order (its events can come in any order).
      if (order.current_state !== 'CREATED' && order.current_state !== 'ACCEPTED') return { kind: 'gone' as const };
      const placed = await placeUberEatsOrder(deps.db, {
        tenantId: input.tenantId,
        branchId: input.branchId,
        workflowId: input.workflowId,
        order,
        acceptBy: input.acceptByMs === null ? null : new Date(input.acceptByMs),
      });
      if (placed.kind === 'denied' && placed.denial.code === 'MISSING_ITEM')
        await recordUberEatsError(deps.db, input.connectionId, `訂單 #${order.display_id}：${placed.denial.explanation}`);
      return placed;
    },

    async acceptUberEatsOrder(input: UberOrderRef & { orderNumber: string }) {
      return settle(input, 'ACCEPTED', (api) =>
        api.acceptOrder(input.uberOrderId, { reason: '已接單', external_reference_id: input.orderNumber }),
      );
    },

    async denyUberEatsOrder(input: UberOrderRef & { denial: UberDenial }) {
      const { denial } = input;
      return settle(input, 'DENIED', (api) =>
        api.denyOrder(input.uberOrderId, {
          explanation: denial.explanation,
          code: denial.code,
          ...(denial.outOfStockItems.length ? { out_of_stock_items: denial.outOfStockItems } : {}),
        }),
      );
    },

    async cancelUberEatsOrder(input: UberOrderRef & { reason: string }) {
      return settle(input, 'CANCELED', (api) => api.cancelOrder(input.uberOrderId, 'OTHER', input.reason));
    },
  };
}
