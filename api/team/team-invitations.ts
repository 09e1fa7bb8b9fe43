import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Prisma } from '../../db/client.ts';
import {
  EMAIL_MAX_LENGTH,
  isValidEmail,
  isValidName,
  NAME_MAX_LENGTH,
  normalizeEmail,
  normalizeName,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
} from '../../domain/team/credentials.ts';
import { effectivePermissions } from '../../domain/team/permissions.ts';
import { writeAudit } from './auth/audit.ts';
import { acceptInvitation, findInvitation, INVITATION_PROBLEMS, type InvitationProblem } from './auth/invitations.ts';
import { hashPassword } from './auth/passwords.ts';
import { csrfTokenFor, requireSession } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { createMailer } from '../../integrations/mail/mailer.ts';
import {
  alreadyHasAccountMail,
  checkMailboxMessage,
  confirmSignUpMail,
  SIGN_UP_CONFIRMATION_HOURS,
} from '../../domain/team/invitation-mails.ts';
import { randomToken, sha256Hex } from './auth/crypto.ts';
import { ipKey } from './auth-password.ts';

const tokenBody = z.object({ token: z.string().min(20).max(200) });
const passwordBody = tokenBody.extend({
  displayName: z.string().max(500),
  email: z.string().max(EMAIL_MAX_LENGTH * 2),
  password: z.string().max(PASSWORD_MAX_LENGTH * 4),
});

const PROBLEM_STATUS: Record<InvitationProblem | 'already_member', number> = {
  invitation_not_found: 404,
  invitation_expired: 410,
  invitation_used: 410,
  invitation_revoked: 410,
  already_member: 409,
};
const ALREADY_MEMBER = '你已經是這個商店的成員了。 You are already a member of this shop.';

/**
 * The invitee's side of an invitation link, /invite#<token>. The token is in the URL's fragment,
 * which browsers never send, and in request bodies here, never in a URL path or query: it stays
 * out of server and proxy logs and Referer headers.
 *
 * - POST /api/invitations/lookup {token} — which shop, from whom, which role; or why the link no longer works.
 * - POST /api/invitations/accept {token} — join as the signed-in person.
 * - POST /api/invitations/accept-with-password {token, displayName, email, password} — 202 and an
 *   e-mail to that address, the same answer whether or not it has an account: a link that makes
 *   the account, or a note to sign in instead (attempts count against the IP's sign-in limit).
 * - POST /api/invitations/confirm-email {token} — the link's token: make the account, join, sign in.
 *   Joining with LINE goes through POST /api/auth/line/start {intent: 'invite', invitation}.
 */
