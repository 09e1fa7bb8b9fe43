import type { ActivityDeps } from '../deps.ts';
import { memberActivities } from './members.ts';

/** The members area: points, tiers and tags kept in step with orders and the calendar. */
export function membersActivities(deps: ActivityDeps) {
  return { ...memberActivities(deps) };
}
