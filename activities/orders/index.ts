import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { notifyActivities } from './notify.ts';
import { orderMessageActivities } from './order-messages.ts';
import { orderActivities } from './orders.ts';

/** The orders area: placing and changing orders, and the messages about them. */
export function ordersActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return {
    ...orderActivities(deps),
    ...notifyActivities(deps, lineClientFor),
    ...orderMessageActivities(deps, lineClientFor),
  };
}
