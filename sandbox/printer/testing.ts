import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPrinterSandbox, type PrinterSandbox, type PrinterSandboxOptions } from './app.ts';

export interface RunningPrinterSandbox extends PrinterSandbox {
  url: string;
  outDir: string;
  close(): Promise<void>;
}

/** Simulated printers polling `cloudPrntUrl` fast (every 300 ms), their control API on a free port. */
export async function startPrinterSandbox(
  options: Partial<PrinterSandboxOptions> & { url: string },
): Promise<RunningPrinterSandbox> {
  const outDir = options.outDir ?? mkdtempSync(join(tmpdir(), 'jiayi-printer-'));
  const sandbox = buildPrinterSandbox({ macs: [], intervalMs: 300, ...options, outDir });
  const url = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  return { ...sandbox, url, outDir, close: () => sandbox.app.close() };
}
