// The Helm chart, checked without `helm` (none can be installed here): the templates rendered
// by our own Go-template subset (go-template.ts), then the rendered objects checked for what a
// broken chart would get wrong: YAML, values that exist and are described, the exact RBAC, the
// agent's privileges, and flags the gitlb commands really take.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { register as registerAgent } from '../../reconciler/cli/agent.js';
import { register as registerReconcile } from '../../reconciler/cli/reconcile.js';
import { TemplateError, renderTemplate } from './go-template.js';
import { CHART_DIR, defaultValues, renderChart, templateSources, type Mapping } from './render-chart.js';

const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as Mapping;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validateValues = ajv.compile(schema);

/** The documented variants (charts/gitlb/README.md), as overrides of values.yaml. */
const VARIANTS: Record<string, Mapping> = {
  default: {},
  'git source with SSH key and signed commits': {
    reconciler: { source: 'git', git: { url: 'ssh://git@git.example.com/net/lb-config.git', sshKeySecret: 'gitlb-git-ssh', requireSignedCommits: true, allowedSigners: 'alice@example.com ssh-ed25519 AAAAC3Nza...\n' } },
  },
  'git source over https, no key': { reconciler: { source: 'git', git: { url: 'https://git.example.com/net/lb-config.git' } } },
  'git source without host key checking': { reconciler: { source: 'git', git: { url: 'git@git.example.com:net/lb-config.git', sshKeySecret: 'k', strictHostKeyChecking: false } } },
  'cluster source': { reconciler: { source: 'cluster' } },
  'external BIRD': { bird: { external: true } },
  'no BGP speaker': { bird: { enabled: false } },
  'ServiceMonitor on': { metrics: { serviceMonitor: { enabled: true, labels: { release: 'prometheus' } } } },
  'BGP password Secrets': { agent: { bgpPasswordSecrets: ['bgp-tor-a', 'bgp-tor-b'] } },
  'admission policy': { admissionPolicy: { enabled: true } },
  'pull secrets and placement': {
    imagePullSecrets: [{ name: 'regcred' }],
    reconciler: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }], affinity: { podAntiAffinity: {} } },
    agent: { nodeSelector: { 'gitlb.io/agent': 'true' } },
  },
};

interface K8sObject { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown }

