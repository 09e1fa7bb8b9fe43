import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One simulated Star CloudPRNT printer: it POSTs its status to the server every interval,
 * GETs a job when told one is ready (as image/png), "prints" it to a PNG file a person can
 * open, and confirms it with DELETE. Like a real one it keeps a confirmation the server did not
 * take and sends it again before anything else, so a job is never printed twice because the
 * server was away. The control API turns it off, takes its paper or opens its cover.
 */

export interface PrinterState {
  online: boolean;
  paper: 'ok' | 'out';
  cover: 'closed' | 'open';
  /** Print but hold the confirmation (a printer that crashes between fetching and confirming). */
  holdConfirm: boolean;
}

export interface Printed {
  file: string;
  token: string;
  at: string;
  bytes: number;
}

const STATUS = { ok: '200 OK', paper: '410 Out of paper', cover: '420 Cover open' } as const;

export class SimulatedPrinter {
  readonly mac: string;
  readonly state: PrinterState = { online: true, paper: 'ok', cover: 'closed', holdConfirm: false };
  readonly printed: Printed[] = [];
  /** Polls, GETs and DELETEs sent, for tests to wait on. */
  readonly sent = { polls: 0, fetches: 0, confirms: 0 };
  private unconfirmed: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly url: string;
  private readonly outDir: string;
  private readonly intervalMs: number;

  constructor(options: { mac: string; url: string; outDir: string; intervalMs: number }) {
    this.mac = options.mac;
    this.url = options.url;
    this.outDir = join(options.outDir, options.mac.replace(/:/g, ''));
    this.intervalMs = options.intervalMs;
    mkdirSync(this.outDir, { recursive: true });
  }

  start() {
    this.timer ??= setInterval(() => void this.tick(), this.intervalMs);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  fileOf(name: string): string | null {
    return this.printed.some((p) => p.file === name) ? join(this.outDir, name) : null;
  }

  private statusCode(): string {
    if (this.state.paper === 'out') return STATUS.paper;
    if (this.state.cover === 'open') return STATUS.cover;
    return STATUS.ok;
  }

  private query(extra: Record<string, string>): string {
    return new URLSearchParams({ mac: this.mac, ...extra }).toString();
  }

  /** One poll cycle; a cycle still running (a slow server) is not overlapped. */
  async tick(): Promise<void> {
    if (this.busy || !this.state.online) return;
    this.busy = true;
    try {
      if (this.unconfirmed && !(await this.confirm(this.unconfirmed))) return;
      this.sent.polls += 1;
      const poll = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          printerMAC: this.mac,
          statusCode: encodeURIComponent(this.statusCode()),
          printingInProgress: false,
          clientAction: null,
        }),
      });
      if (!poll.ok) return;
      const answer = (await poll.json()) as { jobReady?: boolean; mediaTypes?: string[]; jobToken?: string };
      if (!answer.jobReady || !answer.mediaTypes?.includes('image/png') || this.statusCode() !== STATUS.ok) return;
      await this.print(answer.jobToken ?? '');
    } catch {
      // The server is away: try again next interval, as a real printer does.
    } finally {
      this.busy = false;
    }
  }

  private async print(token: string): Promise<void> {
    this.sent.fetches += 1;
    const job = await fetch(`${this.url}?${this.query({ type: 'image/png', token })}`);
    if (job.status !== 200) return;
    const png = Buffer.from(await job.arrayBuffer());
    const file = `${String(this.printed.length + 1).padStart(3, '0')}-${token.slice(0, 8)}.png`;
    writeFileSync(join(this.outDir, file), png);
    this.printed.push({ file, token, at: new Date().toISOString(), bytes: png.length });
    this.unconfirmed = token;
    if (!this.state.holdConfirm) await this.confirm(token);
  }

  /** True once the server took the confirmation. */
  private async confirm(token: string): Promise<boolean> {
    if (this.state.holdConfirm) return false;
    this.sent.confirms += 1;
    const response = await fetch(`${this.url}?${this.query({ token, code: 'OK' })}`, { method: 'DELETE' });
    if (response.status >= 500) return false;
    this.unconfirmed = null;
    return true;
  }
}
