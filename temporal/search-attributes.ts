import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes on every order workflow, so an operator finds an order in the
 * Temporal UI with one query (`OrderNumber = "B2AB-20260108-0001"`, `NeedsAttention = true`).
 * Registered by the dev-server start script; `OrderStatus`, not `Status` (Temporal UI #2577).
 */
export const TenantId = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const OrderNumber = defineSearchAttributeKey('OrderNumber', SearchAttributeType.KEYWORD);
export const OrderStatus = defineSearchAttributeKey('OrderStatus', SearchAttributeType.KEYWORD);
export const NeedsAttention = defineSearchAttributeKey('NeedsAttention', SearchAttributeType.BOOL);

/** Restaurant orders: the branch, and the day's 取餐號碼 the counter calls (`PickupNumber = "094"`). */
export const BranchId = defineSearchAttributeKey('BranchId', SearchAttributeType.KEYWORD);
export const PickupNumber = defineSearchAttributeKey('PickupNumber', SearchAttributeType.KEYWORD);

/** Temporal's own, on a Schedule's workflow: the time the Schedule started it for (its ID ends with it). */
export const TemporalScheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

export const ORDER_SEARCH_ATTRIBUTES = [
  TenantId,
  OrderNumber,
  OrderStatus,
  NeedsAttention,
  BranchId,
  PickupNumber,
] as const;

/** `--search-attribute NAME=Type` flags for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  const cliType = { KEYWORD: 'Keyword', BOOL: 'Bool' } as const;
  return ORDER_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${cliType[key.type]}`]);
}
