import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditEntry, writeAudit } from './auth/audit.ts';
import { randomToken } from './auth/crypto.ts';
import { homePath, listMemberships, type Membership } from './auth/memberships.ts';
import type { SessionInfo } from './auth/sessions.ts';
import { csrfTokenFor, UNAUTHENTICATED } from '../plugins/auth.ts';

/** What the web app learns about the signed-in person. */
export interface SessionBody {
  user: SessionInfo['user'];
  memberships: {
    tenant: { slug: string; name: string };
    role: Membership['role'];
    permissions: Membership['permissions'];
  }[];
  /** Where to go when nothing else was asked for. */
  home: string;
  csrfToken: string;
}

export function sessionBody(session: SessionInfo, memberships: Membership[], csrfToken: string): SessionBody {
  return {
    user: session.user,
    memberships: memberships.map((m) => ({
      tenant: { slug: m.tenant.slug, name: m.tenant.name },
      role: m.role,
      permissions: m.permissions,
    })),
    home: homePath(memberships),
    csrfToken,
  };
}

const signOutBody = z.object({ everywhere: z.boolean().default(false) }).default({ everywhere: false });

/**
 * - GET /api/auth/session — the signed-in person, their shops and their CSRF token; 401 without a session.
 * - GET /api/auth/csrf — the CSRF token to send as X-CSRF-Token (before sign-in it sets the
 *   jiayi_csrf cookie it is derived from).
 * - POST /api/auth/sign-out — revokes this session ({everywhere: true}: every session of the person).
 */
export async function authSessionRoutes(app: FastifyInstance) {
  const auth = app.jiayiAuth;

  app.get(
    '/api/auth/session',
    { config: { doc: { summary: 'Who is signed in, and their shops' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const session = await request.getSession();
      if (!session) return reply.code(401).send(UNAUTHENTICATED);
      return sessionBody(session, await listMemberships(auth.db, session.user.id), csrfTokenFor(request, session)!);
    },
  );

  app.get(
    '/api/auth/csrf',
    { config: { doc: { summary: 'The X-CSRF-Token for state-changing requests' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const session = await request.getSession();
      if (!session && !request.cookies[auth.config.cookies.csrf]) {
        const seed = randomToken(32);
        reply.setCookie(auth.config.cookies.csrf, seed, {
          httpOnly: true,
          secure: auth.config.secureCookies,
          sameSite: 'lax',
          path: '/',
          maxAge: 24 * 3600,
        });
        request.cookies[auth.config.cookies.csrf] = seed;
      }
      return { csrfToken: csrfTokenFor(request, session) };
    },
  );

  app.post(
    '/api/auth/sign-out',
    { config: { doc: { summary: 'Sign out (here, or everywhere)', body: signOutBody } } },
    async (request, reply) => {
      const session = await request.getSession();
      const input = signOutBody.safeParse(request.body ?? {});
      const everywhere = input.success && input.data.everywhere;
      auth.sessions.clearCookie(reply);
      if (session) {
        const revoked = everywhere
          ? await auth.sessions.revokeAllOf(session.user.id)
          : (await auth.sessions.revoke(session.id), 1);
        await writeAudit(
          auth.db,
          auditEntry(request, {
            action: 'auth.sign_out',
            targetType: 'user',
            targetId: session.user.id,
            data: { everywhere, revoked },
          }),
        );
      }
      return reply.header('cache-control', 'no-store').send({ ok: true, redirectTo: '/sign-in' });
    },
  );
}
