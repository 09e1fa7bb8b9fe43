/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with brackets for nesting
 * (`metadata[tenantId]=…`, `line_items[0][price_data][unit_amount]=199900`), as the SDK writes it.
 * Objects whose keys are all indexes become arrays, in index order.
 */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export function parseStripeForm(text: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const parts = keyParts(rawKey);
    if (!parts) continue;
    let node: Record<string, FormValue> = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      const next = node[part];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
      node = node[part] as Record<string, FormValue>;
    }
    node[parts.at(-1)!] = value;
  }
  return arraysFromIndexes(root) as Record<string, FormValue>;
}

/** `a[b][0]` → ['a', 'b', '0']; an empty `[]` (append) gets the next free index. */
function keyParts(key: string): string[] | null {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return null;
  const rest = [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
  return [match[1]!, ...rest.map((p) => (p === '' ? String(Number.MAX_SAFE_INTEGER) : p))];
}

function arraysFromIndexes(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: Record<string, FormValue> = {};
  for (const key of keys) converted[key] = arraysFromIndexes(value[key]!);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]!);
  }
  return converted;
}
