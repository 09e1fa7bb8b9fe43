/**
 * Keeps a list page's filters in the address bar (?q=&status=) without a navigation: a reload,
 * Back from an opened row, or a shared link then shows the same list. The page's load reads
 * them from the URL. (SvelteKit's shallow replaceState is not used: Back to such an entry
 * would restore the entry's old page instead of loading the filtered one.)
 */
export function replaceQueryParams(values: Record<string, string | null>): void {
  const url = new URL(globalThis.location.href);
  for (const [key, value] of Object.entries(values)) {
    if (value) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  }
  if (url.href !== globalThis.location.href) globalThis.history.replaceState(globalThis.history.state, '', url);
}
