import type { Db } from '../db/client.ts';
import { PRINT_METHODS } from '../domain/printing/printer-settings.ts';
import { DEMO_RESTAURANT } from './seed-demo.ts';

/** The demo restaurant's counter printer at 信義店, simulated by sandbox/printer under `npm start`. */
export const DEMO_PRINTER = { mac: '0011E5000D01', name: '櫃檯出單機', location: '櫃檯' } as const;

/** Adds the counter printer to the demo restaurant's first branch once; false when it is there. */
export async function seedDemoPrinter(db: Db): Promise<boolean> {
  if (await db.printer.findUnique({ where: { mac: DEMO_PRINTER.mac }, select: { id: true } })) return false;
  const branch = await db.branch.findFirst({
    where: { tenant: { slug: DEMO_RESTAURANT.slug }, name: DEMO_RESTAURANT.branches[0].name, archivedAt: null },
    select: { id: true, tenantId: true },
  });
  if (!branch) return false;
  await db.printer.create({
    data: {
      tenantId: branch.tenantId,
      branchId: branch.id,
      name: DEMO_PRINTER.name,
      kind: 'receipt_58',
      mac: DEMO_PRINTER.mac,
      location: DEMO_PRINTER.location,
      methods: [...PRINT_METHODS],
      copies: 1,
      categoryIds: [],
    },
  });
  return true;
}
