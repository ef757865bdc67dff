// examples/argocd and examples/flux: the Argo CD Lua health checks run through a real Lua
// interpreter (Debian's lua5.4) on every fixture of Argo CD's own test layout
// (health/<group>/<Kind>/health_test.yaml + testdata/), the argocd-cm copy of the Lua is the
// same text, the fixtures are valid objects of their kind (the kind's JSON Schema), and the
// Application / HelmRelease values are valid chart values.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { defaultValues, mergeValues, type Mapping } from '../chart/render-chart.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARGO = path.join(ROOT, 'examples/argocd');
const FLUX = path.join(ROOT, 'examples/flux');
const HEALTH = path.join(ARGO, 'health/gitlb.io');
const LUA = 'lua5.4';

/** A JSON-like value as a Lua table constructor (what Argo CD hands the script as `obj`). */
export function toLuaLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') {
    // JSON string escapes are Lua escapes too, except \uXXXX (Lua 5.3+: \u{XXXX}).
    return JSON.stringify(v).replace(/\\u([0-9a-fA-F]{4})/g, '\\u{$1}');
  }
  if (Array.isArray(v)) return `{${v.map(toLuaLiteral).join(', ')}}`;
  if (typeof v === 'object') {
    return `{${Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => `[${toLuaLiteral(k)}] = ${toLuaLiteral(x)}`).join(', ')}}`;
  }
  throw new Error(`no Lua form for ${typeof v}`);
}

/** Runs health.lua with `obj` set, as Argo CD does; returns what it returned. */
function runHealth(luaFile: string, obj: unknown): { status: string; message: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-lua-'));
  const runner = path.join(dir, 'run.lua');
  writeFileSync(runner, `obj = ${toLuaLiteral(obj)}\nlocal hs = dofile(${JSON.stringify(luaFile)})\nio.write(tostring(hs.status), "\\0", tostring(hs.message))\n`);
  const r = spawnSync(LUA, [runner], { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${LUA} (Debian package lua5.4): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${LUA} failed: ${r.stderr}`);
  const [status = '', message = ''] = r.stdout.split('\0');
  return { status, message };
}

interface HealthTest { tests: Array<{ healthStatus: { status: string; message: string }; inputPath: string }> }

const schemaFor = (kind: string): Mapping => JSON.parse(readFileSync(path.join(ROOT, 'schemas', `${kind.toLowerCase()}.schema.json`), 'utf8')) as Mapping;
const ajv = new Ajv2020({ allErrors: true, strict: false });

describe('Argo CD Lua health checks (run by lua5.4)', () => {
  it('the Lua literal of a fixture round-trips through Lua, escapes included', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-lua-'));
    const f = path.join(dir, 'echo.lua');
    writeFileSync(f, 'io.write(obj.a[2].b .. "|" .. tostring(obj.n) .. "|" .. tostring(#obj.e) .. "|" .. tostring(obj.t))\n');
    const r = spawnSync(LUA, ['-e', `obj = ${toLuaLiteral({ a: [1, { b: 'q"\\\n\u00e9`' }], n: 4, e: [], t: true, z: null })}`, f], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('q"\\\n\u00e9`|4|0|true');
  });

  const kinds = readdirSync(HEALTH);
  it('covers NodeAnnouncement and ReconcilerStatus', () => {
    expect(kinds.sort()).toEqual(['NodeAnnouncement', 'ReconcilerStatus']);
  });

  for (const kind of kinds) {
    const dir = path.join(HEALTH, kind);
    const spec = parse(readFileSync(path.join(dir, 'health_test.yaml'), 'utf8')) as HealthTest;
    const validate = ajv.compile(schemaFor(kind));

    it(`${kind}: every testdata file is listed in health_test.yaml, and every verdict is covered`, () => {
      const listed = spec.tests.map((t) => t.inputPath).sort();
      expect(listed).toEqual(readdirSync(path.join(dir, 'testdata')).map((f) => `testdata/${f}`).sort());
      expect(new Set(spec.tests.map((t) => t.healthStatus.status))).toEqual(new Set(['Healthy', 'Progressing', 'Degraded']));
    });

    for (const t of spec.tests) {
      it(`${kind} ${t.inputPath} → ${t.healthStatus.status}`, () => {
        const obj = parse(readFileSync(path.join(dir, t.inputPath), 'utf8')) as unknown;
        expect(validate(obj), `fixture is not a valid ${kind}: ${JSON.stringify(validate.errors)}`).toBe(true);
        expect(runHealth(path.join(dir, 'health.lua'), obj)).toEqual(t.healthStatus);
      });
    }
  }

  it('argocd-cm carries exactly the Lua of health/<group>/<Kind>/health.lua, under Argo CD\'s key names', () => {
    const cm = parse(readFileSync(path.join(ARGO, 'argocd-cm.yaml'), 'utf8')) as { kind: string; metadata: { name: string }; data: Record<string, string> };
    expect(cm.kind).toBe('ConfigMap');
    expect(cm.metadata.name).toBe('argocd-cm');
    expect(Object.keys(cm.data).sort()).toEqual(kinds.map((k) => `resource.customizations.health.gitlb.io_${k}`).sort());
    for (const k of kinds) expect(cm.data[`resource.customizations.health.gitlb.io_${k}`]).toBe(readFileSync(path.join(HEALTH, k, 'health.lua'), 'utf8'));
  });
});

