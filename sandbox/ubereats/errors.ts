import type { FastifyReply } from 'fastify';

/** Uber's error body: `{ code, message }` with the HTTP status. */
export function sendUberError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).type('application/json').send({ code, message });
}
