import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { SecretBox } from '../db/secret-box.ts';

/** What every activity may use; built once per worker process. */
export interface ActivityDeps {
  db: Db;
  secrets: SecretBox;
  line: { apiBaseUrl: string; dataApiBaseUrl: string };
  log: Logger;
}