const validateValues = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true })
  .compile(JSON.parse(readFileSync(path.join(ROOT, 'charts/gitlb/values.schema.json'), 'utf8')) as Mapping);

describe('Argo CD Applications', () => {
  const app = (f: string) => parse(readFileSync(path.join(ARGO, f), 'utf8')) as { kind: string; spec: { source: { path: string; helm?: { valuesObject: Mapping }; directory?: Mapping }; destination: Mapping; syncPolicy: { syncOptions: string[] } } };

  it('the chart Application points at charts/gitlb in source: cluster mode with valid values', () => {
    const a = app('gitlb-chart-application.yaml');
    expect(a.kind).toBe('Application');
    expect(a.spec.source.path).toBe('charts/gitlb');
    expect(existsSync(path.join(ROOT, a.spec.source.path, 'Chart.yaml'))).toBe(true);
    const values = mergeValues(defaultValues(), a.spec.source.helm?.valuesObject ?? {});
    expect(validateValues(values), JSON.stringify(validateValues.errors)).toBe(true);
    expect(values.reconciler).toMatchObject({ source: 'cluster' });
    expect(a.spec.destination.namespace).toBe('gitlb-system');
    expect(a.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
  });

  it('the config Application applies a directory, cluster-scoped, tolerating CRDs that arrive in the same sync', () => {
    const a = app('gitlb-config-application.yaml');
    expect(a.spec.source.directory).toMatchObject({ recurse: true });
    expect(a.spec.destination.namespace).toBeUndefined();
    expect(a.spec.syncPolicy.syncOptions).toContain('SkipDryRunOnMissingResource=true');
  });
});

describe('Flux', () => {
  const docs = (f: string) => parseAllDocuments(readFileSync(path.join(FLUX, f), 'utf8')).map((d) => d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; spec: Mapping });
  const crdKinds = readdirSync(path.join(ROOT, 'charts/gitlb/crds')).map((f) => (parse(readFileSync(path.join(ROOT, 'charts/gitlb/crds', f), 'utf8')) as { spec: { names: { kind: string } } }).spec.names.kind);

  it('the HelmRelease installs charts/gitlb in source: cluster mode with valid values, CRDs create-or-replace', () => {
    const hr = docs('gitlb-chart.yaml').find((d) => d.kind === 'HelmRelease');
    expect(hr?.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
    expect(hr?.spec).toMatchObject({ chart: { spec: { chart: 'charts/gitlb', sourceRef: { kind: 'GitRepository', name: 'gitlb' } } }, install: { crds: 'CreateReplace' }, upgrade: { crds: 'CreateReplace' } });
    const values = mergeValues(defaultValues(), (hr?.spec.values ?? {}) as Mapping);
    expect(validateValues(values), JSON.stringify(validateValues.errors)).toBe(true);
  });

  it('the config Kustomization waits, and its healthChecks and healthCheckExprs name gitlb kinds that exist', () => {
    const ks = docs('gitlb-config.yaml').find((d) => d.kind === 'Kustomization' && d.metadata.name === 'gitlb-config');
    const spec = ks?.spec as { wait: boolean; dependsOn: Array<{ name: string }>; healthChecks: Array<{ apiVersion: string; kind: string }>; healthCheckExprs: Array<{ apiVersion: string; kind: string; current: string; inProgress: string; failed: string }> };
    expect(spec.wait).toBe(true);
    expect(spec.dependsOn).toEqual([{ name: 'gitlb-chart' }]);
    for (const h of [...spec.healthChecks, ...spec.healthCheckExprs]) {
      expect(h.apiVersion).toBe('gitlb.io/v1');
      expect(crdKinds).toContain(h.kind);
    }
    expect(spec.healthCheckExprs.map((e) => e.kind).sort()).toEqual(['NodeAnnouncement', 'ReconcilerStatus']);
    for (const e of spec.healthCheckExprs) {
      // kstatus: Ready=True current; Stalled=True failed; Reconciling=True or an older observedGeneration in progress.
      expect(e.current).toContain("c.type == 'Ready' && c.status == 'True'");
      expect(e.failed).toContain("c.type == 'Stalled' && c.status == 'True'");
      expect(e.inProgress).toContain("c.type == 'Reconciling' && c.status == 'True'");
      expect(e.inProgress).toContain('< metadata.generation');
    }
  });
});
