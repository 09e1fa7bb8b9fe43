import type { FastifyReply } from 'fastify';

/** Lalamove v3's error body: `{ errors: [{ id, message }] }` with the HTTP status. */
export function sendLalamoveError(reply: FastifyReply, status: number, id: string, message: string) {
  return reply.code(status).type('application/json').send({ errors: [{ id, message }] });
}
