import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { temporalCliPath } from '../../temporal/cli-path.ts';

export const HISTORIES_DIR = fileURLToPath(new URL('../histories/', import.meta.url));

/**
 * With RECORD_HISTORIES=1, saves a workflow's event history to test/histories/<name>.json
 * (the Temporal CLI's JSON export, the format the UI downloads), where the replay test keeps
 * every later change of workflow code honest. Without it, does nothing.
 */
export async function recordHistory(workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const json = execFileSync(temporalCliPath(), [
    'workflow',
    'show',
    '--workflow-id',
    workflowId,
    '--address',
    inject('temporalAddress'),
    '--output',
    'json',
  ]);
  writeFileSync(`${HISTORIES_DIR}${name}.json`, json);
}
