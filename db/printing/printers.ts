import {
  DEFAULT_PRINT_SETTINGS,
  type PrinterInput,
  type PrintSettingsInput,
} from '../../domain/printing/printer-settings.ts';
import { printerHealth, type PrinterHealth } from '../../domain/printing/printer-health.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * A branch's printers (出單機設定) and the shop's print switches. Every query names the tenant
 * and, for printers, the branch: another shop's or branch's printer ID finds nothing. Callers
 * have checked the branch (api/restaurant/branch-guard.ts).
 */

type Client = Db | Prisma.TransactionClient;

export const printerSelect = {
  id: true,
  name: true,
  kind: true,
  mac: true,
  location: true,
  methods: true,
  copies: true,
  categoryIds: true,
  lastPollAt: true,
  lastStatus: true,
} as const;
export type PrinterRow = Prisma.PrinterGetPayload<{ select: typeof printerSelect }>;

export function listPrinters(db: Client, tenantId: string, branchId: string): Promise<PrinterRow[]> {
  return db.printer.findMany({
    where: { tenantId, branchId },
    select: printerSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

export function findPrinter(db: Client, tenantId: string, branchId: string, printerId: string) {
  return db.printer.findFirst({ where: { tenantId, branchId, id: printerId }, select: printerSelect });
}

/** The categories named that are not this shop's menu categories. */
export async function unknownCategories(db: Client, tenantId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db.menuCategory.findMany({ where: { tenantId, id: { in: ids } }, select: { id: true } });
  const known = new Set(found.map((c) => c.id));
  return ids.filter((id) => !known.has(id));
}

export function createPrinter(db: Client, tenantId: string, branchId: string, input: PrinterInput) {
  return db.printer.create({ data: { tenantId, branchId, ...input }, select: printerSelect });
}

/** null when the printer is not the branch's. */
export async function updatePrinter(
  db: Client,
  tenantId: string,
  branchId: string,
  printerId: string,
  input: PrinterInput,
): Promise<PrinterRow | null> {
  const { count } = await db.printer.updateMany({ where: { tenantId, branchId, id: printerId }, data: input });
  return count === 0 ? null : findPrinter(db, tenantId, branchId, printerId);
}

export async function deletePrinter(db: Client, tenantId: string, branchId: string, printerId: string) {
  const { count } = await db.printer.deleteMany({ where: { tenantId, branchId, id: printerId } });
  return count > 0;
}

/** Whether a MAC is taken by any printer but this one (a printer polls for one shop only). */
export async function macTaken(db: Client, mac: string, exceptId: string | null): Promise<boolean> {
  const row = await db.printer.findUnique({ where: { mac }, select: { id: true } });
  return row !== null && row.id !== exceptId;
}

export async function getPrintSettings(db: Client, tenantId: string): Promise<PrintSettingsInput> {
  const row = await db.printSettings.findUnique({
    where: { tenantId },
    select: { autoAcceptAfterPrint: true },
  });
  return row ?? DEFAULT_PRINT_SETTINGS;
}

export function savePrintSettings(db: Client, tenantId: string, input: PrintSettingsInput) {
  return db.printSettings.upsert({
    where: { tenantId },
    create: { tenantId, ...input },
    update: input,
    select: { autoAcceptAfterPrint: true },
  });
}

/** A printer of the branch the kitchen must see to: its problem and the jobs it holds back. */
export interface PrinterProblem {
  id: string;
  name: string;
  health: Exclude<PrinterHealth, 'ok' | 'never_polled'>;
  /** Tickets queued for it and not printed yet (they print when it is back). */
  waiting: number;
}

/**
 * The branch's printers that are off, out of paper, open or failing, for the order board. A
 * printer never connected is still being set up (出單機設定 says so), not a kitchen problem.
 */
export async function printerProblems(db: Client, tenantId: string, branchId: string, now = new Date()): Promise<PrinterProblem[]> {
  const printers = await listPrinters(db, tenantId, branchId);
  const problems = printers
    .map((p) => ({ id: p.id, name: p.name, health: printerHealth(p.lastPollAt, p.lastStatus, now) }))
    .filter((p): p is Omit<PrinterProblem, 'waiting'> => p.health !== 'ok' && p.health !== 'never_polled');
  if (problems.length === 0) return [];
  const count = await waitingJobs(db, tenantId, problems.map((p) => p.id));
  return problems.map((p) => ({ ...p, waiting: count.get(p.id) ?? 0 }));
}

/** Tickets each printer holds back: queued, or fetched and not confirmed. */
export async function waitingJobs(db: Client, tenantId: string, printerIds: string[]): Promise<Map<string, number>> {
  const waiting = await db.printJob.groupBy({
    by: ['printerId'],
    where: { tenantId, printerId: { in: printerIds }, status: { in: ['queued', 'fetched'] } },
    _count: { _all: true },
  });
  return new Map(waiting.map((w) => [w.printerId, w._count._all]));
}
