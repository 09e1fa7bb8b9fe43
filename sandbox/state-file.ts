import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Maps are written as `{ "$map": [[key, value], …] }`, the rest as plain JSON. */
const replacer = (_key: string, value: unknown) => (value instanceof Map ? { $map: [...value.entries()] } : value);
const reviver = (_key: string, value: unknown) =>
  value && typeof value === 'object' && '$map' in value && Array.isArray(value.$map) ? new Map(value.$map) : value;

/**
 * Keeps a stand-in's state in a JSON file between runs, as the real party keeps it: a shop that
 * connected its account yesterday still has it today. `read` is what is kept, `restore` puts it
 * back at start; `changed()` writes it a moment later, many changes in one write, through a
 * temporary file and a rename, so a crash mid-write leaves the last whole state.
 */
export function keepStateInFile<State>(
  file: string,
  store: { read(): State; restore(state: State): void },
  options: { delayMs?: number } = {},
) {
  if (existsSync(file)) store.restore(JSON.parse(readFileSync(file, 'utf8'), reviver) as State);
  let timer: NodeJS.Timeout | null = null;
  const write = () => {
    timer = null;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(store.read(), replacer));
    renameSync(`${file}.tmp`, file);
  };
  return {
    changed() {
      timer ??= setTimeout(write, options.delayMs ?? 200);
    },
    /** Writes now what is waiting (shutdown). */
    flush() {
      if (!timer) return;
      clearTimeout(timer);
      write();
    },
  };
}
