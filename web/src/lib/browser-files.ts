import { MAX_IMAGE_BYTES, sniffImageType } from './domain.ts';

/**
 * Browser helpers for the product form and list (DOM types and timers live in .ts files, so
 * components need no DOM globals of their own).
 */
export type PickedFile = File;
export type FileInput = HTMLInputElement;
export type Focusable = HTMLElement;
/** A pointer event on an element (a chart picks the column under the finger). */
export type PointerOn = PointerEvent & { currentTarget: HTMLElement };
export type KeyPress = KeyboardEvent;

/** Why a photo cannot be sent, judged as the server judges it (size, then its first bytes), or null. */
export async function photoProblem(file: File): Promise<'too_large' | 'not_an_image' | null> {
  if (file.size > MAX_IMAGE_BYTES) return 'too_large';
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  return sniffImageType(head) ? null : 'not_an_image';
}

export function objectUrl(file: File): string {
  return URL.createObjectURL(file);
}

export function revokeObjectUrl(url: string | null): void {
  if (url?.startsWith('blob:')) URL.revokeObjectURL(url);
}

/** Focuses the first element matching `selector`, else `fallback`. */
export function focusFirst(selector: string, fallback?: HTMLElement | null): void {
  const first = document.querySelector<HTMLElement>(selector);
  (first ?? fallback)?.focus();
}

/** `run` once the calls stop for `ms` (typing in a search box); `cancel` drops a pending one. */
export function debounce(run: () => void, ms: number): { call(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    call() {
      clearTimeout(timer);
      timer = setTimeout(run, ms);
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}

export function queryString(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  return search.toString();
}
