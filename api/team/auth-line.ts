import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { createPkcePair, LineLoginError } from '../../integrations/line/login.ts';
import { auditEntry, writeAudit } from './auth/audit.ts';
import { randomToken, safeEqual, sha256Hex } from './auth/crypto.ts';
import { acceptInvitation, findInvitation, INVITATION_PROBLEMS } from './auth/invitations.ts';
import { homePath, listMemberships, safeReturnTo } from './auth/memberships.ts';

const INTENTS = ['sign_in', 'sign_up', 'invite'] as const;
type Intent = (typeof INTENTS)[number];

const startBody = z.object({
  intent: z.enum(INTENTS),
  returnTo: z.string().max(500).optional(),
  /** The token of the invitation link, for intent 'invite'. */
  invitation: z.string().min(10).max(200).optional(),
  /** The page's language, passed on to LINE's screens. */
  locale: z.enum(['zh-TW', 'en']).optional(),
});

const callbackQuery = z.object({
  code: z.string().max(512).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(100).optional(),
  error_description: z.string().max(500).optional(),
});

/** Where each intent sends the person back to when something went wrong (the page explains `error`). */
const ERROR_PAGE: Record<Intent, string> = { sign_in: '/sign-in', sign_up: '/sign-up', invite: '/sign-in' };

/**
 * LINE Login (OAuth 2.0 code flow + OpenID Connect + PKCE S256):
 *
 * - POST /api/auth/line/start {intent, returnTo?, invitation?} — makes a single-use login state
 *   (state, nonce and code_verifier kept server-side for 10 minutes, bound to this browser by
 *   the jiayi_line_login cookie) and answers {authorizeUrl} for the page to go to.
 * - GET /api/auth/line/callback?code&state — LINE sends the browser back here. The state must
 *   exist, be unused, unexpired and belong to this browser; it is deleted on first use. The code
 *   is exchanged with the verifier, the ID token checked (signature, issuer, audience, expiry,
 *   nonce), then: sign in (a known LINE account), sign up (a new account, then the shop form),
 *   or join a shop (an invitation). Always a new session; redirects to the next page.
 */
