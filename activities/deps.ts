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
  /** Uber Eats' API and OAuth origins (UBEREATS_API_BASE_URL, UBEREATS_AUTH_BASE_URL). */
  ubereats?: { apiBaseUrl: string; authBaseUrl: string };
  /** ECPay's e-invoice API origin (ECPAY_EINVOICE_BASE_URL); its staging host when absent. */
  ecpay?: { baseUrl: string };
  /**
   * Lalamove's API origin, how long a call may take, and how long a booking whose answer was lost
   * is looked for (LALAMOVE_API_BASE_URL, LALAMOVE_TIMEOUT_MS, DELIVERY_RECONCILE_SECONDS).
   */
  lalamove?: { apiBaseUrl: string; timeoutMs: number; reconcileMs: number };
}
