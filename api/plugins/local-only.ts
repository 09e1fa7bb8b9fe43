import type { FastifyReply, FastifyRequest } from 'fastify';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Until sign-in exists, the admin is reachable only from this machine. A preHandler for the
 * admin API and pages; it says why instead of pretending the page does not exist.
 */
export async function localOnly(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (LOOPBACK.has(request.socket.remoteAddress ?? '')) return;
  await reply.code(403).send({
    code: 'admin_local_only',
    message: '管理後台尚未開放登入，目前只能在伺服器本機開啟。 The admin is reachable only on localhost until sign-in ships.',
  });
}
