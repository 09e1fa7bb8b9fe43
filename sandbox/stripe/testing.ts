import { buildStripeSandbox, type StripeSandbox, type StripeSandboxOptions } from './app.ts';

export interface RunningStripeSandbox extends StripeSandbox {
  url: string;
  close(): Promise<void>;
}

/** The Stripe sandbox on a free port, its hosted pages' URLs pointing at it. */
export async function startStripeSandbox(opts: StripeSandboxOptions = {}): Promise<RunningStripeSandbox> {
  const sandbox = buildStripeSandbox(opts);
  const url = await sandbox.app.listen({ port: 0, host: '127.0.0.1' });
  sandbox.context.publicUrl ||= url;
  return { ...sandbox, url, close: () => sandbox.app.close() };
}
