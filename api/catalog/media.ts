import type { FastifyInstance } from 'fastify';
import type { FileStorage } from '../../storage/file-storage.ts';

/**
 * GET /media/<key> — uploaded files (product photos), public like a shop window: LINE and
 * customers' phones fetch them. Keys carry a random version, so they are cached for a year.
 */
export async function mediaRoutes(app: FastifyInstance, opts: { storage: FileStorage }) {
  app.get(
    '/media/*',
    { config: { doc: { summary: 'An uploaded file (product photos), cached for a year', produces: 'image/*' } } },
    async (request, reply) => {
      const key = (request.params as { '*': string })['*'];
      const file = await opts.storage.get(key);
      if (!file) return reply.code(404).send({ code: 'not_found', message: 'No such file' });
      return reply
        .header('content-type', file.contentType)
        .header('content-length', file.size)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(file.stream);
    },
  );
}
