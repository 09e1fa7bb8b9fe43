import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** Writes a benchmark's figures to bench/results/<name>-<time>.json (the run kept with the code) and prints them. */
export function writeBenchResult(name: string, result: { at: string }): string {
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}${name}-${result.at.replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
  return file;
}
