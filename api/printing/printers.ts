import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createPrinter,
  deletePrinter,
  findPrinter,
  getPrintSettings,
  listPrinters,
  macTaken,
  savePrintSettings,
  unknownCategories,
  updatePrinter,
  type PrinterRow,
  waitingJobs,
} from '../../db/printing/printers.ts';
import { queueJobs } from '../../db/printing/print-jobs.ts';
import { receiptInvoice, sampleOrder, ticketsFor, withInvoice } from '../../domain/printing/tickets.ts';
import { getStoreProfile } from '../../db/restaurant/store-profile.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import { readShopImage } from '../../storage/restaurant/store-images.ts';
import { fieldErrors } from '../../domain/form-errors.ts';
import { printerHealth, type PrinterHealth } from '../../domain/printing/printer-health.ts';
import {
  PRINTERS_MAX,
  printerInputSchema,
  printSettingsSchema,
  type PrinterKind,
  type PrintSettingsInput,
} from '../../domain/printing/printer-settings.ts';
import { auditEntry, writeAudit } from '../team/auth/audit.ts';
import { requirePage, tenantAuth } from '../plugins/auth.ts';
import type { ServerDeps } from '../deps.ts';
import { branchOf, branchParams, requireBranch } from '../restaurant/branch-guard.ts';
import { POLL_SETTINGS } from './cloudprnt.ts';
import { renderTicketPng } from './render/tickets.ts';
import { emptyBody } from '../../domain/query-inputs.ts';

/** A printer as the settings page and the board show it (the web app imports this type only). */
export interface PrinterView extends Omit<PrinterRow, 'kind' | 'lastPollAt'> {
  kind: PrinterKind;
  lastPollAt: string | null;
  health: PrinterHealth;
  /** Jobs waiting for it (queued or fetched and not confirmed). */
  waiting: number;
}

export interface BranchPrinters {
  printers: PrinterView[];
  settings: PrintSettingsInput;
  categories: { id: string; name: string }[];
  poll: { path: string; intervalSeconds: number };
}

const printerParams = branchParams.extend({ printerId: z.uuid() });
const PRINTER_NOT_FOUND = { code: 'printer_not_found', message: '找不到這台出單機' } as const;

const invalid = (code: string, error: z.ZodError) => ({
  code,
  message: z.prettifyError(error),
  fields: fieldErrors(error),
});

/**
 * A branch's printers (出單機設定) and the shop's 列印後自動收單:
 *
 * - GET /branches/:branchId/printers — the printers with how each is (health from its polls)
 *   and jobs waiting, the shop's switch, the menu categories to choose from (restaurant: view).
 * - POST, PUT /:printerId, DELETE /:printerId (restaurant: manage), audited. A MAC already
 *   set up (here or in another shop) is refused: a printer polls for one place.
 * - POST .../:printerId/test-page — 列印測試單: queues a test page (restaurant: manage).
 * - GET .../:printerId/sample.png — how it prints: a made-up order on its paper (restaurant: view).
 * - PUT /settings/printing — the shop-wide switch (restaurant: manage).
 */
