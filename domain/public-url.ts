/**
 * A URL of ours (a stored picture's `/media/…` path) as a party outside the browser needs it
 * (a printer, Uber Eats): made absolute on the public origin; a full URL is kept as it is.
 */
export function publicUrl<T extends string | null>(url: T, origin: string): T {
  return (url && !/^https?:/.test(url) ? `${origin.replace(/\/+$/, '')}${url}` : url) as T;
}
