import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EMAIL_MAX_LENGTH, normalizeEmail, PASSWORD_MAX_LENGTH } from '../../domain/team/credentials.ts';
import { auditEntry, writeAudit } from './auth/audit.ts';
import { sha256Hex } from './auth/crypto.ts';
import { listMemberships, safeReturnTo } from './auth/memberships.ts';
import { burnPasswordCheck, hashPassword, needsRehash, verifyPassword } from './auth/passwords.ts';
import { csrfTokenFor } from '../plugins/auth.ts';
import { sessionBody } from './auth-session.ts';

const body = z.object({
  email: z.string().max(EMAIL_MAX_LENGTH * 2),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
  returnTo: z.string().max(500).optional(),
});

/** The same answer for an unknown e-mail, a LINE-only account and a wrong password. */
export const INVALID_CREDENTIALS = {
  code: 'invalid_credentials',
  message: '電子郵件或密碼不正確。 The e-mail or password is not correct.',
} as const;

export const accountKey = (email: string) => `sign-in:account:${sha256Hex(email)}`;
export const ipKey = (ip: string) => `sign-in:ip:${ip}`;

/**
 * POST /api/auth/sign-in {email, password, returnTo?} — staff sign in with e-mail and password.
 *
 * Attempts are limited per account and per client IP (db/rate-limit.ts): over either
 * limit the answer is 429 with Retry-After, and the password is not even checked, so a right
 * guess during a lock-out learns nothing. Unknown e-mails cost the same scrypt time as known
 * ones and get the same message. A success starts a new session (the old one is revoked).
 */
export async function authPasswordRoutes(app: FastifyInstance) {
  const auth = app.jiayiAuth;
  const { maxPerAccount, maxPerIp, windowMs } = auth.config.signIn;

  app.post(
    '/api/auth/sign-in',
    { config: { doc: { summary: 'Sign in with e-mail and password', body } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const input = body.safeParse(request.body);
      if (!input.success) {
        return reply
          .code(400)
          .send({ code: 'invalid_input', message: '請輸入電子郵件與密碼。 Enter your e-mail and password.' });
      }
      const email = normalizeEmail(input.data.email);
      const { password } = input.data;

      const [account, ip] = await Promise.all([
        auth.limiter.consume(accountKey(email), maxPerAccount, windowMs),
        auth.limiter.consume(ipKey(request.ip), maxPerIp, windowMs),
      ]);
      if (!account.allowed || !ip.allowed) {
        const retryAfter = Math.max(
          account.allowed ? 0 : account.retryAfterSeconds,
          ip.allowed ? 0 : ip.retryAfterSeconds,
        );
        const minutes = Math.ceil(retryAfter / 60);
        await writeAudit(
          auth.db,
          auditEntry(request, {
            action: 'auth.sign_in_throttled',
            data: { method: 'password', by: account.allowed ? 'ip' : 'account' },
          }),
        );
        return reply
          .code(429)
          .header('retry-after', String(retryAfter))
          .send({
            code: 'too_many_attempts',
            message: `登入嘗試次數過多，請 ${minutes} 分鐘後再試。 Too many sign-in attempts; try again in ${minutes} minute(s).`,
            retryAfterSeconds: retryAfter,
          });
      }

      const user = await auth.db.user.findUnique({
        where: { email },
        select: { id: true, displayName: true, passwordHash: true },
      });
      const ok = user?.passwordHash
        ? await verifyPassword(password, user.passwordHash)
        : await burnPasswordCheck(password);
      if (!user || !ok) {
        await writeAudit(
          auth.db,
          auditEntry(request, {
            action: 'auth.sign_in_failed',
            targetType: user ? 'user' : null,
            targetId: user?.id ?? null,
            data: { method: 'password' },
          }),
        );
        return reply.code(401).send(INVALID_CREDENTIALS);
      }

      await Promise.all([auth.limiter.reset(accountKey(email)), auth.limiter.refund(ipKey(request.ip))]);
      if (needsRehash(user.passwordHash!)) {
        await auth.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
      }
      const session = await auth.sessions.start(request, reply, user.id);
      request.sessionInfo = session;
      await writeAudit(
        auth.db,
        auditEntry(request, {
          action: 'auth.sign_in',
          targetType: 'user',
          targetId: user.id,
          data: { method: 'password' },
        }),
      );
      const memberships = await listMemberships(auth.db, user.id);
      const result = sessionBody(session, memberships, csrfTokenFor(request, session)!);
      return { ...result, redirectTo: safeReturnTo(input.data.returnTo) ?? result.home };
    },
  );
}
