// The shutdown start that the long-running commands (agent, reconcile) share.
import type { Logger } from './log.js';

/** Resolves with the first SIGTERM/SIGINT; from then on a shutdown that takes longer than
 *  `hardLimitMs` (a second signal, an API server that does not answer) exits 1, so a pod is
 *  not kept in Terminating for its whole grace period. Call `done()` when the shutdown finished. */
export async function waitForShutdownSignal(log: Logger, hardLimitMs = 20_000): Promise<{ signal: string; done: () => void }> {
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const hard = setTimeout(() => {
    log.error({ op: 'shutdown', reason: 'timeout' }, 'shutdown took too long; exiting');
    process.exit(1);
  }, hardLimitMs);
  hard.unref();
  return { signal, done: () => clearTimeout(hard) };
}
