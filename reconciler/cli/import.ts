// `gitlb import metallb|purelb FILE...`: convert another load balancer's config to gitlb.io/v1
// documents. Thin: reading files and writing results is here, every decision in reconciler/import.
// Results (YAML or JSON) go to stdout or --out DIR; diagnostics and the summary to stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Diagnostic } from '../config/diagnostic.js';
import { parseCidr } from '../config/ip.js';
import { DEFAULT_SCHEMA_BASE, type ImportResult } from '../import/imported-object.js';
import { importMetallb } from '../import/metallb/import-metallb.js';
import { migrateServiceAnnotations, renderAnnotateScript } from '../import/metallb/migrate-service-annotations.js';
import { readServices } from '../import/metallb/read-services.js';
import { importPurelb } from '../import/purelb/import-purelb.js';
import { readImportSources } from '../import/read-import-sources.js';
import { importedFileName, renderImportedDocument, renderImportedJson, renderImportedYaml } from '../import/render-imported.js';
import { formatDiagnosticLine } from '../report/diagnostics.js';
import { ExitError, UsageError } from './errors.js';
import { summaryOf } from './command-list.js';

interface ImportOptions {
  out?: string;
  format: 'text' | 'json';
  schemaBase: string;
}

/** Adds `gitlb import metallb` and `gitlb import purelb` to the program. */
export function register(program: Command): void {
  const cmd = program
    .command('import')
    .summary(summaryOf('import'))
    .description('Convert another load balancer\'s config to gitlb.io/v1 ServiceGroup, LBNodeAgent and BGPConfiguration documents that `gitlb validate` accepts. What has no gitlb equivalent is reported as a located warning, never dropped silently; passwords are never copied.');

  const common = (c: Command): Command =>
    c
      .argument('<FILE...>', 'manifests (files, directories of .yaml/.yml, or - for stdin)')
      .option('--out <DIR>', 'write one file per object into DIR instead of YAML on stdout')
      .addOption(new Option('--format <format>', 'text: YAML documents; json: {objects, warnings}').choices(['text', 'json']).default('text'))
      .option('--schema-base <URL>', 'where the yaml-language-server modelines point (a URL or a path relative to the output)', DEFAULT_SCHEMA_BASE);

  common(
    cmd
      .command('metallb')
      .summary('MetalLB CRs or legacy ConfigMap → ServiceGroups + BGPConfiguration')
      .description(
        [
          'Convert MetalLB CRs (metallb.io IPAddressPool, L2Advertisement, BGPAdvertisement, BGPPeer, BFDProfile), or its legacy ConfigMap (data.config, before 0.13), to gitlb.',
          'Each IPAddressPool becomes a ServiceGroup of the same name (so `metallb.universe.tf/address-pool: X` becomes `gitlb.io/service-group: X`): local when an L2Advertisement announces it, remote (aggregationLength → aggregation) when a BGPAdvertisement does. BGPPeers become one BGPConfiguration.',
          'MetalLB pools have no subnet: an L2 pool takes the --node-subnet that contains it (otherwise a guess, with a warning); a BGP pool the smallest CIDR covering it.',
        ].join('\n\n'),
      ),
  )
    .option('--node-subnet <CIDR>', 'a node subnet (repeatable): the subnet of the L2 pools inside it', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb import metallb metallb-config.yaml --node-subnet 192.168.10.0/24 > gitlb.yaml
  $ kubectl get ipaddresspools,l2advertisements,bgpadvertisements,bgppeers,bfdprofiles -n metallb-system -o yaml \\
      | gitlb import metallb - --node-subnet 192.168.10.0/24 --out config/
  $ gitlb import metallb manifests/ --format json

Exit codes: 0 imported (warnings allowed), 1 an error (nothing is written).`,
    )
    .action((files: string[], opts: ImportOptions & { nodeSubnet: string[] }) => {
      for (const s of opts.nodeSubnet) if (!parseCidr(s)) throw new UsageError(`--node-subnet ${JSON.stringify(s)} is not a CIDR (e.g. 192.168.10.0/24)`);
      run(files, opts, (sources) => importMetallb(sources, { nodeSubnets: opts.nodeSubnet }));
    });

  cmd
    .command('metallb-services')
    .summary('print the kubectl annotate commands that keep MetalLB Services\' addresses')
    .description(
      [
        'Print the `kubectl annotate` commands that move MetalLB-served Services to gitlb without changing their addresses.',
        'STATE is what `kubectl get services -A -o yaml` prints (a state file). Per Service: metallb.universe.tf/address-pool (or the pool MetalLB allocated from) → gitlb.io/service-group, loadBalancerIPs → gitlb.io/addresses, allow-shared-ip → gitlb.io/allow-shared-ip, externalTrafficPolicy: Local → gitlb.io/allow-local, and gitlb.io/allocated-from so gitlb keeps the address MetalLB gave. Nothing is changed: review and run the output.',
      ].join('\n\n'),
    )
    .argument('<STATE>', 'Services as `kubectl get services -A -o yaml` prints them')
    .option('--metallb-class <CLASS>', 'the loadBalancerClass MetalLB served, if it was started with one')
    .addOption(new Option('--format <format>', 'text: a shell script; json: one entry per Service').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ kubectl get services -A -o yaml > services.yaml
  $ gitlb import metallb-services services.yaml > migrate-services.sh && sh migrate-services.sh

Exit codes: 0 ok, 1 the state file cannot be read.`,
    )
    .action((state: string, opts: { metallbClass?: string; format: 'text' | 'json' }) => {
      const read = readImportSources([state], process.cwd());
      const source = read.sources[0];
      const r = source ? readServices(source.text, source.file) : { services: [], diagnostics: read.diagnostics };
      if (!source || r.diagnostics.length > 0) {
        process.stderr.write(r.diagnostics.map((d) => `${formatDiagnosticLine(d)}\n`).join(''));
        throw new ExitError(1);
      }
      const migrations = migrateServiceAnnotations(r.services, opts.metallbClass ?? null);
      process.stdout.write(opts.format === 'json' ? `${JSON.stringify(migrations, null, 2)}\n` : renderAnnotateScript(migrations));
      const n = migrations.filter((m) => Object.keys(m.annotations).length > 0).length;
      process.stderr.write(`${n} Service${n === 1 ? '' : 's'} to annotate (of ${r.services.filter((s) => s.type === 'LoadBalancer').length} LoadBalancer Services)\n`);
    });

  common(cmd.command('purelb').summary('PureLB v1/v2 + bgp.purelb.io → gitlb kinds').description('Convert PureLB config (purelb.io/v1 and v2 ServiceGroup and LBNodeAgent, bgp.purelb.io/v1 BGPConfiguration) to gitlb, with the same mapping `gitlb validate` applies when it reads PureLB documents. An invalid input gives its located errors and exit 1.'))
    .addHelpText(
      'after',
      `
Examples:
  $ gitlb import purelb purelb-config/ --out config/
  $ kubectl get servicegroups.purelb.io,lbnodeagents.purelb.io -A -o yaml | gitlb import purelb -

Exit codes: 0 imported (warnings allowed), 1 an error (nothing is written).`,
    )
    .action((files: string[], opts: ImportOptions) => {
      run(files, opts, (sources) => importPurelb(sources));
    });
}

