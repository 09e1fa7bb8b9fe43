import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SimulatedPrinter } from './printer.ts';

export interface PrinterSandboxOptions {
  /** The server's CloudPRNT URL the printers poll. */
  url: string;
  macs: string[];
  outDir: string;
  intervalMs?: number;
  logger?: boolean;
}

const stateBody = z.strictObject({
  online: z.boolean().optional(),
  paper: z.enum(['ok', 'out']).optional(),
  cover: z.enum(['closed', 'open']).optional(),
  holdConfirm: z.boolean().optional(),
});

/**
 * The printer sandbox: simulated CloudPRNT printers polling the server, and a control API.
 *
 * - GET /printers — every printer with its state, counts and what it printed.
 * - POST /printers {mac} — plug in another printer (it starts polling).
 * - POST /printers/:mac/state {online?, paper?, cover?, holdConfirm?} — switch it off, take the
 *   paper, open the cover, hold its confirmations.
 * - GET /printers/:mac/prints/:file — a printed page, as the PNG the server sent.
 */
export function buildPrinterSandbox(options: PrinterSandboxOptions) {
  const app = Fastify({ logger: options.logger ?? false });
  const printers = new Map<string, SimulatedPrinter>();

  function plugIn(mac: string): SimulatedPrinter {
    const key = mac.toUpperCase();
    let printer = printers.get(key);
    if (!printer) {
      printer = new SimulatedPrinter({
        mac: key,
        url: options.url,
        outDir: options.outDir,
        intervalMs: options.intervalMs ?? 1000,
      });
      printers.set(key, printer);
      printer.start();
    }
    return printer;
  }
  options.macs.forEach(plugIn);

  const view = (p: SimulatedPrinter) => ({ mac: p.mac, state: p.state, sent: p.sent, printed: p.printed });
  const notFound = { code: 'printer_not_found', message: 'no simulated printer with this MAC' };

  app.get('/printers', async () => ({ printers: [...printers.values()].map(view) }));

  app.post('/printers', async (request, reply) => {
    const body = z
      .strictObject({ mac: z.string().regex(/^([0-9A-Fa-f]{2}:?){5}[0-9A-Fa-f]{2}$/) })
      .safeParse(request.body);
    if (!body.success) return reply.code(400).send({ code: 'bad_request', message: 'mac: 12 hex digits' });
    return reply.code(201).send(view(plugIn(body.data.mac)));
  });

  app.post<{ Params: { mac: string } }>('/printers/:mac/state', async (request, reply) => {
    const printer = printers.get(request.params.mac.toUpperCase());
    if (!printer) return reply.code(404).send(notFound);
    const body = stateBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ code: 'bad_request', message: z.prettifyError(body.error) });
    Object.assign(printer.state, Object.fromEntries(Object.entries(body.data).filter(([, v]) => v !== undefined)));
    // A state change makes a real printer poll at once.
    void printer.tick();
    return view(printer);
  });

  app.get<{ Params: { mac: string; file: string } }>('/printers/:mac/prints/:file', async (request, reply) => {
    const path = printers.get(request.params.mac.toUpperCase())?.fileOf(request.params.file);
    if (!path) return reply.code(404).send(notFound);
    return reply.header('content-type', 'image/png').send(readFileSync(path));
  });

  app.addHook('onClose', async () => {
    for (const printer of printers.values()) printer.stop();
  });

  return { app, printers, plugIn };
}
export type PrinterSandbox = ReturnType<typeof buildPrinterSandbox>;
