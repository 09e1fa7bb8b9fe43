import { z } from 'zod';

/**
 * The local LINE sandbox's built-in LINE Login channel (sandbox/line/main.ts registers it).
 * Not a secret: the API server refuses to start with it when NODE_ENV=production (api/team/auth/config.ts).
 */
export const SANDBOX_LOGIN_CHANNEL = {
  channelId: '1660000001',
  channelSecret: 'jiayi0sandbox0login0channel0secret',
} as const;

/**
 * Every setting of every process, validated once at start. `.env.example` documents each key;
 * defaults are the local demo's (Temporal dev server, local PostgreSQL, the LINE sandbox).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/jiayi'),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('orders'),
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  /** Pre-built workflow bundle (scripts/bundle-workflows.ts); the worker bundles on start when unset. */
  WORKFLOW_BUNDLE_PATH: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The origin customers and LINE reach this server at; used in webhook URLs shown to merchants. */
  PUBLIC_BASE_URL: z.string().url().default('http://127.0.0.1:3000'),
  /** 32 bytes, base64: the key that encrypts tenants' LINE secrets at rest. */
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'SECRETS_KEY must be 32 bytes, base64-encoded'),
  LINE_API_BASE_URL: z.string().url().default('https://api.line.me'),
  LINE_DATA_API_BASE_URL: z.string().url().default('https://api-data.line.me'),
  /** Largest webhook body accepted, in bytes (LINE batches events; 1 MiB is far above any real delivery). */
  WEBHOOK_BODY_LIMIT: z.coerce.number().int().positive().default(1_048_576),
  SANDBOX_LINE_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /**
   * Where uploaded files (product photos) live (storage/file-storage.ts): 'local', the disk under
   * STORAGE_DIR (one machine), or 's3', a bucket every API server and worker shares.
   */
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  STORAGE_DIR: z.string().min(1).default('.data/uploads'),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** An S3-compatible service (absent: AWS). */
  S3_ENDPOINT: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Absent: the AWS SDK's own credential chain (environment, instance role). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Jiayi's own LINE Login channel (merchants sign up and sign in with it). Defaults: the sandbox's. */
  LINE_LOGIN_CHANNEL_ID: z
    .string()
    .regex(/^\d{1,20}$/, 'LINE_LOGIN_CHANNEL_ID is the numeric channel ID')
    .default(SANDBOX_LOGIN_CHANNEL.channelId),
  LINE_LOGIN_CHANNEL_SECRET: z.string().min(16).default(SANDBOX_LOGIN_CHANNEL.channelSecret),
  /** Where the browser goes to authorize (https://access.line.me); tokens come from LINE_API_BASE_URL. */
  LINE_LOGIN_BASE_URL: z.string().url().default('https://access.line.me'),
  /** The platform's own LINE official account (@ID) that 線上客服 sends shops to. */
  PLATFORM_SUPPORT_LINE_ID: z
    .string()
    .regex(/^@[\w.-]{1,32}$/, 'PLATFORM_SUPPORT_LINE_ID is a LINE official account ID such as @jiayi-support')
    .default('@jiayi-support'),
  /** A session ends after this long without a request (minutes; default 7 days). */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24 * 60),
  /** A session ends this long after sign-in, however active (hours; default 30 days). */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30 * 24),
  /** Sign-in attempts allowed per account (e-mail) and per client IP in one window. */
  SIGN_IN_MAX_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  SIGN_IN_MAX_PER_IP: z.coerce.number().int().min(1).default(30),
  SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /**
   * LINE Login starts allowed per client IP and for the whole server in one sign-in window: each
   * start stores a login state for 10 minutes, so an unthrottled loop would fill the table.
   */
  LINE_LOGIN_MAX_PER_IP: z.coerce.number().int().min(1).default(60),
  LINE_LOGIN_MAX_TOTAL: z.coerce.number().int().min(1).default(10_000),
  /**
   * The SMTP server e-mail goes through (smtp://host:port, smtps://user:password@host:465).
   * `npm start` points it at a local mailpit; without it, features that e-mail (signing up
   * with a password through an invitation) say e-mail is not set up.
   */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL starts with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('加一 Jiayi <no-reply@jiayi.local>'),
  /**
   * Jiayi's Stripe secret key. Without it Jiayi bills nobody (new shops get every feature) and
   * shops cannot take card payments. `npm start` uses the Stripe sandbox's.
   */
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_/, 'STRIPE_SECRET_KEY starts with sk_test_ or sk_live_').optional(),
  /** Stripe's API origin; the sandbox's in development and tests. */
  STRIPE_API_BASE_URL: z.string().url().default('https://api.stripe.com'),
  /** The signing secret of Jiayi's Stripe webhook endpoint (whsec_…); required with STRIPE_SECRET_KEY. */
  STRIPE_WEBHOOK_SECRET: z.string().min(8).optional(),
  /** How long a shop whose payment failed keeps its admin before it becomes read-only (default 7 days). */
  BILLING_GRACE_SECONDS: z.coerce.number().int().min(1).default(7 * 24 * 3600),
  SANDBOX_STRIPE_PORT: z.coerce.number().int().min(0).max(65535).default(4020),
  /** Uber Eats' API and OAuth origins; the Uber Eats sandbox's in development and tests. */
  UBEREATS_API_BASE_URL: z.string().url().default('https://api.uber.com'),
  UBEREATS_AUTH_BASE_URL: z.string().url().default('https://auth.uber.com'),
  /** A pending Uber Eats order is denied this long after it arrived, safely before Uber cancels it at 11.5 minutes. */
  UBEREATS_DENY_AFTER_SECONDS: z.coerce.number().int().min(1).max(660).default(600),
  /** How often a ready Uber Eats order is read back from Uber until the courier has it (Uber sends no event for that). */
  UBEREATS_PICKUP_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  SANDBOX_UBEREATS_PORT: z.coerce.number().int().min(0).max(65535).default(4060),
  /** ECPay's B2C e-invoice API origin (its staging host by default); the ECPay sandbox's in development and tests. */
  ECPAY_EINVOICE_BASE_URL: z.string().url().default('https://einvoice-stage.ecpay.com.tw'),
  SANDBOX_ECPAY_PORT: z.coerce.number().int().min(0).max(65535).default(4040),
  /** Lalamove API v3's origin (https://rest.sandbox.lalamove.com for its own sandbox); the Lalamove sandbox's in development and tests. */
  LALAMOVE_API_BASE_URL: z.string().url().default('https://rest.lalamove.com'),
  /** A Lalamove call not answered in this long is given up; a booking's outcome is then reconciled. */
  LALAMOVE_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(15_000),
  /** A booking whose answer was lost is looked for this long (Lalamove's webhook names it) before booking again. */
  DELIVERY_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  SANDBOX_LALAMOVE_PORT: z.coerce.number().int().min(0).max(65535).default(4050),
}).refine((env) => env.STORAGE_DRIVER !== 's3' || env.S3_BUCKET, {
  message: 'S3_BUCKET is required when STORAGE_DRIVER is s3',
  path: ['S3_BUCKET'],
}).refine((env) => !env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET, {
  message: 'STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY',
  path: ['STRIPE_WEBHOOK_SECRET'],
});

export type Env = z.infer<typeof envSchema>;

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
