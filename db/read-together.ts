/** Whether `db` is Prisma's transaction client: the one that cannot `$connect`. */
export function isTransaction(db: object): boolean {
  return typeof (db as { $connect?: unknown }).$connect !== 'function';
}

/**
 * Several reads at once on a pooled client; one after another inside a transaction, whose one
 * connection takes one query at a time (pg queues overlapping queries on a client only with a
 * deprecation warning today, and pg 9 refuses them).
 */
export async function readTogether<const T extends readonly (() => Promise<unknown>)[]>(
  db: object,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  if (!isTransaction(db)) return (await Promise.all(reads.map((read) => read()))) as never;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as never;
}