export async function teamInvitationRoutes(app: FastifyInstance, opts: { deps: ServerDeps }) {
  const auth = app.jiayiAuth;
  const { db } = auth;
  const { env } = opts.deps;
  const mailer = opts.deps.mailer ?? createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const problem = (code: InvitationProblem | 'already_member') => ({
    code,
    message: code === 'already_member' ? ALREADY_MEMBER : INVITATION_PROBLEMS[code],
  });

  app.post(
    '/api/invitations/lookup',
    { config: { doc: { summary: 'What an invitation is for (shop, role)', body: tokenBody } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const params = tokenBody.safeParse(request.body);
      const found = params.success
        ? await findInvitation(db, { token: params.data.token })
        : ({ problem: 'invitation_not_found' } as const);
      if ('problem' in found) return reply.code(PROBLEM_STATUS[found.problem]).send(problem(found.problem));
      const { invitation } = found;
      const session = await request.getSession();
      const member = session
        ? await db.staff.findFirst({
            where: { tenantId: invitation.tenant.id, userId: session.user.id },
            select: { id: true },
          })
        : null;
      return {
        tenant: { slug: invitation.tenant.slug, name: invitation.tenant.name, kind: invitation.tenant.kind },
        displayName: invitation.displayName,
        role: invitation.role,
        permissions: effectivePermissions(invitation.role, invitation.permissions),
        invitedBy: invitation.invitedBy,
        expiresAt: invitation.expiresAt.toISOString(),
        signedInAs: session ? { displayName: session.user.displayName, alreadyMember: member !== null } : null,
      };
    },
  );

  app.post(
    '/api/invitations/accept',
    {
      preHandler: requireSession,
      config: { doc: { summary: 'Accept an invitation as the signed-in person', body: tokenBody } },
    },
    async (request, reply) => {
      const session = (await request.getSession())!;
      const params = tokenBody.safeParse(request.body);
      const found = params.success
        ? await findInvitation(db, { token: params.data.token })
        : ({ problem: 'invitation_not_found' } as const);
      if ('problem' in found) return reply.code(PROBLEM_STATUS[found.problem]).send(problem(found.problem));
      const result = await acceptInvitation(db, found.invitation.id, session.user, { ip: request.ip });
      if (!result.ok) return reply.code(PROBLEM_STATUS[result.problem]).send(problem(result.problem));
      return { redirectTo: `/t/${result.tenant.slug}/admin/orders` };
    },
  );

  app.post(
    '/api/invitations/accept-with-password',
    { config: { doc: { summary: 'Accept an invitation with a new e-mail account', body: passwordBody } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const params = tokenBody.safeParse(request.body);
      const found = params.success
        ? await findInvitation(db, { token: params.data.token })
        : ({ problem: 'invitation_not_found' } as const);
      if ('problem' in found) return reply.code(PROBLEM_STATUS[found.problem]).send(problem(found.problem));

      const input = passwordBody.safeParse(request.body);
      if (!input.success)
        return reply.code(400).send({ code: 'invalid_input', message: '請填寫所有欄位。', fields: {} });
      const displayName = normalizeName(input.data.displayName);
      const email = normalizeEmail(input.data.email);
      const fields: Record<string, string> = {};
      if (!isValidName(displayName)) fields.displayName = `請輸入你的名稱（最多 ${NAME_MAX_LENGTH} 字）。`;
      if (!isValidEmail(email)) fields.email = '請輸入有效的電子郵件。';
      const weak = passwordProblem(input.data.password, email);
      if (weak === 'too_short') fields.password = `密碼至少需要 ${PASSWORD_MIN_LENGTH} 個字元。`;
      else if (weak === 'too_long') fields.password = `密碼最多 ${PASSWORD_MAX_LENGTH} 個字元。`;
      else if (weak === 'same_as_email') fields.password = '密碼不能和電子郵件相同。';
      if (Object.keys(fields).length > 0)
        return reply.code(400).send({ code: 'invalid_input', message: '有欄位需要修正。', fields });

      const ip = await auth.limiter.consume(
        ipKey(request.ip),
        auth.config.signIn.maxPerIp,
        auth.config.signIn.windowMs,
      );
      if (!ip.allowed) {
        return reply.code(429).header('retry-after', String(ip.retryAfterSeconds)).send({
          code: 'too_many_attempts',
          message: '嘗試次數過多，請稍後再試。',
          retryAfterSeconds: ip.retryAfterSeconds,
        });
      }

      // Whether this address has an account is not said here: the answer is the same either
      // way (the password is hashed either way, so neither is its time), and what comes next
      // happens in that mailbox: a link that makes the account, or a note to sign in instead.
      const passwordHash = await hashPassword(input.data.password);
      const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
      const shopName = found.invitation.tenant.name;
      let mail: { subject: string; text: string };
      if (existing) {
        mail = alreadyHasAccountMail({ shopName, signInLink: `${env.PUBLIC_BASE_URL}/sign-in` });
      } else {
        const token = randomToken();
        await db.pendingSignUp.create({
          data: {
            invitationId: found.invitation.id,
            email,
            displayName,
            passwordHash,
            tokenHash: sha256Hex(token),
            expiresAt: new Date(Date.now() + SIGN_UP_CONFIRMATION_HOURS * 3_600_000),
          },
        });
        // The token rides in the fragment, which browsers never send: out of logs and Referer.
        mail = confirmSignUpMail({ shopName, displayName, link: `${env.PUBLIC_BASE_URL}/invite/confirm#${token}` });
      }
      try {
        await mailer.send({ to: email, ...mail });
      } catch (error) {
        request.log.warn({ err: error }, 'invitation e-mail not sent');
        return reply.code(503).send({
          code: 'mail_unavailable',
          message: '現在無法寄出確認信，請稍後再試，或改用 LINE 加入。 E-mail cannot be sent right now.',
        });
      }
      return reply.code(202).send({ status: 'check_email', email, message: checkMailboxMessage(email) });
    },
  );

  app.post(
    '/api/invitations/confirm-email',
    {
      config: {
        doc: {
          summary: 'Finish accepting an invitation with a new e-mail account (the link in the e-mail)',
          body: tokenBody,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const params = tokenBody.safeParse(request.body);
      const now = new Date();
      const pending = params.success
        ? await db.pendingSignUp.findUnique({ where: { tokenHash: sha256Hex(params.data.token) } })
        : null;
      // Claimed once: a second tap (or a mail scanner's) finds it used.
      const claimed =
        pending && pending.expiresAt > now
          ? (await db.pendingSignUp.updateMany({ where: { id: pending.id, usedAt: null }, data: { usedAt: now } }))
              .count
          : 0;
      if (!pending || claimed === 0) {
        return reply.code(410).send({
          code: 'confirmation_invalid',
          message: '這個確認連結已失效或已使用過，請回到邀請連結重新申請。 This link has expired or was already used.',
        });
      }
      let user: { id: string; displayName: string };
      try {
        user = await db.user.create({
          data: { displayName: pending.displayName, email: pending.email, passwordHash: pending.passwordHash },
          select: { id: true, displayName: true },
        });
      } catch (error) {
        // They own the mailbox, so saying it has an account tells them nothing new.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          const message =
            '這個電子郵件已經有帳號了，請先登入，再回到邀請連結接受邀請。 This e-mail already has an account: sign in first.';
          return reply.code(409).send({ code: 'email_taken', message });
        }
        throw error;
      }
      await writeAudit(db, {
        userId: user.id,
        actorName: user.displayName,
        action: 'auth.sign_up',
        targetType: 'user',
        targetId: user.id,
        data: { method: 'password', emailConfirmed: true },
        ip: request.ip,
      });
      const result = await acceptInvitation(db, pending.invitationId, user, { ip: request.ip });
      if (!result.ok) {
        // The invitation ended meanwhile: the account stays, without the shop.
        return reply.code(PROBLEM_STATUS[result.problem]).send(problem(result.problem));
      }
      const session = await auth.sessions.start(request, reply, user.id);
      request.sessionInfo = session;
      await writeAudit(db, {
        userId: user.id,
        actorName: user.displayName,
        action: 'auth.sign_in',
        targetType: 'user',
        targetId: user.id,
        data: { method: 'password', via: 'invitation' },
        ip: request.ip,
      });
      return reply
        .code(201)
        .send({ redirectTo: `/t/${result.tenant.slug}/admin/orders`, csrfToken: csrfTokenFor(request, session) });
    },
  );
}
