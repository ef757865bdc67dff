// `gitlb state`: dump the live cluster as a state file, the v1 List that
// `kubectl get services,endpointslices,nodes,nodeannouncements,sharedannouncements -A -o yaml`
// prints, so `gitlb plan --state FILE` plans what live mode would (agent Leases are not in a
// state file: a state file is not judged on time).
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { stringify } from 'yaml';
import { observeCluster } from '../cluster/live-observer.js';
import { loadKubeConfig } from '../kube/load-kubeconfig.js';
import { ExitError, UsageError } from './errors.js';
import { summaryOf } from './command-list.js';

interface StateOptions {
  kubeconfig?: string;
  context?: string;
  out?: string;
  format: 'text' | 'json';
}

/** Adds `gitlb state` to the program. */
export function register(program: Command): void {
  program
    .command('state')
    .summary(summaryOf('state'))
    .description(
      'Write the observed cluster as a state file (what `kubectl get services,endpointslices,nodes,nodeannouncements,sharedannouncements -A -o yaml` prints), ' +
        'for `gitlb plan --state` in a CI job without cluster credentials.',
    )
    .option('--kubeconfig <FILE>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config or in-cluster)')
    .option('--context <NAME>', 'kubeconfig context to use')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .addOption(new Option('--format <FORMAT>', 'text is YAML, json is a JSON List').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb state --kubeconfig ~/.kube/config --out cluster-state.yaml
  $ gitlb state --context prod --format json > state.json
  $ gitlb plan config/ --state cluster-state.yaml

Exit codes: 0 written, 1 the cluster could not be read.`,
    )
    .action(async (opts: StateOptions) => {
      await runState(opts);
    });
}

async function runState(opts: StateOptions): Promise<void> {
  const loaded = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
  if (!loaded.ok) throw new UsageError(loaded.message);
  const r = await observeCluster(loaded.kc);
  if (!r.ok) throw new ExitError(1, r.message);
  const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: r.value.items };
  const text = opts.format === 'json' ? `${JSON.stringify(list, null, 2)}\n` : stringify(list, { lineWidth: 0 });
  if (opts.out) await writeFile(opts.out, text);
  else process.stdout.write(text);
}
