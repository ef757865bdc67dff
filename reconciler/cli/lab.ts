// `gitlb lab up|down|status|curl`: a whole cluster's network on this machine, in network
// namespaces (root): a switch, an API server + reconciler following a Git repo, N nodes each
// with its agent, BIRD and an HTTP responder, a BIRD router doing ECMP with BFD, a client.
// Thin: the work is in reconciler/lab/.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseDuration } from '../config/duration.js';
import { readLabCluster } from '../lab/cluster-check.js';
import { hit } from '../lab/hit.js';
import { labDown } from '../lab/lab-down.js';
import { readRecord } from '../lab/lab-record.js';
import { labStatus } from '../lab/lab-status.js';
import { renderLabStatus } from '../lab/render-lab-status.js';
import { labPrerequisites, labUp, LabUpError } from '../lab/lab-up.js';
import { startResponder } from '../lab/responder.js';
import { gitlbArgv, packageRoot } from '../lab/self.js';
import { checkLabName } from '../lab/topology.js';
import { ExitError, UsageError } from './errors.js';
import { summaryOf } from './command-list.js';

const execFileP = promisify(execFile);

interface Common {
  name: string;
  dir?: string;
  format: 'text' | 'json';
}

function labName(v: string): string {
  const problem = checkLabName(v);
  if (problem) throw new InvalidArgumentError(problem);
  return v;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new InvalidArgumentError('must be a whole number from 1 to 100');
  return n;
}

function durationMs(v: string): number {
  const ms = parseDuration(v);
  if (ms === null || ms <= 0) throw new InvalidArgumentError('must be a duration such as 90s or 2m');
  return ms;
}

const dirOf = (o: Common): string => path.resolve(o.dir ?? path.join(tmpdir(), `gitlb-lab-${o.name}`));
const progress = (line: string): void => void process.stderr.write(`lab: ${line}\n`);

function common(cmd: Command): Command {
  return cmd
    .addOption(new Option('--name <NAME>', 'lab name: namespaces are gitlb-<NAME>-*').argParser(labName).default('lab'))
    .option('--dir <DIR>', 'lab directory: logs, kubeconfig, config repo (default: $TMPDIR/gitlb-lab-<NAME>); give status and down the same --dir as up')
    .addOption(new Option('--format <FORMAT>', 'output format').choices(['text', 'json']).default('text'));
}

async function requireRoot(): Promise<void> {
  const problems = await labPrerequisites();
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
}