/** Renders a variant and parses every YAML template; NOTES.txt is text and returned apart. */
function renderObjects(overrides: Mapping): { objects: K8sObject[]; notes: string } {
  const out = renderChart(overrides);
  const objects: K8sObject[] = [];
  for (const [file, text] of out) {
    if (file === 'NOTES.txt') continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}\n${text}`);
      const obj = doc.toJS() as K8sObject | null;
      if (obj === null) continue; // an empty document, e.g. a disabled template: Helm drops it
      objects.push(obj);
    }
  }
  return { objects, notes: out.get('NOTES.txt') ?? '' };
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
}

interface Container { name: string; args?: string[]; command?: string[]; env?: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>; securityContext?: Mapping & { capabilities?: { add?: string[]; drop?: string[] } }; volumeMounts?: Array<{ name: string; mountPath: string }> }
interface PodSpec { containers: Container[]; volumes?: Array<Mapping & { name: string }>; hostNetwork?: boolean; hostPID?: boolean; hostIPC?: boolean; serviceAccountName: string; tolerations?: Mapping[] }

function podSpec(o: K8sObject): PodSpec {
  return (o as unknown as { spec: { template: { spec: PodSpec } } }).spec.template.spec;
}

function container(spec: PodSpec, name: string): Container {
  const c = spec.containers.find((x) => x.name === name);
  if (!c) throw new Error(`no container ${name}`);
  return c;
}

/** `--flag` words of an argument list (values excluded). */
function flagsOf(args: string[]): string[] {
  return args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0] ?? a);
}

describe('the Go-template subset interpreter', () => {
  it('trims around {{- and -}}, ranges over lists, and pipes into functions as Helm does', () => {
    const src = 'a:\n  {{- range .Values.xs }}\n  - {{ . | quote }}\n  {{- end }}\nb: {{ .Values.missing | default "d" }}\nc:{{ toYaml .Values.m | nindent 2 }}\n';
    expect(renderTemplate(src, { Values: { xs: ['x', 'y'], m: { z: 1, a: [true] } } })).toBe('a:\n  - "x"\n  - "y"\nb: d\nc:\n  a:\n    - true\n  z: 1\n');
  });

  it('follows Go truth for if: empty lists and maps and "" are false', () => {
    const src = '{{ if .Values.a }}A{{ else }}a{{ end }}{{ if .Values.b }}B{{ end }}{{ if not .Values.c }}C{{ end }}{{ if eq .Values.d "x" }}D{{ end }}';
    expect(renderTemplate(src, { Values: { a: [], b: {}, c: '', d: 'x' } })).toBe('aCD');
  });

  it('refuses what it does not implement rather than rendering it wrong', () => {
    expect(() => renderTemplate('{{ include "x" . }}', { Values: {} })).toThrow(TemplateError);
    expect(() => renderTemplate('{{ with .Values.a }}{{ end }}', { Values: {} })).toThrow(TemplateError);
    expect(() => renderTemplate('{{ .Values.a | upper }}', { Values: { a: 'x' } })).toThrow(TemplateError);
    expect(() => renderTemplate('{{ .Values.a.b }}', { Values: {} })).toThrow(/nil pointer/);
  });
});

describe('values', () => {
  it('values.yaml validates against values.schema.json', () => {
    expect(validateValues(defaultValues()), JSON.stringify(validateValues.errors)).toBe(true);
  });

  it('every documented variant validates too', async () => {
    const { mergeValues } = await import('./render-chart.js');
    for (const [name, over] of Object.entries(VARIANTS)) {
      expect(validateValues(mergeValues(defaultValues(), over)), `${name}: ${JSON.stringify(validateValues.errors)}`).toBe(true);
    }
  });

  it('the schema rejects a git source without a URL, an unknown key and a wrong type', async () => {
    const { mergeValues } = await import('./render-chart.js');
    expect(validateValues(mergeValues(defaultValues(), { reconciler: { source: 'git' } }))).toBe(false);
    expect(validateValues(mergeValues(defaultValues(), { reconciler: { replica: 2 } }))).toBe(false);
    expect(validateValues(mergeValues(defaultValues(), { bird: { external: 'yes' } }))).toBe(false);
    expect(validateValues(mergeValues(defaultValues(), { reconciler: { source: 'dir' } }))).toBe(false);
  });

  it('every value in values.yaml has a schema entry with a description', () => {
    const missing: string[] = [];
    const walk = (value: unknown, node: Mapping | undefined, at: string): void => {
      const s = resolve(node);
      if (!s || typeof s.description !== 'string' || s.description.length === 0) missing.push(at);
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && s?.properties) {
        // Free-form maps (resources, nodeSelector, labels) are described as a whole.
        for (const [k, v] of Object.entries(value)) walk(v, (s.properties as Record<string, Mapping>)[k], `${at}.${k}`);
      }
    };
    for (const [k, v] of Object.entries(defaultValues())) walk(v, (schema.properties as Record<string, Mapping>)[k], k);
    expect(missing).toEqual([]);
  });

  it('every .Values path a template references exists in values.yaml and in the schema', () => {
    const refs = new Set<string>();
    for (const src of templateSources().values()) {
      for (const m of src.matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g)) refs.add((m[1] ?? '').slice(1));
    }
    expect(refs.size).toBeGreaterThan(20);
    const values = defaultValues();
    const notInValues: string[] = [];
    const notInSchema: string[] = [];
    for (const ref of refs) {
      let v: unknown = values;
      let s: Mapping | undefined = schema;
      for (const key of ref.split('.')) {
        v = typeof v === 'object' && v !== null && key in v ? (v as Mapping)[key] : undefined;
        s = resolve(s);
        s = s?.properties ? (s.properties as Record<string, Mapping>)[key] : undefined;
      }
      if (v === undefined) notInValues.push(ref);
      if (s === undefined) notInSchema.push(ref);
    }
    expect({ notInValues, notInSchema }).toEqual({ notInValues: [], notInSchema: [] });
  });
});

/** Follows a local `$ref` (this schema uses `#/$defs/x` only). */
function resolve(node: Mapping | undefined): Mapping | undefined {
  if (!node || typeof node.$ref !== 'string') return node;
  const name = node.$ref.replace('#/$defs/', '');
  const def = (schema.$defs as Record<string, Mapping>)[name];
  // The referring node's own description wins, like the schema's annotation semantics.
  return def ? { ...def, ...node } : undefined;
}

describe('rendering', () => {
  for (const [name, over] of Object.entries(VARIANTS)) {
    it(`${name}: every template renders to valid Kubernetes YAML`, () => {
      const { objects, notes } = renderObjects(over);
      expect(objects.length).toBeGreaterThanOrEqual(11);
      for (const o of objects) {
        expect(typeof o.apiVersion, JSON.stringify(o)).toBe('string');
        expect(typeof o.kind).toBe('string');
        expect(o.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
        const clusterScoped = ['ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'].includes(o.kind);
        expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(clusterScoped ? undefined : 'gitlb-system');
      }
      const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
      expect(new Set(keys).size, 'duplicate objects').toBe(keys.length);
      expect(notes).toContain('gitlb-system');
      expect(notes).not.toMatch(/\{\{|<no value>/);
    });
  }

  it('the CRDs in crds/ (installed by Helm unrendered) are CustomResourceDefinitions of gitlb.io', () => {
    const dir = path.join(CHART_DIR, 'crds');
    const files = readdirSync(dir);
    expect(files.length).toBe(6);
    for (const f of files) {
      const crd = parseAllDocuments(readFileSync(path.join(dir, f), 'utf8'))[0]?.toJS() as { kind: string; spec: { group: string } };
      expect(crd.kind).toBe('CustomResourceDefinition');
      expect(crd.spec.group).toBe('gitlb.io');
    }
  });

  it('conditional objects appear only when asked for', () => {
    const kinds = (over: Mapping): string[] => renderObjects(over).objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds({})).not.toContain('ServiceMonitor/gitlb');
    expect(kinds(VARIANTS['ServiceMonitor on'] ?? {})).toContain('ServiceMonitor/gitlb');
    expect(kinds({})).not.toContain('ValidatingAdmissionPolicy/gitlb-agent-own-node');
    expect(kinds(VARIANTS['admission policy'] ?? {})).toEqual(expect.arrayContaining(['ValidatingAdmissionPolicy/gitlb-agent-own-node', 'ValidatingAdmissionPolicyBinding/gitlb-agent-own-node']));
    expect(kinds({})).not.toContain('ConfigMap/gitlb-allowed-signers');
    expect(kinds(VARIANTS['git source with SSH key and signed commits'] ?? {})).toContain('ConfigMap/gitlb-allowed-signers');
  });
});

describe('the reconciler Deployment', () => {
  // The flags `gitlb reconcile` really defines.
  const RECONCILE_FLAGS = ((): string[] => {
    const program = new Command();
    registerReconcile(program);
    return program.commands[0]?.options.map((o) => o.long ?? '') ?? [];
  })();

  it('knows the reconcile command', () => {
    expect(RECONCILE_FLAGS).toEqual(expect.arrayContaining(['--git', '--source', '--leader-elect', '--metrics-listen']));
  });

  it('cluster source: 2 replicas, leader election, --source cluster, no git flags', () => {
    const d = find(renderObjects({}).objects, 'Deployment', 'gitlb-reconciler');
    expect((d as unknown as { spec: { replicas: number } }).spec.replicas).toBe(2);
    const c = container(podSpec(d), 'reconciler');
    expect(c.args).toEqual(['reconcile', '--source', 'cluster', '--leader-elect', '--metrics-listen', '0.0.0.0:9471']);
  });

  it('git source: url, branch, path, interval, signed commits; SSH key mounted with GIT_SSH_COMMAND', () => {
    const spec = podSpec(find(renderObjects(VARIANTS['git source with SSH key and signed commits'] ?? {}).objects, 'Deployment', 'gitlb-reconciler'));
    const c = container(spec, 'reconciler');
    expect(c.args).toEqual(['reconcile', '--git', 'ssh://git@git.example.com/net/lb-config.git', '--branch', 'main', '--path', '.', '--interval', '30s',
      '--require-signed-commits', '--allowed-signers', '/etc/gitlb/signers/allowed_signers', '--leader-elect', '--metrics-listen', '0.0.0.0:9471']);
    for (const f of flagsOf(c.args ?? [])) expect(RECONCILE_FLAGS).toContain(f);
    const ssh = c.env?.find((e) => e.name === 'GIT_SSH_COMMAND')?.value ?? '';
    expect(ssh).toContain('-i /etc/gitlb/ssh/identity');
    expect(ssh).toContain('StrictHostKeyChecking=yes');
    expect(c.volumeMounts?.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/etc/gitlb/ssh', '/etc/gitlb/signers']));
    expect(spec.volumes?.find((v) => v.name === 'ssh-key')).toMatchObject({ secret: { secretName: 'gitlb-git-ssh' } });
  });

  it('https git source: no key, no GIT_SSH_COMMAND', () => {
    const c = container(podSpec(find(renderObjects(VARIANTS['git source over https, no key'] ?? {}).objects, 'Deployment', 'gitlb-reconciler')), 'reconciler');
    expect(c.env?.some((e) => e.name === 'GIT_SSH_COMMAND')).toBe(false);
    expect(c.args?.slice(0, 3)).toEqual(['reconcile', '--git', 'https://git.example.com/net/lb-config.git']);
  });

  it('runs as non-root with no capabilities', () => {
    const spec = podSpec(find(renderObjects({}).objects, 'Deployment', 'gitlb-reconciler'));
    const c = container(spec, 'reconciler');
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(c.securityContext?.capabilities?.add).toBeUndefined();
    expect((spec as unknown as { securityContext: Mapping }).securityContext).toMatchObject({ runAsNonRoot: true });
  });
});

describe('the agent DaemonSet', () => {
  const agentOptions = (): string[] => {
    const program = new Command();
    registerAgent(program);
    return program.commands[0]?.options.map((o) => o.long ?? '') ?? [];
  };

  it('passes only flags `gitlb agent` defines, with --node from spec.nodeName', () => {
    const known = agentOptions();
    expect(known).toContain('--bird-socket');
    for (const [name, over] of Object.entries(VARIANTS)) {
      const c = container(podSpec(find(renderObjects(over).objects, 'DaemonSet', 'gitlb-agent')), 'agent');
      expect(c.args?.[0]).toBe('agent');
      for (const f of flagsOf(c.args ?? [])) expect(known, `${name}: ${f}`).toContain(f);
      expect(c.args?.[c.args.indexOf('--node') + 1]).toBe('$(NODE_NAME)');
      expect(c.env?.find((e) => e.name === 'NODE_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('spec.nodeName');
    }
  });

  it('has NET_ADMIN and NET_RAW and nothing else, in every variant', () => {
    for (const [name, over] of Object.entries(VARIANTS)) {
      const spec = podSpec(find(renderObjects(over).objects, 'DaemonSet', 'gitlb-agent'));
      expect(spec.hostNetwork, name).toBe(true);
      expect(spec.hostPID).toBeUndefined();
      expect(spec.hostIPC).toBeUndefined();
      const c = container(spec, 'agent');
      expect(c.securityContext, name).toEqual({
        runAsUser: 0, runAsNonRoot: false, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
        capabilities: { add: ['NET_ADMIN', 'NET_RAW'], drop: ['ALL'] },
      });
      // No other container may be privileged; the BIRD sidecar's extra right is named.
      for (const other of spec.containers.filter((x) => x.name !== 'agent')) {
        expect(other.name).toBe('bird');
        expect(other.securityContext?.privileged).toBeUndefined();
        expect(other.securityContext?.capabilities).toEqual({ add: ['NET_ADMIN', 'NET_BIND_SERVICE', 'NET_RAW'], drop: ['ALL'] });
      }
      // hostPath only for the external BIRD's directory.
      const hostPaths = (spec.volumes ?? []).filter((v) => 'hostPath' in v);
      expect(hostPaths.length, name).toBe(over === VARIANTS['external BIRD'] ? 1 : 0);
    }
  });

  it('BIRD sidecar shares the socket via an emptyDir; external BIRD uses a hostPath and no sidecar; bird off: no BIRD flags', () => {
    const sidecar = podSpec(find(renderObjects({}).objects, 'DaemonSet', 'gitlb-agent'));
    expect(sidecar.containers.map((c) => c.name)).toEqual(['agent', 'bird']);
    expect(sidecar.volumes).toEqual([{ name: 'bird-run', emptyDir: { medium: 'Memory' } }]);
    const bird = container(sidecar, 'bird');
    expect(bird.args?.[0]).toContain('bird -f -c /run/gitlb/bird.conf -s /run/gitlb/bird.ctl');
    expect(bird.volumeMounts).toEqual([{ name: 'bird-run', mountPath: '/run/gitlb' }]);
    const agentArgs = container(sidecar, 'agent').args ?? [];
    expect(agentArgs.slice(agentArgs.indexOf('--bird-socket'))).toEqual(['--bird-socket', '/run/gitlb/bird.ctl', '--bird-config', '/run/gitlb/bird.conf']);

    const external = podSpec(find(renderObjects({ bird: { external: true } }).objects, 'DaemonSet', 'gitlb-agent'));
    expect(external.containers.map((c) => c.name)).toEqual(['agent']);
    expect(external.volumes).toEqual([{ name: 'bird-run', hostPath: { path: '/run/gitlb-bird', type: 'DirectoryOrCreate' } }]);
    expect(container(external, 'agent').args).toContain('--bird-socket');

    const none = podSpec(find(renderObjects({ bird: { enabled: false } }).objects, 'DaemonSet', 'gitlb-agent'));
    expect(none.containers.map((c) => c.name)).toEqual(['agent']);
    expect(none.volumes).toBeUndefined();
    expect(flagsOf(container(none, 'agent').args ?? [])).toEqual(['--node', '--namespace', '--metrics-listen']);
  });

  it('tolerates every taint by default', () => {
    expect(podSpec(find(renderObjects({}).objects, 'DaemonSet', 'gitlb-agent')).tolerations).toEqual([{ operator: 'Exists' }]);
  });
});

describe('RBAC', () => {
  type Rule = string; // "group resource verb[ resourceName]": one row per permission, so a diff names it
  const rows = (objects: K8sObject[], kind: string, name: string): Rule[] => {
    const rules = (find(objects, kind, name) as unknown as { rules: Array<{ apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }> }).rules;
    const out: Rule[] = [];
    for (const r of rules) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) {
      for (const n of r.resourceNames ?? ['*']) out.push(`${g || 'core'} ${res} ${v}${n === '*' ? '' : ` ${n}`}`);
    }
    return out.sort();
  };
  const expand = (table: Array<[string, string, string]>): Rule[] =>
    table.flatMap(([g, res, verbs]) => verbs.split(',').map((v) => `${g} ${res} ${v}`)).sort();

  // The minimal set, by reason: see the comments in templates/*-rbac.yaml.
  const RECONCILER_CLUSTER: Array<[string, string, string]> = [
    ['core', 'services', 'get,list,watch,update,patch'],
    ['core', 'services/status', 'update,patch'],
    ['core', 'nodes', 'get,list,watch'],
    ['discovery.k8s.io', 'endpointslices', 'get,list,watch'],
    ['core', 'events', 'create'],
    ['gitlb.io', 'nodeannouncements', 'get,list,watch,create,update,patch,delete'],
    ['gitlb.io', 'sharedannouncements', 'get,list,watch,create,update,patch,delete'],
    ['gitlb.io', 'reconcilerstatuses', 'get,list,watch,create,update,patch,delete'],
    ['gitlb.io', 'nodeannouncements/status', 'get,update,patch'],
    ['gitlb.io', 'sharedannouncements/status', 'get,update,patch'],
    ['gitlb.io', 'reconcilerstatuses/status', 'get,update,patch'],
    ['gitlb.io', 'servicegroups', 'get,list,watch'],
    ['gitlb.io', 'lbnodeagents', 'get,list,watch'],
    ['gitlb.io', 'bgpconfigurations', 'get,list,watch'],
  ];
  const RECONCILER_NAMESPACE: Array<[string, string, string]> = [['coordination.k8s.io', 'leases', 'get,list,watch,create,update']];
  const AGENT_CLUSTER: Array<[string, string, string]> = [
    ['gitlb.io', 'nodeannouncements', 'get,list,watch'],
    ['gitlb.io', 'sharedannouncements', 'get,list,watch'],
    ['gitlb.io', 'nodeannouncements/status', 'patch'],
  ];
  const AGENT_NAMESPACE: Array<[string, string, string]> = [['coordination.k8s.io', 'leases', 'get,create,update']];

  it('the reconciler has exactly the minimal rules', () => {
    const { objects } = renderObjects({});
    expect(rows(objects, 'ClusterRole', 'gitlb-reconciler')).toEqual(expand(RECONCILER_CLUSTER));
    expect(rows(objects, 'Role', 'gitlb-reconciler')).toEqual(expand(RECONCILER_NAMESPACE));
  });

  it('the agent has exactly the minimal rules, and Secrets only by name when BGP passwords are configured', () => {
    const plain = renderObjects({}).objects;
    expect(rows(plain, 'ClusterRole', 'gitlb-agent')).toEqual(expand(AGENT_CLUSTER));
    expect(rows(plain, 'Role', 'gitlb-agent')).toEqual(expand(AGENT_NAMESPACE));
    const withSecrets = renderObjects(VARIANTS['BGP password Secrets'] ?? {}).objects;
    expect(rows(withSecrets, 'Role', 'gitlb-agent')).toEqual([...expand(AGENT_NAMESPACE), 'core secrets get bgp-tor-a', 'core secrets get bgp-tor-b'].sort());
  });

  it('bindings tie each role to its own ServiceAccount in the release namespace', () => {
    const { objects } = renderObjects({});
    for (const [kind, roleKind] of [['ClusterRoleBinding', 'ClusterRole'], ['RoleBinding', 'Role']] as const) {
      for (const who of ['gitlb-reconciler', 'gitlb-agent']) {
        expect(find(objects, kind, who)).toMatchObject({
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: who },
          subjects: [{ kind: 'ServiceAccount', name: who, namespace: 'gitlb-system' }],
        });
      }
    }
    expect(podSpec(find(objects, 'DaemonSet', 'gitlb-agent')).serviceAccountName).toBe('gitlb-agent');
    expect(podSpec(find(objects, 'Deployment', 'gitlb-reconciler')).serviceAccountName).toBe('gitlb-reconciler');
  });
});
