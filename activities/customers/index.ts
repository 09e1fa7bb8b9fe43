import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { customerActivities } from './customers.ts';
import { dataRetentionActivities } from './data-retention.ts';

/** The customers area: who orders, known by their LINE profile, and 個資保存期限. */
export function customersActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return { ...customerActivities(deps, lineClientFor), ...dataRetentionActivities(deps) };
}
