import type { Prisma } from '../client.ts';

/**
 * Runs `work` inside a savepoint of the caller's transaction: when it answers `{ ok: false }`
 * every row it changed is put back, and the caller's transaction goes on (to tell the customer
 * why, or to try another slot). Counts taken line by line then land for a whole order or not at all.
 */
export async function allOrNothing<T extends { ok: boolean }>(
  tx: Prisma.TransactionClient,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  await tx.$executeRawUnsafe(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await tx.$executeRawUnsafe(result.ok ? `RELEASE SAVEPOINT ${name}` : `ROLLBACK TO SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
    throw error;
  }
}