export async function printerRoutes(app: FastifyInstance, opts: { deps: ServerDeps; storage: FileStorage }) {
  const { db } = opts.deps;

  async function view(tenantId: string, branchId: string): Promise<BranchPrinters> {
    const [rows, settings, categories] = await Promise.all([
      listPrinters(db, tenantId, branchId),
      getPrintSettings(db, tenantId),
      db.menuCategory.findMany({
        where: { tenantId },
        select: { id: true, name: true },
        orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
      }),
    ]);
    const waiting = await waitingJobs(db, tenantId, rows.map((r) => r.id));
    const now = new Date();
    return {
      printers: rows.map((row) => ({
        ...row,
        kind: row.kind as PrinterKind,
        lastPollAt: row.lastPollAt?.toISOString() ?? null,
        health: printerHealth(row.lastPollAt, row.lastStatus, now),
        waiting: waiting.get(row.id) ?? 0,
      })),
      settings,
      categories,
      poll: POLL_SETTINGS,
    };
  }

  app.get(
    '/branches/:branchId/printers',
    {
      preHandler: requireBranch(['settings/printers', 'order-board'], 'view'),
      config: { doc: { summary: "A branch's printers and how each is", params: branchParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      return reply.header('cache-control', 'no-store').send(await view(tenant.id, branchOf(request).id));
    },
  );

  /** The form's checks that need the database: the MAC's owner, the shop's categories. */
  async function checkInput(tenantId: string, body: unknown, exceptId: string | null) {
    const input = printerInputSchema.safeParse(body);
    if (!input.success) return { error: invalid('invalid_printer', input.error) } as const;
    if (await macTaken(db, input.data.mac, exceptId))
      return {
        error: {
          code: 'mac_taken',
          message: '這個 MAC 位址已經設定過了',
          fields: { mac: '這台出單機已經設定在別的地方' },
        },
      } as const;
    if ((await unknownCategories(db, tenantId, input.data.categoryIds)).length > 0)
      return {
        error: {
          code: 'invalid_printer',
          message: '找不到選擇的菜單分類',
          fields: { categoryIds: '找不到選擇的菜單分類' },
        },
      } as const;
    return { input: input.data } as const;
  }

  app.post(
    '/branches/:branchId/printers',
    {
      preHandler: requireBranch('settings/printers', 'manage'),
      config: { doc: { summary: 'Add a printer', params: branchParams, body: printerInputSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const checked = await checkInput(tenant.id, request.body, null);
      if (checked.error) return reply.code(checked.error.code === 'mac_taken' ? 409 : 400).send(checked.error);
      if ((await listPrinters(db, tenant.id, branch.id)).length >= PRINTERS_MAX)
        return reply.code(400).send({ code: 'too_many_printers', message: `一間分店最多 ${PRINTERS_MAX} 台出單機` });
      const printer = await db.$transaction(async (tx) => {
        const created = await createPrinter(tx, tenant.id, branch.id, checked.input);
        await writeAudit(
          tx,
          auditEntry(request, {
            action: 'printer.create',
            targetType: 'printer',
            targetId: created.id,
            data: checked.input,
          }),
        );
        return created;
      });
      return reply.code(201).send({ id: printer.id });
    },
  );

  app.put(
    '/branches/:branchId/printers/:printerId',
    {
      preHandler: requireBranch('settings/printers', 'manage'),
      config: { doc: { summary: 'Change a printer', params: printerParams, body: printerInputSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const params = printerParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(PRINTER_NOT_FOUND);
      const checked = await checkInput(tenant.id, request.body, params.data.printerId);
      if (checked.error) return reply.code(checked.error.code === 'mac_taken' ? 409 : 400).send(checked.error);
      const saved = await db.$transaction(async (tx) => {
        const row = await updatePrinter(tx, tenant.id, branchOf(request).id, params.data.printerId, checked.input);
        if (row)
          await writeAudit(
            tx,
            auditEntry(request, {
              action: 'printer.update',
              targetType: 'printer',
              targetId: row.id,
              data: checked.input,
            }),
          );
        return row;
      });
      return saved ? { id: saved.id } : reply.code(404).send(PRINTER_NOT_FOUND);
    },
  );

  app.delete(
    '/branches/:branchId/printers/:printerId',
    {
      preHandler: requireBranch('settings/printers', 'manage'),
      config: { doc: { summary: 'Remove a printer (its queue with it)', params: printerParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const params = printerParams.safeParse(request.params);
      if (!params.success) return reply.code(404).send(PRINTER_NOT_FOUND);
      const removed = await db.$transaction(async (tx) => {
        const done = await deletePrinter(tx, tenant.id, branchOf(request).id, params.data.printerId);
        if (done)
          await writeAudit(
            tx,
            auditEntry(request, { action: 'printer.delete', targetType: 'printer', targetId: params.data.printerId }),
          );
        return done;
      });
      return removed ? reply.code(204).send() : reply.code(404).send(PRINTER_NOT_FOUND);
    },
  );

  app.post(
    '/branches/:branchId/printers/:printerId/test-page',
    {
      preHandler: requireBranch('settings/printers', 'manage'),
      config: { doc: { summary: '列印測試單: print a test page', params: printerParams, body: emptyBody } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const params = printerParams.safeParse(request.params);
      const printer = params.success
        ? await findPrinter(db, tenant.id, branchOf(request).id, params.data.printerId)
        : null;
      if (!printer) return reply.code(404).send(PRINTER_NOT_FOUND);
      const at = new Date().toISOString();
      await queueJobs(db, {
        tenantId: tenant.id,
        printerId: printer.id,
        orderId: null,
        requestKey: `test:${printer.id}:${request.id}:${at}`,
        workflowId: null,
        tickets: [
          {
            type: 'test',
            printerName: printer.name,
            location: printer.location,
            kind: printer.kind as PrinterKind,
            shopName: tenant.name,
            at,
          },
        ],
      });
      return reply.code(202).send({ queued: true });
    },
  );

  app.get(
    '/branches/:branchId/printers/:printerId/sample.png',
    {
      preHandler: requireBranch('settings/printers', 'view'),
      config: { doc: { summary: 'A made-up order as this printer prints it (PNG)', params: printerParams } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const branch = branchOf(request);
      const params = printerParams.safeParse(request.params);
      const printer = params.success ? await findPrinter(db, tenant.id, branch.id, params.data.printerId) : null;
      if (!printer) return reply.code(404).send(PRINTER_NOT_FOUND);
      const route = { ...printer, kind: printer.kind as PrinterKind, methods: ['pickup'] };
      const [ticket] = ticketsFor(route, sampleOrder(tenant.name, branch.name, printer.categoryIds));
      // The counter's receipt as the customer gets it: the shop's logo and an issued invoice.
      const { logoUrl } = await getStoreProfile(db, tenant.id, tenant.name);
      const logo = await readShopImage(opts.storage, logoUrl).catch(() => null);
      const sample = withInvoice(ticket!, receiptInvoice('AB12345678', { kind: 'mobile', barcode: '/ABC1234' }));
      const png = await renderTicketPng(sample, route.kind, '', logo);
      return reply.header('content-type', 'image/png').header('cache-control', 'no-store').send(png);
    },
  );

  app.put(
    '/settings/printing',
    {
      preHandler: requirePage('settings/printers', 'manage'),
      config: { doc: { summary: '列印後自動收單: the shop-wide print switch', body: printSettingsSchema } },
    },
    async (request, reply) => {
      const { tenant } = tenantAuth(request);
      const input = printSettingsSchema.safeParse(request.body);
      if (!input.success) return reply.code(400).send(invalid('invalid_print_settings', input.error));
      return db.$transaction(async (tx) => {
        const saved = await savePrintSettings(tx, tenant.id, input.data);
        await writeAudit(
          tx,
          auditEntry(request, { action: 'printing.settings', targetType: 'tenant', targetId: tenant.id, data: saved }),
        );
        return saved;
      });
    },
  );
}
