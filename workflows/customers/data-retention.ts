import { continueAsNew, workflowInfo } from '@temporalio/workflow';
import { RETENTION_BATCH_SIZE, isRetentionMonths, retentionCutoff } from '../../domain/customers/data-retention.ts';
import { databaseActivities as db } from '../activity-proxies.ts';

export interface CustomerRetentionInput {
  /** The run's time, kept across continue-as-new so every shop is cut off as of one moment. */
  atMs?: number;
  /** The last shop an earlier run of this chain handled; the next page starts after it. */
  after?: string | null;
  /** Carried totals of the chain. */
  shops?: number;
  anonymized?: number;
}

export interface CustomerRetentionResult {
  shops: number;
  anonymized: number;
}

/** Shops per run of the chain; more continue as new, so the history stays small however many shops. */
const SHOPS_PER_RUN = 100;

/**
 * 個資保存期限, started at 04:00 Taipei every night by one global Schedule (temporal/
 * retention-schedule.ts), not one Schedule per shop: the limit is a column a shop changes on its
 * settings page, and a per-shop Schedule would have to be created, changed and deleted in step
 * with it (and repaired when that failed), while one run that reads the limits when it starts
 * always sees the saved ones. For each shop with a limit: anonymize its customers past the
 * cut-off in batches (domain/customers/data-retention.ts; each batch one transaction), then
 * write the shop's audit line with the count, also when it is 0. Idempotent: a repeated run
 * anonymizes nobody twice and adds only its own audit line.
 */
export async function customerRetentionWorkflow(input: CustomerRetentionInput = {}): Promise<CustomerRetentionResult> {
  // Workflow time (Temporal makes Date deterministic inside workflows).
  // eslint-disable-next-line no-restricted-properties
  const atMs = input.atMs ?? Date.now();
  const result: CustomerRetentionResult = { shops: input.shops ?? 0, anonymized: input.anonymized ?? 0 };
  const shops = await db.listRetentionShops({ after: input.after ?? null, limit: SHOPS_PER_RUN });
  for (const shop of shops) {
    if (!isRetentionMonths(shop.months)) continue;
    const cutoffMs = retentionCutoff(new Date(atMs), shop.months).getTime();
    let anonymized = 0;
    for (;;) {
      const count = await db.anonymizeCustomersBatch({ tenantId: shop.tenantId, cutoffMs, limit: RETENTION_BATCH_SIZE });
      anonymized += count;
      if (count < RETENTION_BATCH_SIZE) break;
    }
    await db.recordRetentionRun({
      tenantId: shop.tenantId,
      runKey: workflowInfo().workflowId,
      atMs,
      months: shop.months,
      cutoffMs,
      anonymized,
    });
    result.shops += 1;
    result.anonymized += anonymized;
  }
  if (shops.length === SHOPS_PER_RUN) {
    return continueAsNew<typeof customerRetentionWorkflow>({ atMs, after: shops.at(-1)!.tenantId, ...result });
  }
  return result;
}
