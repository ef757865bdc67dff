// `gitlb plan`: load the config, read the cluster from a state file (or plan against an empty
// cluster), plan, render. Thin: every decision is the planner's; this file only wires I/O.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Command, Option } from 'commander';
import { loadConfigOrExit } from './load-config-or-exit.js';
import { readStateFile } from '../cluster/state-file.js';
import { EMPTY_OBSERVED, type ObservedState } from '../cluster/observed.js';
import { plan, type Plan } from '../planner/plan.js';
import { withNodesDown } from '../planner/what-if-node-down.js';
import { renderPlanText } from '../report/render-plan-text.js';
import { renderPlanJsonChunks } from '../report/render-plan-json.js';
import { renderPlanMarkdown } from '../report/render-plan-markdown.js';
import { renderPlanGithub } from '../report/render-plan-github.js';
import { renderDiagnostics } from '../report/diagnostics.js';
import { ExitError, UsageError } from './errors.js';
import { summaryOf } from './command-list.js';

type Format = 'text' | 'json' | 'markdown' | 'github';

/** A marker is a short tag, not content: the plan must keep nearly all of the comment's room. */
const MAX_MARKER = 1000;

interface PlanOptions {
  state?: string;
  kubeconfig?: string;
  context?: string;
  format: Format;
  detailedExitcode?: boolean;
  out?: string;
  whatIfNodeDown?: string[];
  commentMarker?: string;
}

/** Adds `gitlb plan` to the program. */
export function register(program: Command): void {
  program
    .command('plan')
    .summary(summaryOf('plan'))
    .description(
      'Plan which Service gets which address, which node announces it and which BGP peers each node gets, ' +
        'against a state file (what `kubectl get services,endpointslices,nodes,nodeannouncements,sharedannouncements -A -o yaml` prints) ' +
        'or, without --state, against an empty cluster. Nothing is changed.',
    )
    .argument('[PATH]', 'config directory or file', '.')
    .option('--state <FILE>', 'observed cluster as a state file (YAML List, multi-document YAML or JSON)')
    .option('--kubeconfig <FILE>', 'plan against the live cluster of this kubeconfig instead of a state file')
    .option('--context <NAME>', 'kubeconfig context of the live cluster (implies live mode)')
    .addOption(new Option('--format <FORMAT>', 'output format').choices(['text', 'json', 'markdown', 'github']).default('text'))
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are, 1 on error')
    .option('--out <FILE>', 'also write the plan as JSON to FILE (e.g. plan.json for `gitlb apply`)')
    .option('--comment-marker <TEXT>', 'markdown: put TEXT as the first line (e.g. "<!-- gitlb-plan -->", for a CI script to find its comment), within the comment limit')
    .option('--what-if-node-down <NAME>', 'plan as if this node were down (failover preview; repeatable)', (v: string, prev: string[] | undefined) => [...(prev ?? []), v])
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb plan examples/basic
  $ gitlb plan examples/basic --state examples/basic/cluster-state.yaml
  $ gitlb plan examples/basic --kubeconfig ~/.kube/config --context prod
  $ gitlb plan . --state state.yaml --format json --out plan.json --detailed-exitcode
  $ gitlb plan . --state state.yaml --format markdown > comment.md
  $ gitlb plan . --state state.yaml --format markdown --comment-marker '<!-- gitlb-plan -->' > comment.md
  $ gitlb plan . --state state.yaml --what-if-node-down node-a

Exit codes: 0 ok (with --detailed-exitcode: no changes), 2 changes (--detailed-exitcode), 1 error or invalid config.`,
    )
    .action(async (pathArg: string, opts: PlanOptions) => {
      await runPlan(pathArg, opts);
    });
}

async function runPlan(pathArg: string, opts: PlanOptions): Promise<void> {
  if (opts.commentMarker !== undefined) {
    if (opts.format !== 'markdown') throw new UsageError('--comment-marker is for --format markdown');
    if (opts.commentMarker.length > MAX_MARKER) throw new UsageError(`--comment-marker: at most ${MAX_MARKER} characters`);
  }
  const result = await makePlan(pathArg, opts);
  if (opts.out) {
    const file = createWriteStream(opts.out);
    await writeChunks(file, renderPlanJsonChunks(result));
    file.end();
    await once(file, 'close');
  }
  if (opts.format === 'json') await writeChunks(process.stdout, renderPlanJsonChunks(result));
  else process.stdout.write(renderPlan(result, opts.format, opts.commentMarker));
  const changes = result.summary.add + result.summary.change + result.summary.remove;
  if (opts.detailedExitcode && changes > 0) throw new ExitError(2);
}

/** Loads, reads and plans; its own function so the config and the observed state can be collected while the plan is written. */
async function makePlan(pathArg: string, opts: PlanOptions): Promise<Plan> {
  const desired = await loadConfigOrExit(pathArg, opts.format);

  if (opts.state && (opts.kubeconfig || opts.context)) throw new UsageError('--state and --kubeconfig/--context are alternatives: give one');
  let observed: ObservedState = EMPTY_OBSERVED;
  if (opts.state) {
    const state = await readStateFile(opts.state);
    if (!state.ok) {
      process.stdout.write(renderDiagnostics(state.diagnostics, opts.format));
      throw new ExitError(1);
    }
    observed = state.value;
  }
  if (opts.kubeconfig || opts.context) {
    // Live mode: the same ObservedState a state file gives, plus the agents' Lease freshness.
    // Imported here, not at the top: the Kubernetes client is ~800 modules, about a second of
    // startup that planning from a state file never needs.
    const { loadKubeConfig } = await import('../kube/load-kubeconfig.js');
    const { observeCluster } = await import('../cluster/live-observer.js');
    const loaded = loadKubeConfig({ kubeconfig: opts.kubeconfig, context: opts.context });
    if (!loaded.ok) throw new UsageError(loaded.message);
    const live = await observeCluster(loaded.kc);
    if (!live.ok) throw new ExitError(1, live.message);
    observed = live.value.observed;
  }
  if (opts.whatIfNodeDown && opts.whatIfNodeDown.length > 0) {
    const r = withNodesDown(observed, opts.whatIfNodeDown);
    if (r.unknown.length > 0) throw new UsageError(`--what-if-node-down: no node named ${r.unknown.join(', ')} in the ${opts.state ? 'state file' : 'cluster (no --state given)'}`);
    observed = r.observed;
  }
  return plan(desired, observed);
}

/** Writes chunks with backpressure, so a 100k-Service JSON plan never sits in memory as one string. */
async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<void> {
  for (const c of chunks) {
    if (!out.write(c)) await once(out, 'drain');
  }
}

function renderPlan(p: Plan, format: Exclude<Format, 'json'>, marker: string | undefined): string {
  switch (format) {
    case 'markdown':
      return renderPlanMarkdown(p, marker === undefined ? {} : { marker });
    case 'github':
      return renderPlanGithub(p);
    case 'text':
      return renderPlanText(p);
  }
}
