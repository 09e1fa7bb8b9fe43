import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import type { Stack } from './stack.ts';

export const HISTORIES_DIR = fileURLToPath(new URL('../histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, saves a workflow's event history to test/histories/<name>.json,
 * where the replay test keeps every later change of workflow code honest. Without it, no-op.
 */
export async function recordHistory(stack: Stack, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(`${HISTORIES_DIR}${name}.json`, historyToJSON(history));
}
