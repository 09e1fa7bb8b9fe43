import { randomBytes } from 'node:crypto';
import type { Ticket } from '../../domain/printing/tickets.ts';
import type { Db, Prisma } from '../client.ts';

/**
 * The print queue behind Star CloudPRNT. A request (a workflow and step, a test page) queues
 * its tickets once: each job's `requestKey` is unique, so a retried activity finds the jobs it
 * made. A printer is offered its oldest queued job; after it fetched the job (GET) the job is
 * not offered again unless the printer reports an error (then it prints it when back), and
 * its confirmation (DELETE) marks it printed once, however often it arrives.
 */

type Client = Db | Prisma.TransactionClient;

export interface QueueRequest {
  tenantId: string;
  printerId: string;
  orderId: string | null;
  /** Unique per request; job n gets `<requestKey>#<n>`. */
  requestKey: string;
  workflowId: string | null;
  tickets: Ticket[];
}

export async function queueJobs(db: Client, request: QueueRequest): Promise<number> {
  const { count } = await db.printJob.createMany({
    data: request.tickets.map((ticket, n) => ({
      tenantId: request.tenantId,
      printerId: request.printerId,
      orderId: request.orderId,
      requestKey: `${request.requestKey}#${n}`,
      token: randomBytes(16).toString('hex'),
      workflowId: request.workflowId,
      document: ticket as unknown as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** The jobs a workflow asked for and how far they got. */
export function jobsOfWorkflow(db: Client, tenantId: string, workflowId: string) {
  return db.printJob.findMany({
    where: { tenantId, workflowId },
    select: { id: true, status: true, printerId: true },
  });
}

/** The printer as a poll finds it, by MAC: its shop comes from the row, not the request. */
export function printerByMac(db: Client, mac: string) {
  return db.printer.findUnique({ where: { mac }, select: { id: true, tenantId: true, kind: true } });
}

/** Records a poll; a printer error after a fetch puts its fetched jobs back in the queue. */
export async function recordPoll(db: Db, printerId: string, status: string, error: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.printer.update({ where: { id: printerId }, data: { lastPollAt: new Date(), lastStatus: status } });
    if (error) await tx.printJob.updateMany({ where: { printerId, status: 'fetched' }, data: { status: 'queued' } });
  });
}

/** The next job to offer; none while one is out (fetched and not yet confirmed). */
export async function nextJob(db: Client, printerId: string) {
  const out = await db.printJob.findFirst({ where: { printerId, status: 'fetched' }, select: { token: true } });
  if (out) return null;
  return db.printJob.findFirst({
    where: { printerId, status: 'queued' },
    orderBy: [{ createdAt: 'asc' }, { requestKey: 'asc' }],
    select: { token: true },
  });
}

/** The job a GET asks for (by token, or the next one); marked fetched. */
export async function fetchJob(db: Db, printerId: string, token: string | null) {
  const job = await db.printJob.findFirst({
    where: token
      ? { printerId, token, status: { in: ['queued', 'fetched'] } }
      : { printerId, status: { in: ['queued', 'fetched'] } },
    orderBy: [{ status: 'desc' }, { createdAt: 'asc' }, { requestKey: 'asc' }],
    select: { id: true, tenantId: true, orderId: true, token: true, document: true, status: true },
  });
  if (!job) return null;
  if (job.status === 'queued')
    await db.printJob.updateMany({
      where: { id: job.id, status: 'queued' },
      data: { status: 'fetched', fetchedAt: new Date() },
    });
  return {
    id: job.id,
    tenantId: job.tenantId,
    orderId: job.orderId,
    token: job.token,
    ticket: job.document as unknown as Ticket,
  };
}

/** Keeps the ticket as the printer was given it (with the invoice known at the fetch). */
export async function recordFetchedTicket(db: Client, jobId: string, ticket: Ticket): Promise<void> {
  await db.printJob.update({ where: { id: jobId }, data: { document: ticket as unknown as Prisma.InputJsonValue } });
}

export type Confirmation =
  { found: false } | { found: true; printed: boolean; workflowId: string | null; changed: boolean };

/**
 * A DELETE: code 2xx/OK is printed; 5xx the printer cannot take the document (failed for good);
 * anything else leaves the job to be printed again. Idempotent: a repeated DELETE changes nothing.
 */
export async function confirmJob(
  db: Client,
  printerId: string,
  token: string | null,
  code: string,
): Promise<Confirmation> {
  const job = await db.printJob.findFirst({
    where: token ? { printerId, token } : { printerId, status: 'fetched' },
    orderBy: { fetchedAt: 'asc' },
    select: { id: true, status: true, workflowId: true },
  });
  if (!job) return { found: false };
  const ok = code === 'OK' || code.startsWith('2');
  if (job.status === 'printed' || job.status === 'failed')
    return { found: true, printed: job.status === 'printed', workflowId: job.workflowId, changed: false };
  const data = ok
    ? { status: 'printed', printedAt: new Date() }
    : code.startsWith('5')
      ? { status: 'failed', failCode: code }
      : { status: 'queued' };
  const { count } = await db.printJob.updateMany({ where: { id: job.id, status: job.status }, data });
  return { found: true, printed: ok, workflowId: job.workflowId, changed: count > 0 };
}
