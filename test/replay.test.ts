import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { inject, describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from './support/histories.ts';

/**
 * Replays every recorded order history against today's workflow code. A change that would
 * break orders already running in production (non-determinism) fails here, in CI.
 * Record new histories with `RECORD_HISTORIES=1 npm test` after a deliberate, patched() change.
 */
const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

describe('recorded workflow histories replay on the current code', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s', async (file) => {
    const history = JSON.parse(readFileSync(`${HISTORIES_DIR}${file}`, 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, file),
    ).resolves.toBeUndefined();
  });
});
