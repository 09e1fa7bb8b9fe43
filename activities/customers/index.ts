import type { ActivityDeps } from '../deps.ts';
import type { LineClientProvider } from '../line-clients.ts';
import { customerActivities } from './customers.ts';

/** The customers area: who orders, known by their LINE profile. */
export function customersActivities(deps: ActivityDeps, lineClientFor: LineClientProvider) {
  return { ...customerActivities(deps, lineClientFor) };
}
