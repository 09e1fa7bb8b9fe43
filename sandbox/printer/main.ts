import { buildPrinterSandbox } from './app.ts';

/**
 * `node sandbox/printer/main.ts`: simulated CloudPRNT printers (PRINTER_MACS, comma separated)
 * polling PRINTER_POLL_URL, their pages saved under PRINTER_OUT_DIR, the control API on
 * 127.0.0.1:$SANDBOX_PRINTER_PORT (default 4030).
 */
const port = Number(process.env.SANDBOX_PRINTER_PORT ?? 4030);
const { app } = buildPrinterSandbox({
  url: process.env.PRINTER_POLL_URL ?? 'http://127.0.0.1:3000/api/cloudprnt',
  macs: (process.env.PRINTER_MACS ?? '').split(',').filter(Boolean),
  outDir: process.env.PRINTER_OUT_DIR ?? '.data/printer',
  intervalMs: Number(process.env.PRINTER_POLL_MS ?? 2000),
  logger: process.env.SANDBOX_PRINTER_LOG === '1',
});

const url = await app.listen({ port, host: '127.0.0.1' });
console.log(`Printer sandbox listening on ${url} (GET ${url}/printers)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
