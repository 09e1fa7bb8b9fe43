import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { restaurantOrderActivities } from './restaurant-orders.ts';

/** The restaurant area: the life of a restaurant order. */
export function restaurantActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return { ...restaurantOrderActivities(deps, lineClientFor) };
}
