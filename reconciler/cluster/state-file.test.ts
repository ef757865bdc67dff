// The state-file reader: kubectl's List, multi-document YAML and JSON; located errors; unknown
// kinds skipped; order-independent output; the shipped example reads cleanly.
import { describe, expect, it } from 'vitest';
import { parse as yamlParse } from 'yaml';
import { parseStateFile, readStateFile } from './state-file.js';

const svcYaml = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  creationTimestamp: "2026-10-02T09:30:00Z"
  annotations:
    purelb.io/service-group: default
    kubectl.kubernetes.io/last-applied-configuration: '{"apiVersion":"v1","kind":"Service"}'
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ipFamilies: [IPv4, IPv6]
  ipFamilyPolicy: RequireDualStack
  ports:
    - port: 80
    - port: 53
      protocol: UDP
status:
  loadBalancer:
    ingress:
      - ip: 192.168.10.240
      - ip: "FD00:0:0::1"
      - hostname: lb.example.com
`;
const nodeYaml = `apiVersion: v1
kind: Node
metadata:
  name: node-a
  labels: {rack: r1}
status:
  addresses:
    - {type: InternalIP, address: 192.168.10.11}
    - {type: ExternalIP, address: 203.0.113.1}
  conditions:
    - {type: Ready, status: "True"}
`;
const sliceYaml = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
  namespace: default
  labels: {kubernetes.io/service-name: web}
endpoints:
  - {addresses: [10.0.0.1], nodeName: node-b, conditions: {ready: true}}
  - {addresses: [10.0.0.2], nodeName: node-a}
  - {addresses: [10.0.0.3], nodeName: node-c, conditions: {ready: false}}
`;
const naYaml = `apiVersion: gitlb.io/v1
kind: NodeAnnouncement
metadata: {name: node-a, generation: 2, uid: x, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  revision: r
  holdsShared: true
  localInterface: default
  dummyInterface: kube-lb0
  garp: {enabled: true, count: 1, intervalMs: 0}
  managedRanges: [192.168.10.0/24]
  addresses: []
status:
  observedGeneration: 2
  interfaces:
    - {name: eth0, role: local, default: true, addresses: [192.168.10.11/24]}
  conditions:
    - {type: Ready, status: "False"}
`;
const indent = (s: string): string => s.split('\n').map((l, i) => (l === '' ? l : i === 0 ? `  - ${l}` : `    ${l}`)).join('\n');

