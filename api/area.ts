import type { FastifyInstance } from 'fastify';
import type { FileStorage } from '../storage/file-storage.ts';
import type { ServerDeps } from './deps.ts';

/** What every business area's plugin is given: the server's dependencies and where uploads go. */
export interface AreaOptions {
  deps: ServerDeps;
  storage: FileStorage;
}

/** One business area's routes (api/<area>/index.ts), registered by api/areas.ts. */
export type AreaPlugin = (app: FastifyInstance, opts: AreaOptions) => Promise<void>;
