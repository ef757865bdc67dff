// Structured logs to stderr (stdout is for results). JSON lines with stable keys
// (op, service, node, address, reason); GITLB_LOG_LEVEL sets the level (default info).
import { pino, type Logger } from 'pino';

/** Creates the process logger; `name` is the component (reconcile, agent, emulator, ...). */
export function createLogger(name: string, level = process.env.GITLB_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination(2));
}

export type { Logger };