/** Adds the `lab` command. */
export function register(program: Command): void {
  const lab = program
    .command('lab')
    .summary(summaryOf('lab'))
    .description('Run a lab on this machine (root, bird2, iproute2, git): network namespaces for a switch, a control node (API server + gitlb reconcile following a Git repo), N nodes (gitlb agent + BIRD + an HTTP responder on port 80 answering with the node\'s name), a BIRD router with ECMP and BFD, and a client behind it. Traffic stays inside the lab\'s namespaces.')
    .addHelpText('after', `
Examples:
  $ sudo gitlb lab up                       # 3 nodes; prints what to try
  $ sudo gitlb lab status --format json     # namespaces, kubeconfig, repo, BGP, routes
  $ sudo gitlb lab curl http://172.30.100.0/ --count 600
  $ sudo gitlb lab down                     # also after a crash: finds gitlb-lab-* namespaces`);

  common(lab.command('up').description('build the lab and wait until it works (agents alive, reconciler Ready, BGP Established)'))
    .addOption(new Option('--nodes <N>', 'number of nodes').argParser(positiveInt).default(3))
    .option('--seed <DIR>', 'config files the lab repo starts with (default: examples/lab)')
    .addOption(new Option('--timeout <DURATION>', 'how long to wait for the lab to work').argParser(durationMs).default(120_000, '120s'))
    .action(async (o: Common & { nodes: number; seed?: string; timeout: number }) => {
      await requireRoot();
      const dir = dirOf(o);
      let record;
      try {
        record = await labUp({ name: o.name, nodes: o.nodes, dir, seed: path.resolve(o.seed ?? path.join(packageRoot(), 'examples', 'lab')), timeoutMs: o.timeout, progress });
      } catch (err) {
        if (err instanceof LabUpError) throw new ExitError(1, `error: ${err.message}`);
        throw err;
      }
      const status = await labStatus(o.name, dir);
      if (o.format === 'json') {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const t = record.topology;
      // Run with sudo: every hint needs root too (namespaces, the root-owned repo).
      const sudo = process.env.SUDO_USER ? 'sudo ' : '';
      const kubectl = `${sudo}ip netns exec ${t.namespaces.control} kubectl --kubeconfig ${t.kubeconfig}`;
      const services = path.join(packageRoot(), 'examples', 'lab', 'services');
      const named = o.name === 'lab' ? '' : ` --name ${o.name}`;
      process.stdout.write(`lab "${o.name}" is up: ${t.nodes.length} nodes, API server ${t.apiUrl}, config repo ${t.repo} (branch main, seed ${record.seedRevision.slice(0, 12)})

Try:
  # a Service with a remote address: every node announces it over BGP, the router spreads
  ${kubectl} apply -f ${path.join(services, 'web.yaml')}
  ${kubectl} get svc web
  ${sudo}ip -n ${t.namespaces.router} route show proto bird        # one route, ${t.nodes.length} next hops
  ${sudo}npx gitlb lab curl http://172.30.100.0/ --count 600${named}   # which node answered, how often

  # a Service with a local address: on one node's eth0; kill that node's agent and it moves
  ${kubectl} apply -f ${path.join(services, 'db.yaml')}

  # change the config the GitOps way: the reconciler follows the repo every second
  ${sudo}git clone ${t.repo} lab-config && cd lab-config && ${sudo}$EDITOR servicegroup-routed.yaml && ${sudo}git commit -am "..." && ${sudo}git push

  ${sudo}npx gitlb lab status${named}        # sessions, routes, agents, revision
  ${sudo}npx gitlb lab down${named}          # remove everything
Logs: ${t.dir}/*.log
`);
    });

  common(lab.command('down').description('stop the lab\'s processes and delete its namespaces and directory (idempotent)'))
    .action(async (o: Common) => {
      await requireRoot();
      const r = await labDown({ name: o.name, dir: dirOf(o), progress });
      if (o.format === 'json') process.stdout.write(`${JSON.stringify({ name: o.name, removedNamespaces: r.namespaces, dirRemoved: r.dirRemoved })}\n`);
      else process.stdout.write(r.namespaces.length > 0 ? `lab "${o.name}" is down: removed ${r.namespaces.length} namespaces\n` : `lab "${o.name}" was not up; nothing to remove\n`);
    });

  common(lab.command('status').description('where the lab\'s parts are and how they are (exit 3 when the lab is not up, 4 when a part of it exited)'))
    .action(async (o: Common) => {
      await requireRoot();
      const s = await labStatus(o.name, dirOf(o));
      process.stdout.write(o.format === 'json' ? `${JSON.stringify(s, null, 2)}\n` : renderLabStatus(s));
      if (!s.up) throw new ExitError(3);
      if ('healthy' in s && !s.healthy) throw new ExitError(4);
    });

  common(lab.command('curl').description('send HTTP requests from the lab\'s client, each on a new connection, and count which node answered'))
    .argument('<url>', 'e.g. http://172.30.100.0/')
    .addOption(new Option('--count <N>', 'requests').argParser((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
      return n;
    }).default(10))
    .addOption(new Option('--here', 'run in this namespace (used by the lab itself)').hideHelp())
    .action(async (url: string, o: Common & { count: number; here?: boolean }) => {
      let counts;
      if (o.here) counts = await hit(url, o.count);
      else {
        await requireRoot();
        const record = await readRecord(dirOf(o));
        if (!record) throw new UsageError(`lab "${o.name}" is not up (no ${dirOf(o)}/lab.json): run gitlb lab up`);
        const [cmd, ...args] = gitlbArgv('lab', 'curl', url, '--count', String(o.count), '--here', '--format', 'json', '--name', o.name);
        // The child exits 1 when a request failed, and still prints its counts.
        const stdout = await execFileP('ip', ['netns', 'exec', record.topology.namespaces.client, cmd!, ...args], { timeout: 600_000 })
          .then((r) => r.stdout, (err: { stdout?: string; stderr?: string; message: string }) => {
            if (err.stdout?.trim().startsWith('{')) return err.stdout;
            throw new ExitError(1, `error: the lab client could not run: ${err.stderr?.trim() || err.message}`);
          });
        counts = JSON.parse(stdout) as Awaited<ReturnType<typeof hit>>;
      }
      if (o.format === 'json') process.stdout.write(`${JSON.stringify(counts)}\n`);
      else {
        const rows = Object.entries(counts.byNode).map(([n, c]) => `  ${n.padEnd(12)} ${String(c).padStart(6)}`);
        process.stdout.write(`${counts.total} requests to ${url}:\n${rows.join('\n')}${counts.failed > 0 ? `\n  failed       ${String(counts.failed).padStart(6)} (${counts.errors.join('; ')})` : ''}\n`);
      }
      if (counts.failed > 0) throw new ExitError(1);
    });

  lab.command('responder', { hidden: true })
    .description('answer HTTP with the node name (runs on each lab node)')
    .requiredOption('--node <NAME>', 'node name to answer with')
    .addOption(new Option('--port <PORT>', 'port').argParser(Number).default(80))
    .action(async (o: { node: string; port: number }) => {
      const server = await startResponder(o.node, o.port);
      process.stderr.write(`responder for ${o.node} listening on :${o.port}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
      });
      server.close();
    });

  lab.command('cluster-state', { hidden: true })
    .description('print the lab cluster as JSON (runs in the control namespace)')
    .requiredOption('--kubeconfig <FILE>', 'the lab kubeconfig')
    .requiredOption('--nodes <LIST>', 'node names, comma-separated')
    .action(async (o: { kubeconfig: string; nodes: string }) => {
      const s = await readLabCluster(o.kubeconfig, o.nodes.split(','));
      process.stdout.write(`${JSON.stringify(s)}\n`);
    });
}
