import pino, { type Logger } from 'pino';

/** Structured logs; each line carries the process name, and callers add tenant/order/workflow. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { process: name } });
}
