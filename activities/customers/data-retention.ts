import { z } from 'zod';
import { RETENTION_MONTHS, type RetentionMonths } from '../../domain/customers/data-retention.ts';
import {
  anonymizeBatch,
  listRetentionShops,
  recordRetentionRun,
} from '../../db/customers/data-retention.ts';
import type { ActivityDeps } from '../deps.ts';

const pageInput = z.object({ after: z.uuid().nullable(), limit: z.number().int().min(1).max(1000) });
const batchInput = z.object({
  tenantId: z.uuid(),
  cutoffMs: z.number().int(),
  limit: z.number().int().min(1).max(1000),
});
const runInput = z.object({
  tenantId: z.uuid(),
  runKey: z.string().min(1).max(200),
  atMs: z.number().int(),
  months: z.literal(RETENTION_MONTHS),
  cutoffMs: z.number().int(),
  anonymized: z.number().int().min(0),
});

/** 個資保存期限's nightly steps (workflows/customers/data-retention.ts); each is idempotent. */
export function dataRetentionActivities(deps: ActivityDeps) {
  return {
    /** The shops with a limit, a page at a time by ID. */
    async listRetentionShops(raw: z.infer<typeof pageInput>): Promise<{ tenantId: string; months: number }[]> {
      const input = pageInput.parse(raw);
      return listRetentionShops(deps.db, input.after, input.limit);
    },

    /** One transaction's worth of a shop's customers past the cut-off, anonymized; how many. */
    async anonymizeCustomersBatch(raw: z.infer<typeof batchInput>): Promise<number> {
      const input = batchInput.parse(raw);
      return anonymizeBatch(deps.db, input.tenantId, new Date(input.cutoffMs), input.limit);
    },

    /** The shop's audit line for this run, with the count (once per run and shop). */
    async recordRetentionRun(raw: z.infer<typeof runInput>): Promise<void> {
      const input = runInput.parse(raw);
      await recordRetentionRun(deps.db, input.tenantId, input.runKey, {
        at: new Date(input.atMs).toISOString(),
        months: input.months as RetentionMonths,
        cutoff: new Date(input.cutoffMs).toISOString(),
        anonymized: input.anonymized,
      });
      deps.log.info({ tenantId: input.tenantId, anonymized: input.anonymized, months: input.months }, 'customer data retention');
    },
  };
}
