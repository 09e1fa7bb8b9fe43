import { menuUrl, menuVersionUrl, type RestaurantMenu } from '#lib/api.ts';

/** How often an open page asks whether the menu changed (one indexed read on the server). */
const POLL_MS = 20_000;
/** Longest wait on a `refreshAt` (a timer longer than this is re-armed on the next poll). */
const TIMER_MAX_MS = 6 * 60 * 60 * 1000;

/**
 * The branch's menu as an open page shows it: polls the menu version while the page is
 * visible and reloads the menu when it changed, or when the menu or the announcement says it
 * changes by itself (`refreshAt`: a pause ends, stock refills, an announcement starts).
 */
export class MenuFeed {
  menu = $state<RestaurantMenu>() as RestaurantMenu;
  /** Bumped on every reload that changed the version, so the cart re-checks its lines. */
  changes = $state(0);

  readonly #tenant: string;
  readonly #branchId: string;

  constructor(tenant: string, branchId: string, initial: RestaurantMenu) {
    this.#tenant = tenant;
    this.#branchId = branchId;
    this.menu = initial;
  }

  /** Starts watching; returns the function that stops. Browser only. */
  start(): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const arm = () => {
      if (timer) clearTimeout(timer);
      const due = [this.menu.refreshAt, this.menu.store.refreshAt]
        .filter((at): at is string => at !== null)
        .map((at) => Date.parse(at) - Date.now());
      const wait = Math.min(POLL_MS, ...due.map((ms) => Math.max(ms + 500, 1_000)), TIMER_MAX_MS);
      timer = setTimeout(() => void tick(), wait);
    };
    const tick = async () => {
      if (stopped) return;
      if (globalThis.document.visibilityState === 'visible') await this.check();
      if (!stopped) arm();
    };
    const onVisible = () => {
      if (globalThis.document.visibilityState === 'visible') void this.check();
    };
    globalThis.document.addEventListener('visibilitychange', onVisible);
    arm();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      globalThis.document.removeEventListener('visibilitychange', onVisible);
    };
  }

  /** Reloads the menu when its version moved or a self-change is due. */
  async check(): Promise<void> {
    try {
      const due = [this.menu.refreshAt, this.menu.store.refreshAt].some(
        (at) => at !== null && Date.parse(at) <= Date.now(),
      );
      if (!due) {
        const answer = await fetch(menuVersionUrl(this.#tenant), { headers: { accept: 'application/json' } });
        if (!answer.ok) return;
        const { version } = (await answer.json()) as { version: number };
        if (version === this.menu.version) return;
      }
      await this.reload();
    } catch {
      // Offline for a moment: the next poll tries again.
    }
  }

  async reload(): Promise<void> {
    const answer = await fetch(menuUrl(this.#tenant, this.#branchId), { headers: { accept: 'application/json' } });
    if (!answer.ok) return;
    this.menu = (await answer.json()) as RestaurantMenu;
    this.changes += 1;
  }
}
