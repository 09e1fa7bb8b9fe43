import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Temporal CLI version we build with `go install` (later tags carry a replace directive). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** Where scripts/bootstrap.sh installs the CLI: a cache outside the clone, shared by clones and CI. */
export function temporalCliPath(): string {
  const cache = process.env.JIAYI_CACHE ?? join(homedir(), '.cache', 'jiayi');
  return process.env.TEMPORAL_CLI ?? join(cache, `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
}
