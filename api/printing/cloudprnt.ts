import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  confirmJob,
  fetchJob,
  nextJob,
  printerByMac,
  recordFetchedTicket,
  recordPoll,
} from '../../db/printing/print-jobs.ts';
import { receiptInvoiceOfOrder } from '../../db/printing/print-order.ts';
import { decodeStatusCode, isPrinterError, POLL_INTERVAL_SECONDS } from '../../domain/printing/printer-health.ts';
import { normalizeMac, type PrinterKind } from '../../domain/printing/printer-settings.ts';
import { printJobDoneSignal } from '../../workflows/printing/print-order.ts';
import { withInvoice, type Ticket } from '../../domain/printing/tickets.ts';
import { readShopImage } from '../../storage/restaurant/store-images.ts';
import type { FileStorage } from '../../storage/file-storage.ts';
import type { ServerDeps } from '../deps.ts';
import { renderTicketPng } from './render/tickets.ts';

/** The one media type we serve: the printer prints our image pixel for pixel. */
export const MEDIA_TYPE = 'image/png';
export const CLOUDPRNT_PATH = '/api/cloudprnt';

const UNKNOWN_PRINTER = { code: 'unknown_printer', message: '這台出單機還沒加到任何門店的出單機設定' } as const;

const pollBody = z.looseObject({
  printerMAC: z.string().max(40),
  statusCode: z.string().max(200),
  printingInProgress: z.boolean().nullish(),
});

const jobQuery = z.looseObject({
  mac: z.string().max(40),
  type: z.string().max(100).optional(),
  token: z.string().max(64).optional(),
  code: z.string().max(200).optional(),
  delete: z.string().optional(),
});

const bad = (message: string) => ({ code: 'bad_request', message });

/**
 * Star CloudPRNT, the URL a cloud printer is set to poll (its MAC names it; a real printer
 * pointed here works):
 *
 * - POST {printerMAC, statusCode, …} every few seconds — its status is kept (an error status
 *   puts a fetched job back in its queue) and the answer says whether a job is ready:
 *   {jobReady, mediaTypes: ["image/png"], jobToken}.
 * - GET ?mac=&type=image/png&token= — the job, drawn for its paper (404: none; 415: a type
 *   we cannot serve).
 * - DELETE ?mac=&token=&code=OK (or GET with `delete`) — printed (2xx/OK), refused for good
 *   (5xx), or to print again; the order's print workflow is told.
 */
export async function cloudPrntRoutes(app: FastifyInstance, opts: { deps: ServerDeps; storage: FileStorage }) {
  const { db, temporal, log } = opts.deps;
  const { storage } = opts;

  /**
   * The counter's receipt is completed when the printer fetches it, not when the job was queued:
   * the order's print workflow queues it when the order comes in, usually before the payment
   * and so before the e-invoice is issued; at the fetch (and at a 補印) the receipt carries the
   * number the customer actually got. The logo is read from storage here too, never over HTTP;
   * a logo that is gone or unreadable leaves the receipt without it.
   */
  async function asFetched(job: { id: string; tenantId: string; orderId: string | null; ticket: Ticket }) {
    if (job.ticket.type !== 'receipt' || !job.ticket.full) return { ticket: job.ticket, logo: null };
    const [invoice, logo] = await Promise.all([
      job.orderId ? receiptInvoiceOfOrder(db, job.tenantId, job.orderId) : null,
      readShopImage(storage, job.ticket.order.logoUrl).catch((error: unknown) => {
        log.warn({ err: error }, 'receipt logo not read');
        return null;
      }),
    ]);
    const ticket = withInvoice(job.ticket, invoice);
    if (invoice) await recordFetchedTicket(db, job.id, ticket);
    return { ticket, logo };
  }

  const printerOf = async (raw: string) => {
    const mac = normalizeMac(raw);
    return mac ? printerByMac(db, mac) : null;
  };

  app.post(
    CLOUDPRNT_PATH,
    {
      // Every printer polls every few seconds: the log keeps its jobs and problems, not each poll.
      logLevel: 'warn',
      config: {
        csrf: false,
        doc: {
          summary: 'CloudPRNT poll: the printer reports its status and asks for a job',
          tag: 'printing',
          body: pollBody,
        },
      },
    },
    async (request, reply) => {
      const body = pollBody.safeParse(request.body);
      if (!body.success) return reply.code(400).send(bad('printerMAC and statusCode are required'));
      const printer = await printerOf(body.data.printerMAC);
      if (!printer) return reply.code(403).send(UNKNOWN_PRINTER);
      const status = decodeStatusCode(body.data.statusCode);
      await recordPoll(db, printer.id, status, isPrinterError(status));
      const job = isPrinterError(status) || body.data.printingInProgress ? null : await nextJob(db, printer.id);
      if (!job) return { jobReady: false };
      return { jobReady: true, mediaTypes: [MEDIA_TYPE], jobToken: job.token, deleteMethod: 'DELETE' };
    },
  );

  /** A confirmation (DELETE, or GET with `delete`): 200 taken, 404 no such job, 403 no such printer. */
  async function confirm(reply: FastifyReply, query: z.infer<typeof jobQuery>) {
    const printer = await printerOf(query.mac);
    if (!printer) return reply.code(403).send(UNKNOWN_PRINTER);
    const code = decodeStatusCode(query.code ?? 'OK');
    const result = await confirmJob(db, printer.id, query.token ?? null, code);
    if (result.found && result.changed && result.workflowId)
      await temporal.workflow
        .getHandle(result.workflowId)
        .signal(printJobDoneSignal)
        .catch((error: unknown) => log.warn({ err: error, workflowId: result.workflowId }, 'print workflow not told'));
    return reply.code(result.found ? 200 : 404).send({ ok: result.found });
  }

  app.get(
    CLOUDPRNT_PATH,
    {
      config: {
        doc: { summary: 'CloudPRNT job: the printer fetches the job (or confirms it with `delete`)', tag: 'printing' },
      },
    },
    async (request, reply) => {
      const query = jobQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(bad('mac is required'));
      const { mac, type, token } = query.data;
      if (query.data.delete !== undefined) return confirm(reply, query.data);
      if (type && type.split(';')[0]!.trim() !== MEDIA_TYPE) return reply.code(415).send(bad(`only ${MEDIA_TYPE}`));
      const printer = await printerOf(mac);
      if (!printer) return reply.code(403).send(UNKNOWN_PRINTER);
      const job = await fetchJob(db, printer.id, token ?? null);
      if (!job) return reply.code(404).send({ code: 'no_job', message: 'no job to print' });
      const { ticket, logo } = await asFetched(job);
      const png = await renderTicketPng(ticket, printer.kind as PrinterKind, normalizeMac(mac) ?? '', logo);
      return reply
        .header('content-type', MEDIA_TYPE)
        .header('cache-control', 'no-store')
        .header('x-star-cut', 'full; feed=true')
        .send(png);
    },
  );

  app.delete(
    CLOUDPRNT_PATH,
    {
      config: {
        csrf: false,
        doc: { summary: 'CloudPRNT confirmation: the printer printed (or refused) the job', tag: 'printing' },
      },
    },
    async (request, reply) => {
      const query = jobQuery.safeParse(request.query);
      if (!query.success) return reply.code(400).send(bad('mac is required'));
      return confirm(reply, query.data);
    },
  );
}

/** What a printer's settings page tells the merchant to type into the printer. */
export const POLL_SETTINGS = { path: CLOUDPRNT_PATH, intervalSeconds: POLL_INTERVAL_SECONDS };