function run(files: string[], opts: ImportOptions, convert: (sources: ReturnType<typeof readImportSources>['sources']) => ImportResult): void {
  const read = readImportSources(files, process.cwd());
  const result: ImportResult = read.diagnostics.length > 0 ? { objects: [], diagnostics: read.diagnostics } : convert(read.sources);
  const failed = result.diagnostics.some((d) => d.severity === 'error');
  if (!failed && opts.out) {
    mkdirSync(opts.out, { recursive: true });
    for (const o of result.objects) writeFileSync(path.join(opts.out, importedFileName(o)), renderImportedDocument(o, { schemaBase: opts.schemaBase }));
  }
  if (opts.format === 'json') process.stdout.write(renderImportedJson(result.objects, result.diagnostics));
  else if (!opts.out && !failed) process.stdout.write(renderImportedYaml(result.objects, { schemaBase: opts.schemaBase }));
  process.stderr.write(result.diagnostics.map((d) => `${formatDiagnosticLine(d)}\n`).join(''));
  process.stderr.write(`${summary(result, read.sources.length, opts.out)}\n`);
  if (failed) throw new ExitError(1);
}

function summary(result: ImportResult, files: number, out: string | undefined): string {
  const count = (ds: Diagnostic[], s: Diagnostic['severity']): number => ds.filter((d) => d.severity === s).length;
  const errors = count(result.diagnostics, 'error');
  const warnings = count(result.diagnostics, 'warning');
  const w = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
  if (errors > 0) return `import failed: ${errors} error${errors === 1 ? '' : 's'}${w}; nothing written`;
  const byKind = new Map<string, number>();
  for (const o of result.objects) byKind.set(o.document.kind, (byKind.get(o.document.kind) ?? 0) + 1);
  const what = [...byKind].map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ');
  return `imported ${what} from ${files} file${files === 1 ? '' : 's'}${out ? ` into ${out}` : ''}${w}`;
}
