import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../../db/client.ts';
import type { AuthConfig } from './config.ts';
import { hmacBase64url, randomToken, sha256Hex } from './crypto.ts';

/**
 * Sessions: a random 256-bit token in an httpOnly, SameSite=Lax cookie (Secure, `__Host-`
 * outside local http; see config.ts), stored only as its SHA-256. A session ends when revoked
 * (sign-out), after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS after sign-in.
 * Signing in always makes a new session and revokes the one the browser had (no fixation).
 */

export interface SessionUser {
  id: string;
  displayName: string;
  email: string | null;
  pictureUrl: string | null;
  hasPassword: boolean;
  hasLine: boolean;
}

export interface SessionInfo {
  id: string;
  /** The cookie's token (never stored): the CSRF token is derived from it. */
  token: string;
  user: SessionUser;
  createdAt: Date;
  expiresAt: Date;
}

const userSelect = {
  id: true,
  displayName: true,
  email: true,
  pictureUrl: true,
  passwordHash: true,
  lineLoginUserId: true,
} as const;

function toSessionUser(user: {
  id: string;
  displayName: string;
  email: string | null;
  pictureUrl: string | null;
  passwordHash: string | null;
  lineLoginUserId: string | null;
}): SessionUser {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    pictureUrl: user.pictureUrl,
    hasPassword: user.passwordHash !== null,
    hasLine: user.lineLoginUserId !== null,
  };
}

/** The CSRF token of a session (synchronizer token bound to it by an HMAC; nothing stored). */
export function sessionCsrfToken(config: AuthConfig, sessionToken: string): string {
  return hmacBase64url(config.csrfKey, `session\n${sessionToken}`);
}

/** The CSRF token of a browser without a session (double-submit: HMAC of its csrf cookie). */
export function anonymousCsrfToken(config: AuthConfig, cookieValue: string): string {
  return hmacBase64url(config.csrfKey, `anonymous\n${cookieValue}`);
}

export function createSessionStore(db: Db, config: AuthConfig) {
  /** The valid session a cookie token belongs to, or null (touches last_seen_at). */
  async function find(token: string | undefined): Promise<SessionInfo | null> {
    if (!token || token.length < 20 || token.length > 100) return null;
    const row = await db.session.findUnique({
      where: { tokenHash: sha256Hex(token) },
      include: { user: { select: userSelect } },
    });
    const now = Date.now();
    if (
      !row ||
      row.revokedAt ||
      row.expiresAt.getTime() <= now ||
      row.lastSeenAt.getTime() + config.sessionIdleMs <= now
    ) {
      return null;
    }
    if (now - row.lastSeenAt.getTime() >= config.sessionTouchMs) {
      await db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } });
    }
    return { id: row.id, token, user: toSessionUser(row.user), createdAt: row.createdAt, expiresAt: row.expiresAt };
  }

  /**
   * Signs `userId` in: revokes the browser's current session (whoever it belonged to), makes a
   * new one and sets its cookie. Returns the new session.
   */
  async function start(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<SessionInfo> {
    const previous = request.cookies[config.cookies.session];
    const now = new Date();
    const token = randomToken(32);
    const expiresAt = new Date(now.getTime() + config.sessionMaxMs);
    const [, , created] = await db.$transaction([
      db.session.updateMany({
        where: { tokenHash: previous ? sha256Hex(previous) : '-', revokedAt: null },
        data: { revokedAt: now },
      }),
      // Housekeeping: sessions that ended more than a day ago.
      db.session.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 86_400_000) } } }),
      db.session.create({
        data: {
          userId,
          tokenHash: sha256Hex(token),
          createdAt: now,
          lastSeenAt: now,
          expiresAt,
          ip: request.ip,
          userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
        },
        include: { user: { select: userSelect } },
      }),
    ]);
    reply.setCookie(config.cookies.session, token, {
      httpOnly: true,
      secure: config.secureCookies,
      sameSite: 'lax',
      path: '/',
      maxAge: Math.floor(config.sessionMaxMs / 1000),
    });
    // The pre-session CSRF cookie has done its job.
    reply.clearCookie(config.cookies.csrf, {
      path: '/',
      secure: config.secureCookies,
      httpOnly: true,
      sameSite: 'lax',
    });
    return { id: created.id, token, user: toSessionUser(created.user), createdAt: created.createdAt, expiresAt };
  }

  async function revoke(sessionId: string): Promise<void> {
    await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  }

  async function revokeAllOf(userId: string): Promise<number> {
    const { count } = await db.session.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count;
  }

  function clearCookie(reply: FastifyReply): void {
    reply.clearCookie(config.cookies.session, {
      path: '/',
      secure: config.secureCookies,
      httpOnly: true,
      sameSite: 'lax',
    });
  }

  return { find, start, revoke, revokeAllOf, clearCookie };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
