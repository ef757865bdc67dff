// `gitlb import` end to end through the real binary (run from source with tsx): the output
// validates with `loadConfig`, warnings are located on stderr, --out and --format json work,
// errors exit 1 with nothing written, and no password ever reaches any output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../reconciler/config/load.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'gitlb-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function gitlb(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'reconciler/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const METALLB = 'test/fixtures/metallb/metallb-config.yaml';
const SUBNETS = ['--node-subnet', '192.168.10.0/24', '--node-subnet', 'fd00:10::/64'];
// The fixtures' secrets: the Secret's value and the plain-text BGPPeer passwords (CR and legacy ConfigMap).
const SECRETS = ['Tor-Md5-Secret-7f3a', 'Plain-Text-Pw-91c2', 'Legacy-Pw-33aa'];

describe('gitlb import metallb', () => {
  const r = gitlb('import', 'metallb', METALLB, ...SUBNETS);

  it('prints gitlb YAML that validates, each document with a schema modeline', async () => {
    expect(r.code).toBe(0);
    const docs = r.stdout.split(/^---$/m);
    expect(docs).toHaveLength(3);
    for (const d of docs) expect(d.trimStart()).toMatch(/^# yaml-language-server: \$schema=https:\/\/gitlb\.io\/schemas\/(servicegroup|bgpconfiguration)\.schema\.json\n/);
    const file = path.join(tmp, 'stdout.yaml');
    writeFileSync(file, r.stdout);
    const loaded = await loadConfig([file], { strict: true });
    expect(loaded.diagnostics).toEqual([]);
    if (!loaded.ok) throw new Error('invalid');
    expect(loaded.value.groups.map((g) => `${g.name}:${g.type}`)).toEqual(['default:local', 'public:remote']);
    expect(loaded.value.bgp?.neighbors.map((n) => `${n.address} bfd=${n.bfd?.minRxMs} hold=${n.holdTime}`)).toEqual(['192.168.10.1 bfd=150 hold=90', '192.168.10.2 bfd=150 hold=90']);
  });

  it('reports what has no equivalent on stderr, located, and ends with a summary', () => {
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${METALLB}:27:5: warning: serviceAllocation.priority: gitlb has no pool priority: a Service uses the group it names (or \`default\`) (no-equivalent)`,
      `${METALLB}:40:3: warning: spec.interfaces: gitlb announces local addresses on one interface per node: set LBNodeAgent spec.localInterface (a regex) instead (no-equivalent)`,
      `${METALLB}:53:3: warning: spec.localPref: gitlb sets no LOCAL_PREF: set it in the router's import policy (no-equivalent)`,
      `${METALLB}:54:3: warning: spec.communities: gitlb advertises without BGP communities: tag the routes on the router instead (no-equivalent)`,
      `${METALLB}:59:7: warning: Community aliases have no gitlb equivalent: gitlb advertises its prefixes without BGP communities (set them on the router instead) (no-equivalent)`,
      `${METALLB}:77:3: warning: spec.echoMode: gitlb does not configure BFD echo mode (no-equivalent)`,
      `${METALLB}:114:3: warning: spec.sourceAddress: gitlb peers from the node address the kernel picks (no-equivalent)`,
      `${METALLB}:117:7: warning: Secret (v1) is not a MetalLB config kind: skipped (skipped-document)`,
      'imported 2 ServiceGroups, 1 BGPConfiguration from 1 file, 8 warnings',
    ]);
  });

  it('--out writes one valid file per object', async () => {
    const out = path.join(tmp, 'out');
    const w = gitlb('import', 'metallb', METALLB, ...SUBNETS, '--out', out, '--schema-base', '../../schemas');
    expect(w.code).toBe(0);
    expect(w.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['bgpconfiguration-default.yaml', 'servicegroup-default.yaml', 'servicegroup-public.yaml']);
    expect(readFileSync(path.join(out, 'servicegroup-public.yaml'), 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/servicegroup.schema.json');
    const loaded = await loadConfig([out], { strict: true });
    expect(loaded.ok).toBe(true);
  });

  it('--format json gives {objects, warnings}', () => {
    const j = gitlb('import', 'metallb', METALLB, ...SUBNETS, '--format', 'json');
    expect(j.code).toBe(0);
    const parsed = JSON.parse(j.stdout) as { objects: Array<{ kind: string; name: string; object: unknown }>; warnings: Array<{ rule: string; file: string; line: number; col: number }> };
    expect(parsed.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['ServiceGroup/default', 'ServiceGroup/public', 'BGPConfiguration/default']);
    expect(parsed.warnings).toHaveLength(8);
    expect(parsed.warnings[0]).toMatchObject({ rule: 'no-equivalent', file: METALLB, line: 27, col: 5 });
  });

  it('never prints a password, in any format, from a Secret or a plain-text BGPPeer field', () => {
    const runs = [
      r,
      // Two different myASNs: an error run prints diagnostics only, and must not leak either.
      gitlb('import', 'metallb', METALLB, 'test/fixtures/metallb/plaintext-password.yaml', ...SUBNETS),
      gitlb('import', 'metallb', 'test/fixtures/metallb/plaintext-password.yaml', '--format', 'json'),
      gitlb('import', 'metallb', 'test/fixtures/metallb/legacy-configmap.yaml', '--format', 'json', ...SUBNETS),
    ];
    for (const x of runs) for (const s of SECRETS) expect(x.stdout + x.stderr).not.toContain(s);
    expect(runs.map((x) => x.code)).toEqual([0, 1, 0, 0]);
    expect(runs[2]!.stderr).toContain('test/fixtures/metallb/plaintext-password.yaml:12:3: warning: BGPPeer edge: the plain-text password is dropped');
    expect(runs[3]!.stderr).toContain('test/fixtures/metallb/legacy-configmap.yaml:21:7: warning: BGPPeer peer-1: the plain-text password is dropped');
  });

  it('errors exit 1 with located messages and write nothing', () => {
    const bad = path.join(tmp, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: metallb.io/v1beta2\nkind: BGPPeer\nmetadata:\n  name: x\nspec:\n  myASN: 64512\n  dynamicASN: external\n  peerAddress: 10.0.0.1\n');
    const e = gitlb('import', 'metallb', bad, '--out', path.join(tmp, 'never'));
    expect(e.code).toBe(1);
    expect(e.stdout).toBe('');
    expect(e.stderr).toMatch(/bad\.yaml:7:3: error: BGPPeer x: dynamicASN is not supported by gitlb/);
    expect(e.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readdirSync(tmp)).not.toContain('never');
  });

  it('a bad --node-subnet is a usage error', () => {
    const u = gitlb('import', 'metallb', METALLB, '--node-subnet', '192.168.10.0');
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('--node-subnet "192.168.10.0" is not a CIDR');
  });
});

describe('gitlb import metallb-services', () => {
  it('prints the kubectl annotate commands of the migration', () => {
    const r = gitlb('import', 'metallb-services', 'test/fixtures/metallb/cluster-state.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toContain('kubectl annotate --overwrite -n shop service storefront gitlb.io/allocated-from=public gitlb.io/service-group=public');
    expect(r.stderr).toBe('6 Services to annotate (of 6 LoadBalancer Services)\n');
  });
});

describe('gitlb import purelb', () => {
  it.each(['test/fixtures/valid/purelb-v1', 'test/fixtures/valid/purelb-v2'])('%s: the output validates and keeps no password', async (dir) => {
    const r = gitlb('import', 'purelb', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('imported 2 ServiceGroups, 1 LBNodeAgent, 1 BGPConfiguration from 3 files\n');
    const file = path.join(tmp, `${path.basename(dir)}.yaml`);
    writeFileSync(file, r.stdout);
    const loaded = await loadConfig([file], { strict: true });
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.ok).toBe(true);
  });

  it('an invalid input gives its located errors and exit 1; a plain-text password is never echoed', () => {
    const r = gitlb('import', 'purelb', 'test/fixtures/invalid/purelb-bgp-plaintext-password.yaml', 'test/fixtures/invalid/purelb-v1-flat-outside-subnet.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('test/fixtures/invalid/purelb-v1-flat-outside-subnet.yaml:9:11: error:');
    expect(r.stderr).toContain('(plaintext-password)');
    expect(r.stderr).not.toContain('hunter2');
  });
});

describe('gitlb validate --format gitlab', () => {
  it('prints a Code Quality report and exits 1 on an invalid tree', () => {
    const r = gitlb('validate', 'test/fixtures/invalid/purelb-v1-flat-outside-subnet.yaml', '--format', 'gitlab');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      expect.objectContaining({ check_name: 'pool-in-subnet', severity: 'major', location: { path: 'test/fixtures/invalid/purelb-v1-flat-outside-subnet.yaml', lines: { begin: 9 } } }),
    ]);
  });
});
