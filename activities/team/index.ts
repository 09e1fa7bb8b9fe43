import type { ActivityDeps } from '../deps.ts';
import { lineBindingActivities } from './line-binding.ts';

/** The team area: a shop's members, here binding their LINE accounts from the chat. */
export function teamActivities(deps: ActivityDeps) {
  return { ...lineBindingActivities(deps) };
}