export async function authLineRoutes(app: FastifyInstance) {
  const auth = app.jiayiAuth;
  const { config, db, line } = auth;
  const loginCookie = { httpOnly: true, secure: config.secureCookies, sameSite: 'lax' as const, path: '/' };

  app.post(
    '/api/auth/line/start',
    { config: { doc: { summary: 'Start LINE Login (sign in, sign up or bind)', body: startBody } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const input = startBody.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_input', message: '無法開始 LINE 登入，請重新整理頁面。' });
      let invitationId: string | null = null;
      if (input.data.intent === 'invite') {
        const found = input.data.invitation
          ? await findInvitation(db, { token: input.data.invitation })
          : { problem: 'invitation_not_found' as const };
        if ('problem' in found)
          return reply.code(410).send({ code: found.problem, message: INVITATION_PROBLEMS[found.problem] });
        invitationId = found.invitation.id;
      }
      const { maxPerIp, maxTotal } = config.lineLoginStarts;
      const windowMs = config.signIn.windowMs;
      const [ip, total] = await Promise.all([
        auth.limiter.consume(`line-login:ip:${request.ip}`, maxPerIp, windowMs),
        auth.limiter.consume('line-login:all', maxTotal, windowMs),
      ]);
      const refused = !ip.allowed ? ip : !total.allowed ? total : null;
      if (refused)
        return reply.code(429).header('retry-after', String(refused.retryAfterSeconds)).send({
          code: 'too_many_attempts',
          message: '嘗試次數過多，請稍後再試。',
          retryAfterSeconds: refused.retryAfterSeconds,
        });
      const state = randomToken(32);
      const nonce = randomToken(32);
      const browser = randomToken(32);
      const { codeVerifier, codeChallenge } = createPkcePair();
      const now = Date.now();
      await db.$transaction([
        db.loginState.deleteMany({ where: { expiresAt: { lt: new Date(now) } } }),
        db.loginState.create({
          data: {
            stateHash: sha256Hex(state),
            browserHash: sha256Hex(browser),
            nonce,
            codeVerifier,
            intent: input.data.intent,
            returnTo: safeReturnTo(input.data.returnTo),
            invitationId,
            expiresAt: new Date(now + config.loginStateTtlMs),
          },
        }),
      ]);
      reply.setCookie(config.cookies.lineLogin, browser, {
        ...loginCookie,
        maxAge: Math.floor(config.loginStateTtlMs / 1000),
      });
      const authorizeUrl = line.authorizeUrl({
        redirectUri: config.lineCallbackUrl,
        state,
        nonce,
        codeChallenge,
        ...(input.data.locale ? { uiLocales: input.data.locale } : {}),
      });
      return { authorizeUrl };
    },
  );

  app.get(
    '/api/auth/line/callback',
    { config: { doc: { summary: 'Where LINE Login returns', query: callbackQuery, produces: 'text/html' } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const query = callbackQuery.safeParse(request.query);
      const q = query.success ? query.data : {};
      const browser = request.cookies[config.cookies.lineLogin];
      reply.clearCookie(config.cookies.lineLogin, loginCookie);

      // Single use: whoever deletes the row owns this attempt.
      const stateHash = q.state ? sha256Hex(q.state) : null;
      const attempt = stateHash ? await db.loginState.findUnique({ where: { stateHash } }) : null;
      const claimed = attempt
        ? (await db.loginState.deleteMany({ where: { stateHash: attempt.stateHash } })).count === 1
        : false;
      const intent: Intent =
        attempt && (INTENTS as readonly string[]).includes(attempt.intent) ? (attempt.intent as Intent) : 'sign_in';
      const fail = (code: string, page = ERROR_PAGE[intent]) => redirect(reply, `${page}?error=${code}`);

      if (!attempt || !claimed || attempt.expiresAt.getTime() <= Date.now()) return fail('login_expired', '/sign-in');
      if (!browser || !safeEqual(sha256Hex(browser), attempt.browserHash)) {
        request.log.warn('LINE Login callback from a browser that did not start it');
        return fail('login_expired', '/sign-in');
      }
      if (q.error) return fail(q.error.toUpperCase() === 'ACCESS_DENIED' ? 'line_denied' : 'line_failed');
      if (!q.code) return fail('line_failed');

      let sub: string;
      let name: string | undefined;
      let picture: string | undefined;
      try {
        const tokens = await line.exchangeCode({
          code: q.code,
          redirectUri: config.lineCallbackUrl,
          codeVerifier: attempt.codeVerifier,
        });
        const claims = line.verifyIdToken(tokens.idToken, { nonce: attempt.nonce });
        sub = claims.sub;
        name = claims.name;
        picture = claims.picture;
      } catch (error) {
        request.log.warn(
          { err: error, lineError: error instanceof LineLoginError ? error.error : undefined },
          'LINE Login failed',
        );
        return fail('line_failed');
      }

      let user = await db.user.findUnique({ where: { lineLoginUserId: sub }, select: { id: true, displayName: true } });
      if (!user && intent === 'sign_in') {
        await writeAudit(
          db,
          auditEntry(request, { action: 'auth.sign_in_failed', data: { method: 'line', reason: 'not_registered' } }),
        );
        return fail('line_not_registered');
      }
      if (!user) {
        user = await db.user.create({
          data: {
            displayName: (name ?? '').trim().slice(0, 60) || 'LINE 使用者',
            lineLoginUserId: sub,
            pictureUrl: picture ?? null,
          },
          select: { id: true, displayName: true },
        });
        await writeAudit(db, {
          userId: user.id,
          actorName: user.displayName,
          action: 'auth.sign_up',
          targetType: 'user',
          targetId: user.id,
          data: { method: 'line' },
          ip: request.ip,
        });
      } else if (picture) {
        await db.user.update({ where: { id: user.id }, data: { pictureUrl: picture } });
      }

      const session = await auth.sessions.start(request, reply, user.id);
      request.sessionInfo = session;
      await writeAudit(
        db,
        auditEntry(request, {
          action: 'auth.sign_in',
          targetType: 'user',
          targetId: user.id,
          data: { method: 'line', intent },
        }),
      );

      if (intent === 'invite' && attempt.invitationId) {
        const accepted = await acceptInvitation(db, attempt.invitationId, user, { ip: request.ip });
        if (accepted.ok) return redirect(reply, `/t/${accepted.tenant.slug}/admin/orders`);
        if (accepted.problem !== 'already_member') return redirect(reply, `/shops?error=${accepted.problem}`);
      }
      const memberships = await listMemberships(db, user.id);
      return redirect(reply, (memberships.length > 0 ? safeReturnTo(attempt.returnTo) : null) ?? homePath(memberships));
    },
  );
}

function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.redirect(location, 303);
}
