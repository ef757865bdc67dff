// `gitlb apply`: load the config, observe the live cluster, plan, print the plan, apply it;
// after a conflict re-observe and re-plan (up to --max-retries). Thin: deciding is the
// planner's, writing is reconciler/apply's; this file wires them to flags and exit codes.
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { observeCluster } from '../cluster/live-observer.js';
import { loadKubeConfig } from '../kube/load-kubeconfig.js';
import { kubeClusterWriter } from '../apply/kube-cluster-writer.js';
import { applyWithReplan } from '../apply/apply-with-replan.js';
import { renderApplyOutcomeText } from '../apply/render-apply-outcome.js';
import type { Plan } from '../planner/plan.js';
import { renderPlanText } from '../report/render-plan-text.js';
import { renderPlanJsonChunks } from '../report/render-plan-json.js';
import { createLogger } from './log.js';
import { ExitError, UsageError } from './errors.js';
import { summaryOf } from './command-list.js';

interface ApplyOptions {
  kubeconfig?: string;
  context?: string;
  allowDisruption?: boolean;
  format: 'text' | 'json';
  maxRetries: number;
  leaseNamespace: string;
}

/** Adds `gitlb apply` to the program. */
export function register(program: Command): void {
  program
    .command('apply')
    .summary(summaryOf('apply'))
    .description(
      'Plan against the live cluster and apply the plan: Service status and gitlb annotations, NodeAnnouncements, ' +
        'SharedAnnouncements and Events. Disruptive changes (a Service losing or moving an address) need --allow-disruption. ' +
        'When the cluster changes between plan and apply, it re-observes and re-plans; it never overwrites a newer object.',
    )
    .argument('[PATH]', 'config directory or file', '.')
    .option('--kubeconfig <FILE>', 'kubeconfig file (default: KUBECONFIG, ~/.kube/config or in-cluster)')
    .option('--context <NAME>', 'kubeconfig context to use')
    .option('--allow-disruption', 'also apply changes that take an address from a Service or move a local address')
    .addOption(new Option('--format <FORMAT>', 'output format').choices(['text', 'json']).default('text'))
    .option('--max-retries <N>', 're-plans after a conflict before giving up', parseCount, 3)
    .option('--lease-namespace <NS>', 'namespace of the agents\' heartbeat Leases', 'gitlb-system')
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb apply config/ --kubeconfig ~/.kube/config
  $ gitlb apply config/ --context prod --allow-disruption
  $ gitlb apply config/ --format json > apply.json

Exit codes: 0 applied (or nothing to do), 1 invalid config, refused disruptive change, conflict after retries or error.`,
    )
    .action(async (pathArg: string, opts: ApplyOptions) => {
      await runApply(pathArg, opts);
    });
}

function parseCount(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number ≥ 0');
  return n;
}

async function runApply(pathArg: string, opts: ApplyOptions): Promise<void> {
  // The config first: an invalid tree is reported and nothing is read or written.
  const desired = await loadConfigOrExit(pathArg, opts.format);
  const loaded = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
  if (!loaded.ok) throw new UsageError(loaded.message);
  const kc = loaded.kc;
  const log = createLogger('apply');

  const plans: Plan[] = [];
  const result = await applyWithReplan({
    desired,
    observe: async () => {
      const r = await observeCluster(kc, { leases: { namespace: opts.leaseNamespace, prefix: 'gitlb-agent-' } });
      return r.ok ? { ok: true, observed: r.value.observed } : r;
    },
    writer: kubeClusterWriter(kc),
    allowDisruption: opts.allowDisruption,
    maxRetries: opts.maxRetries,
    onPlan: (p, attempt) => {
      plans.push(p);
      if (opts.format !== 'text') return;
      if (attempt > 1) process.stdout.write(`\nThe cluster changed; plan ${attempt}:\n`);
      process.stdout.write(renderPlanText(p));
    },
    log,
  });

  if (opts.format === 'json') {
    // One JSON document: the last plan (the contract's form) and the outcome.
    const planJson = result.plan ? [...renderPlanJsonChunks(result.plan)].join('').trimEnd() : 'null';
    process.stdout.write(`{"attempts":${result.attempts},"outcome":${JSON.stringify(result.outcome)},"plan":${planJson}}\n`);
  } else {
    process.stdout.write(`\n${renderApplyOutcomeText(result)}`);
  }
  if (result.outcome.outcome !== 'ok') throw new ExitError(1);
}
