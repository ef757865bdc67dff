// `gitlb emulator`: runs the in-memory Kubernetes API server for demos, the lab and manual
// checks with kubectl, writes a kubeconfig for it, and runs until SIGTERM/SIGINT.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { Emulator, objectsOf } from '../emulator/emulator.js';
import { writeKubeconfig } from '../emulator/kubeconfig.js';
import { UsageError } from './errors.js';
import { createLogger } from './log.js';
import { summaryOf } from './command-list.js';

/** Adds the `emulator` command. */
export function register(program: Command): void {
  program
    .command('emulator')
    .summary(summaryOf('emulator'))
    .description('Run an in-memory Kubernetes API server (core kinds gitlb uses + gitlb.io/v1) for demos and tests')
    .option('--listen <addr>', 'address to listen on: HOST:PORT, :PORT or HOST (port 0 = any free port)', '127.0.0.1:0')
    .requiredOption('--kubeconfig-out <file>', 'write a kubeconfig for the server to this file')
    .option('--seed <file>', 'create the objects of this YAML file first (a v1 List or multi-document YAML, e.g. a state file)')
    .option('--history-limit <n>', 'watch events kept for resumption; older resourceVersions get 410', '10000')
    .option('--format <format>', 'text | json', 'text')
    .addHelpText('after', `
Example:
  $ gitlb emulator --listen 127.0.0.1:6443 --kubeconfig-out /tmp/emulator.kubeconfig &
  $ kubectl --kubeconfig /tmp/emulator.kubeconfig get nodes`)
    .action(async (opts: { listen: string; kubeconfigOut: string; seed?: string; historyLimit: string; format: string }) => {
      const { host, port } = parseListen(opts.listen);
      const historyLimit = Number(opts.historyLimit);
      if (!Number.isInteger(historyLimit) || historyLimit < 1) throw new UsageError(`--history-limit must be a positive integer, not ${opts.historyLimit}`);
      if (opts.format !== 'text' && opts.format !== 'json') throw new UsageError(`--format must be text or json, not ${opts.format}`);
      const log = createLogger('emulator');
      const emulator = await Emulator.start({
        host,
        port,
        historyLimit,
        log: (r) => log.debug({ op: 'request', method: r.method, path: r.path, code: r.code, ms: r.ms, watch: r.watch }),
      });
      if (opts.seed) {
        const text = await readFile(opts.seed, 'utf8');
        const objects = parseAllDocuments(text).flatMap((d) => {
          if (d.errors.length > 0) throw new UsageError(`${opts.seed}: ${d.errors[0]!.message}`);
          return objectsOf(d.toJS());
        });
        emulator.seed(objects);
        log.info({ op: 'seed', file: opts.seed, objects: objects.length });
      }
      await writeKubeconfig(opts.kubeconfigOut, emulator.url);
      log.info({ op: 'listen', url: emulator.url, kubeconfig: opts.kubeconfigOut });
      process.stdout.write(opts.format === 'json'
        ? `${JSON.stringify({ url: emulator.url, kubeconfig: opts.kubeconfigOut })}\n`
        : `emulator listening on ${emulator.url}; kubeconfig written to ${opts.kubeconfigOut}\n`);
      await new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          log.info({ op: 'stop', reason: signal });
          resolve();
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      await emulator.stop();
    });
}

/** Splits HOST:PORT, :PORT, [v6]:PORT or HOST into host and port. */
export function parseListen(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*))(?::(\d+))?$/.exec(addr);
  if (!m) throw new UsageError(`--listen: cannot parse "${addr}" (want HOST:PORT)`);
  const host = m[1] ?? (m[2] || '127.0.0.1');
  const port = m[3] !== undefined ? Number(m[3]) : 0;
  if (port > 65535) throw new UsageError(`--listen: port ${port} is out of range`);
  return { host, port };
}
