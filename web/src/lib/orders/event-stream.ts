/**
 * Keeps a server's event stream open (the admin's live pages). EventSource retries by itself
 * while it can; when the server refuses it for good (not 200) or it gives up, a new one is
 * opened with backoff (2 s doubling to 30 s). The server sends `ready` on every (re)connection
 * once it listens: the page catches up on whatever it missed then. Browser only.
 */
export interface KeptStream {
  /** Opens a new stream now if the last one is closed for good (the device came back online). */
  revive(): void;
  close(): void;
}

export function keepStreamOpen(
  url: string,
  events: Record<string, (data: string) => void>,
  /** Every error; `closed`: this stream is gone for good and a new one will be opened. */
  onerror: (closed: boolean) => void,
): KeptStream {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let stopped = false;

  const open = () => {
    retry = null;
    const current = new EventSource(url);
    source = current;
    current.addEventListener('ready', () => (failures = 0));
    for (const [name, handle] of Object.entries(events))
      current.addEventListener(name, (event) => handle((event as MessageEvent<string>).data));
    current.addEventListener('error', () => {
      if (stopped) return;
      const closed = current.readyState === EventSource.CLOSED;
      onerror(closed);
      if (!closed) return;
      failures += 1;
      retry = setTimeout(open, Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5)));
    });
  };
  open();

  return {
    revive() {
      if (!stopped && source?.readyState === EventSource.CLOSED && !retry) open();
    },
    close() {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
    },
  };
}
