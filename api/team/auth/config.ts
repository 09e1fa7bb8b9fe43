import { hkdfSync } from 'node:crypto';
import { SANDBOX_LOGIN_CHANNEL, type Env } from '../../../config/env.ts';

/**
 * Everything sign-in needs from the configuration, derived once.
 *
 * Cookies are `Secure` and carry the `__Host-` prefix (no Domain, Path=/, HTTPS only) unless
 * PUBLIC_BASE_URL is plain http:// on 127.0.0.1, ::1 or localhost: the local demo and the
 * tests, where browsers would refuse a Secure cookie over http (Safari) or the prefix needs
 * HTTPS. Any other http:// origin still gets Secure cookies, so a misconfigured deployment fails
 * closed (nobody can sign in) instead of sending session cookies in the clear.
 */
export interface AuthConfig {
  secureCookies: boolean;
  cookies: { session: string; csrf: string; lineLogin: string };
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Touch last_seen_at at most this often. */
  sessionTouchMs: number;
  /** PUBLIC_BASE_URL's origin: what a browser's Origin header must say on state-changing requests. */
  publicOrigin: string;
  lineCallbackUrl: string;
  loginStateTtlMs: number;
  invitationTtlMs: number;
  signIn: { maxPerAccount: number; maxPerIp: number; windowMs: number };
  /** LINE Login starts per client IP and for the whole server, in the sign-in window. */
  lineLoginStarts: { maxPerIp: number; maxTotal: number };
  /** Key for the HMAC that turns a session (or pre-session) secret into its CSRF token. */
  csrfKey: Buffer;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLocalHttp(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

export function authConfig(env: Env): AuthConfig {
  if (env.NODE_ENV === 'production' && env.LINE_LOGIN_CHANNEL_SECRET === SANDBOX_LOGIN_CHANNEL.channelSecret) {
    throw new Error(
      'LINE_LOGIN_CHANNEL_SECRET is the LINE sandbox default: set the real LINE Login channel (see .env.example)',
    );
  }
  const secureCookies = !isLocalHttp(env.PUBLIC_BASE_URL);
  const prefix = secureCookies ? '__Host-' : '';
  const publicOrigin = new URL(env.PUBLIC_BASE_URL).origin;
  return {
    secureCookies,
    cookies: { session: `${prefix}jiayi_session`, csrf: `${prefix}jiayi_csrf`, lineLogin: `${prefix}jiayi_line_login` },
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: env.SESSION_MAX_HOURS * 3_600_000,
    sessionTouchMs: 60_000,
    publicOrigin,
    lineCallbackUrl: `${publicOrigin}/api/auth/line/callback`,
    loginStateTtlMs: 10 * 60_000,
    invitationTtlMs: 7 * 24 * 3_600_000,
    signIn: {
      maxPerAccount: env.SIGN_IN_MAX_PER_ACCOUNT,
      maxPerIp: env.SIGN_IN_MAX_PER_IP,
      windowMs: env.SIGN_IN_WINDOW_MINUTES * 60_000,
    },
    lineLoginStarts: { maxPerIp: env.LINE_LOGIN_MAX_PER_IP, maxTotal: env.LINE_LOGIN_MAX_TOTAL },
    csrfKey: Buffer.from(
      hkdfSync('sha256', Buffer.from(env.SECRETS_KEY, 'base64'), Buffer.alloc(0), 'jiayi csrf v1', 32),
    ),
  };
}
