import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Env } from '../config/env.ts';
import type { Db } from '../db/client.ts';
import type { SecretBox } from '../db/secret-box.ts';
import type { FileStorage } from '../storage/file-storage.ts';
import type { Mailer } from '../integrations/mail/mailer.ts';
import type { LineInboxThreadOptions } from './line-chat/inbox-thread.ts';

/** What the HTTP server is built from; tests build it with their own database and Temporal. */
export interface ServerDeps {
  env: Env;
  db: Db;
  temporal: Client;
  secrets: SecretBox;
  log: Logger;
  /** How e-mail goes out; SMTP_URL's server when not given. */
  mailer?: Mailer;
  /** Where uploads go; the local disk (STORAGE_DIR) when not given. */
  storage?: FileStorage;
  /**
   * Run the LINE inbox (claims, the "+1" lane, the event handlers) in a worker thread with
   * connections of its own, built from `env`; otherwise in the server's own event loop.
   */
  lineInboxThread?: boolean | LineInboxThreadOptions;
}
