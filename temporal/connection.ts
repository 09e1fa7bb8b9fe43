import { Client, Connection } from '@temporalio/client';
import type { Env } from '../config/env.ts';

/** A Temporal client for the API server, scripts and tests. */
export async function createTemporalClient(env: Pick<Env, 'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE'>): Promise<Client> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  return new Client({ connection, namespace: env.TEMPORAL_NAMESPACE });
}