describe('parseStateFile', () => {
  const multi = [svcYaml, nodeYaml, sliceYaml, naYaml].join('---\n');
  const list = `apiVersion: v1\nkind: List\nitems:\n${[svcYaml, nodeYaml, sliceYaml, naYaml].map(indent).join('')}`;

  it('reads multi-document YAML into what planning needs (only gitlb/PureLB annotations kept)', () => {
    const r = parseStateFile(multi, 'state.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.services).toEqual([
      {
        namespace: 'default',
        name: 'web',
        uid: null,
        resourceVersion: null,
        creationTimestamp: '2026-10-02T09:30:00Z',
        type: 'LoadBalancer',
        loadBalancerClass: null,
        externalTrafficPolicy: 'Local',
        ipFamilies: [4, 6],
        ipFamilyPolicy: 'RequireDualStack',
        ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
        loadBalancerIP: null,
        annotations: { 'purelb.io/service-group': 'default' },
        ingress: ['192.168.10.240', 'fd00::1'],
      },
    ]);
    expect(r.value.readyEndpointNodes).toEqual({ 'default/web': ['node-a', 'node-b'] });
    expect(r.value.nodes).toEqual([
      {
        name: 'node-a',
        labels: { rack: 'r1' },
        ready: true,
        internalIPs: ['192.168.10.11'],
        leaseFresh: null,
        agent: { interfaces: [{ name: 'eth0', role: 'local', default: true, addresses: ['192.168.10.11/24'] }], sessions: [], ready: 'False', observedGeneration: 2 },
      },
    ]);
    expect(r.value.nodeAnnouncements[0]!.metadata).toEqual({ name: 'node-a', generation: 2 });
  });

  it('a v1 List gives the same result as multi-document YAML', () => {
    const a = parseStateFile(multi, 's.yaml');
    const b = parseStateFile(list, 's.yaml');
    expect(b).toEqual(a);
  });

  it('JSON (kubectl -o json) gives the same result', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: multi.split('---\n').map((doc) => yamlParse(doc) as unknown) }, null, 2);
    expect(parseStateFile(json, 's.json')).toEqual(parseStateFile(multi, 's.yaml'));
  });

  it('the order of objects in the file changes nothing', () => {
    const reversed = [naYaml, sliceYaml, nodeYaml, svcYaml].join('---\n');
    expect(parseStateFile(reversed, 's.yaml')).toEqual(parseStateFile(multi, 's.yaml'));
  });

  it('unknown kinds are skipped and counted', () => {
    const r = parseStateFile(`${multi}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: y}\n`, 's.yaml');
    expect(r).toMatchObject({ ok: true, skipped: 2 });
  });

  it('an empty file is an empty cluster', () => {
    expect(parseStateFile('\n', 's.yaml')).toMatchObject({ ok: true, value: { services: [], nodes: [] } });
  });

  const bad: Array<[string, string, { line: number; col: number; message: RegExp }]> = [
    ['a Service without a name', 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: x\n', { line: 4, col: 3, message: /metadata.name is required/ }],
    ['an ingress ip that is not an address', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nstatus:\n  loadBalancer:\n    ingress:\n      - ip: 300.1.1.1\n', { line: 7, col: 13, message: /not an IP address: 300.1.1.1/ }],
    ['a bad externalTrafficPolicy', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  externalTrafficPolicy: Sometimes\n', { line: 5, col: 26, message: /Cluster or Local/ }],
    ['ports that are not a list', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: 80\n', { line: 5, col: 10, message: /spec.ports must be a list/ }],
    ['a bad address in an agent report', `${naYaml.replace('192.168.10.11/24', 'eth0-address')}`, { line: 15, col: 60, message: /must be address\/prefix/ }],
    ['YAML syntax', 'apiVersion: v1\nkind: Service\nmetadata: {name: a\n', { line: 4, col: 1, message: /./ }],
  ];
  for (const [desc, text, want] of bad) {
    it(`located error: ${desc}`, () => {
      const r = parseStateFile(text, 'state.yaml');
      expect(r.ok).toBe(false);
      const diag = r.diagnostics[0]!;
      expect(diag.loc).toEqual({ file: 'state.yaml', line: want.line, col: want.col });
      expect(diag.message).toMatch(want.message);
    });
  }

  it('located error inside a JSON List (fast path re-read with positions)', () => {
    const json = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "a"}},\n    {"apiVersion": "v1", "kind": "Node", "metadata": {"name": 7}}\n  ]\n}\n';
    const r = parseStateFile(json, 'state.json');
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.loc).toEqual({ file: 'state.json', line: 6, col: 63 });
  });
});

describe('readStateFile', () => {
  it('reads the shipped example', async () => {
    const r = await readStateFile('examples/basic/cluster-state.yaml');
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.nodes.map((n) => [n.name, n.ready, n.internalIPs, n.agent !== null])).toEqual([
      ['node-a', true, ['192.168.10.11'], true],
      ['node-b', true, ['192.168.10.12'], true],
      ['node-c', true, ['192.168.10.13'], false],
    ]);
    expect(r.value.readyEndpointNodes).toEqual({ 'shop/storefront': ['node-a', 'node-c'] });
  });

  it('a missing file is an error, not a crash', async () => {
    const r = await readStateFile('/nonexistent/state.yaml');
    expect(r).toMatchObject({ ok: false, diagnostics: [{ rule: 'state-read' }] });
  });
});
