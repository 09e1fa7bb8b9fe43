import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import type { SecretBox } from '../db/secret-box.ts';
import type { FileStorage } from '../storage/file-storage.ts';

/** What every activity may use; built once per worker process. */
export interface ActivityDeps {
  db: Db;
  secrets: SecretBox;
  line: { apiBaseUrl: string; dataApiBaseUrl: string };
  log: Logger;
  /** Product photos (chat photos are stored like admin uploads); the worker passes STORAGE_DIR's. */
  storage?: FileStorage;
  /** The platform's SMTP server (SMTP_URL) and sender, for shops without their own; none: no e-mail. */
  mail?: { smtpUrl: string | undefined; from: string };
  /** The app's public address (PUBLIC_BASE_URL), for links in messages to customers. */
  publicBaseUrl?: string;
  /** Jiayi's Stripe account (STRIPE_SECRET_KEY, STRIPE_API_BASE_URL); none: nobody is billed. */
  stripe?: { secretKey: string; apiBaseUrl: string };
}
