// The real kubectl (v1.32) against the emulator: discovery, OpenAPI-driven create with
// server-side validation, merge and status patches, delete, watch, and printed tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { objectsOf } from '../../reconciler/emulator/emulator.js';
import { kubectl, kubectlStream, startHarness, waitFor, type Harness } from './harness.js';

const serviceYaml = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: default
  labels: {app: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports:
  - port: 80
`;

const announcementYaml = (name: string, extra = ''): string => `apiVersion: gitlb.io/v1
kind: NodeAnnouncement
metadata:
  name: ${name}
spec:
  revision: abc123
  holdsShared: true
  localInterface: default
  dummyInterface: kube-lb0
  garp: {enabled: true, count: 3, intervalMs: 500}
  managedRanges: [192.168.10.0/24]
  addresses:
  - {address: 192.168.10.240, prefixLength: 24, interface: eth0, kind: local, services: [default/web]}
${extra}`;

let h: Harness;
// A frozen clock: creation times and the server's AGE column are then exact (0s, or what a test advances).
let now = new Date('2026-11-25T10:00:00Z');

beforeAll(async () => {
  h = await startHarness({ now: () => now });
  h.emulator.seed([
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node-a', labels: { 'node-role.kubernetes.io/control-plane': '' } },
      status: {
        conditions: [{ type: 'Ready', status: 'True' }],
        addresses: [{ type: 'InternalIP', address: '192.168.10.11' }],
        nodeInfo: { kubeletVersion: 'v1.32.0' },
      },
    },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } },
  ]);
});

afterAll(async () => {
  await h.stop();
});

/** Output lines, trailing blanks trimmed. */
function lines(out: string): string[] {
  return out.trimEnd().split('\n').map((l) => l.trimEnd());
}

describe('kubectl against the emulator', () => {
  it('get nodes prints the real server columns', async () => {
    const r = await kubectl(h, ['get', 'nodes']);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toEqual([
      'NAME     STATUS     ROLES           AGE   VERSION',
      'node-a   Ready      control-plane   0s    v1.32.0',
      'node-b   NotReady   <none>          0s',
    ]);
    now = new Date(now.getTime() + 5 * 60_000 + 7_000);
    const later = await kubectl(h, ['get', 'node', 'node-b']);
    expect(lines(later.stdout)).toEqual(['NAME     STATUS     ROLES    AGE    VERSION', 'node-b   NotReady   <none>   5m7s']);
    const wide = await kubectl(h, ['get', 'node', 'node-a', '-o', 'wide']);
    expect(wide.stdout).toMatch(/INTERNAL-IP\s+EXTERNAL-IP/);
    expect(wide.stdout).toMatch(/192\.168\.10\.11\s+<none>/);
  });

  it('create -f a Service and a NodeAnnouncement from YAML, validated through OpenAPI', async () => {
    const svc = await kubectl(h, ['create', '-f', '-'], serviceYaml);
    expect(svc.code, svc.stderr).toBe(0);
    expect(svc.stdout).toBe('service/web created\n');
    const na = await kubectl(h, ['create', '-f', '-'], announcementYaml('node-a'));
    expect(na.code, na.stderr).toBe(0);
    expect(na.stdout).toBe('nodeannouncement.gitlb.io/node-a created\n');
    // Asked for the OpenAPI v3 documents, and left validation to the server (fieldValidation=Strict).
    expect(h.requests.some((r) => r.path.startsWith('/openapi/v3/apis/gitlb.io/v1'))).toBe(true);
    expect(h.requests.some((r) => r.method === 'POST' && r.path.includes('fieldValidation=Strict'))).toBe(true);

    const got = await kubectl(h, ['get', 'services']);
    expect(lines(got.stdout)).toEqual([
      'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP   PORT(S)        AGE',
      'web    LoadBalancer   10.96.0.10   <pending>     80:30000/TCP   0s',
    ]);
  });

  it('create -f is refused for a schema violation (422) and an unknown field (strict, 400)', async () => {
    const bad = await kubectl(h, ['create', '-f', '-'], announcementYaml('node-c').replace('prefixLength: 24', 'prefixLength: 200'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The NodeAnnouncement "node-c" is invalid: spec.addresses[0].prefixLength: must be <= 128');
    const unknown = await kubectl(h, ['create', '-f', '-'], announcementYaml('node-d').replace('holdsShared: true', 'holdsShared: true\n  bogus: 1'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Error from server (BadRequest): error when creating "STDIN": strict decoding error: unknown field "spec.bogus"');
    const dup = await kubectl(h, ['create', '-f', '-'], announcementYaml('node-a'));
    expect(dup.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": nodeannouncements.gitlb.io "node-a" already exists');
  });

  it('patch --type merge changes the object; a status in it is ignored (status subresource)', async () => {
    const r = await kubectl(h, ['patch', 'service', 'web', '--type', 'merge', '-p',
      '{"metadata":{"annotations":{"gitlb.io/service-group":"default"}},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}}']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('service/web patched\n');
    const a = await kubectl(h, ['get', 'service', 'web', '-o', 'jsonpath={.metadata.annotations.gitlb\\.io/service-group} {.status.loadBalancer}']);
    expect(a.stdout).toBe('default {}');
  });

  it('patch --subresource=status --type merge writes the status, and only the status', async () => {
    const r = await kubectl(h, ['patch', 'service', 'web', '--subresource=status', '--type', 'merge', '-p',
      '{"spec":{"type":"ClusterIP"},"status":{"loadBalancer":{"ingress":[{"ip":"192.168.10.240"}]}}}']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('service/web patched\n');
    const got = await kubectl(h, ['get', 'services', 'web']);
    expect(lines(got.stdout)[1]).toBe('web    LoadBalancer   10.96.0.10   192.168.10.240   80:30000/TCP   0s');

    const na = await kubectl(h, ['patch', 'nodeannouncement', 'node-a', '--subresource=status', '--type', 'merge', '-p',
      '{"status":{"observedGeneration":1,"conditions":[{"type":"Ready","status":"True","reason":"Synced"}]}}']);
    expect(na.stdout).toBe('nodeannouncement.gitlb.io/node-a patched\n');
  });

  it('get nodeannouncements prints the printer columns; generation bumps on spec changes only', async () => {
    const r = await kubectl(h, ['get', 'nodeannouncements']);
    expect(lines(r.stdout)).toEqual([
      'NAME     REVISION   SHARED   READY   AGE',
      'node-a   abc123     true     True    0s',
    ]);
    await kubectl(h, ['patch', 'na', 'node-a', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/revision","value":"def456"}]']);
    await kubectl(h, ['label', 'na', 'node-a', 'gitlb.io/node=node-a']);
    const g = await kubectl(h, ['get', 'na', 'node-a', '-o', 'jsonpath={.metadata.generation} {.spec.revision} {.metadata.labels}']);
    expect(g.stdout).toBe('2 def456 {"gitlb.io/node":"node-a"}');
  });

  it('patch with kubectl\'s default (strategic) merges Service ports by port; custom resources refuse it', async () => {
    const add = await kubectl(h, ['patch', 'service', 'web', '-p', '{"spec":{"ports":[{"port":443,"name":"https"}]}}']);
    expect(add.stdout).toBe('service/web patched\n');
    const both = await kubectl(h, ['get', 'service', 'web', '-o', 'jsonpath={range .spec.ports[*]}{.port}/{.nodePort} {end}']);
    expect(both.stdout).toBe('80/30000 443/30001 ');
    const del = await kubectl(h, ['patch', 'service', 'web', '-p', '{"spec":{"ports":[{"port":443,"$patch":"delete"}]}}']);
    expect(del.code, del.stderr).toBe(0);
    const one = await kubectl(h, ['get', 'service', 'web', '-o', 'jsonpath={.spec.ports[*].port}']);
    expect(one.stdout).toBe('80');
    // As with a real CRD: custom resources take no strategic merge patch, so kubectl needs --type merge.
    const smp = await kubectl(h, ['patch', 'na', 'node-a', '-p', '{"metadata":{"annotations":{"note":"x"}}}']);
    expect(smp.code).toBe(1);
    expect(smp.stderr).toBe('error: application/strategic-merge-patch+json is not supported by gitlb.io/v1, Kind=NodeAnnouncement: ' +
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json\n');
    const na = await kubectl(h, ['patch', 'na', 'node-a', '--type', 'merge', '-p', '{"metadata":{"annotations":{"note":"x"}}}']);
    expect(na.stdout).toBe('nodeannouncement.gitlb.io/node-a patched\n');
  });

  it('apply twice: the three-way strategic patch edits, adds and removes ports by key', async () => {
    const first = `apiVersion: v1
kind: Service
metadata: {name: applied, namespace: default}
spec:
  type: LoadBalancer
  ports: [{name: http, port: 80, targetPort: 8080}, {name: https, port: 443}]
`;
    const second = first.replace('namespace: default}', 'namespace: default, labels: {a: b}}')
      .replace('[{name: http, port: 80, targetPort: 8080}, {name: https, port: 443}]', '[{name: https, port: 443, targetPort: 8443}, {name: dns, port: 53, protocol: UDP}]');
    expect((await kubectl(h, ['apply', '-f', '-'], first)).stdout).toBe('service/applied created\n');
    const again = await kubectl(h, ['apply', '-f', '-'], second);
    expect(again.stdout, again.stderr).toBe('service/applied configured\n');
    const got = await kubectl(h, ['get', 'service', 'applied', '-o', 'jsonpath={range .spec.ports[*]}{.name}:{.port}/{.protocol}->{.targetPort} {end}{.metadata.labels.a}']);
    expect(got.stdout).toBe('https:443/TCP->8443 dns:53/UDP->53 b');
    expect((await kubectl(h, ['apply', '-f', '-'], second)).stdout).toBe('service/applied unchanged\n');
    expect((await kubectl(h, ['delete', 'service', 'applied'])).code).toBe(0);
  });

  it('get with label and field selectors', async () => {
    const byLabel = await kubectl(h, ['get', 'services', '-A', '-l', 'app in (web,db)', '-o', 'name']);
    expect(byLabel.stdout).toBe('service/web\n');
    const none = await kubectl(h, ['get', 'services', '-A', '-l', 'app!=web', '-o', 'name']);
    expect(none.stdout).toBe('');
    const byField = await kubectl(h, ['get', 'nodes', '--field-selector', 'metadata.name=node-b', '-o', 'name']);
    expect(byField.stdout).toBe('node/node-b\n');
    const unsupported = await kubectl(h, ['get', 'nodes', '--field-selector', 'spec.foo=x']);
    expect(unsupported.stderr).toContain('field label not supported: spec.foo');
  });

  it('get -w streams a change as a new row', async () => {
    const w = kubectlStream(h, ['get', 'services', '-w']);
    try {
      await waitFor('the initial list', () => w.output().includes('web'));
      const res = await kubectl(h, ['label', 'service', 'web', 'tier=front']);
      expect(res.code, res.stderr).toBe(0);
      await waitFor('a second row for web', () => w.output().trimEnd().split('\n').length >= 3);
      expect(lines(w.output())).toEqual([
        'NAME   TYPE           CLUSTER-IP   EXTERNAL-IP      PORT(S)        AGE',
        'web    LoadBalancer   10.96.0.10   192.168.10.240   80:30000/TCP   0s',
        'web    LoadBalancer   10.96.0.10   192.168.10.240   80:30000/TCP   0s',
      ]);
    } finally {
      w.child.kill('SIGTERM');
    }
  });

  it('get -w --output-watch-events names the event types', async () => {
    const w = kubectlStream(h, ['get', 'nodes', '-w', '--output-watch-events']);
    try {
      await waitFor('the initial list', () => w.output().includes('node-b'));
      const del = await kubectl(h, ['delete', 'node', 'node-b']);
      expect(del.stdout).toBe('node "node-b" deleted\n');
      await waitFor('the DELETED event', () => /DELETED\s+node-b/.test(w.output()));
      expect(lines(w.output())).toEqual([
        'EVENT      NAME     STATUS     ROLES           AGE    VERSION',
        'ADDED      node-a   Ready      control-plane   5m7s   v1.32.0',
        'ADDED      node-b   NotReady   <none>          5m7s',
        'DELETED    node-b   NotReady   <none>          5m7s',
      ]);
    } finally {
      w.child.kill('SIGTERM');
    }
  });

  it('prints the state file of DESIGN.md §6, and that file seeds another emulator to the same state', async () => {
    const kinds = 'services,endpointslices,nodes,nodeannouncements,sharedannouncements';
    const state = await kubectl(h, ['get', kinds, '-A', '-o', 'yaml']);
    expect(state.code, state.stderr).toBe(0);
    const parsed = parse(state.stdout) as { kind: string; items: Array<{ kind: string; metadata: { name: string } }> };
    expect(parsed.kind).toBe('List');
    expect(parsed.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['Service/web', 'Node/node-a', 'NodeAnnouncement/node-a']);
    const copy = await startHarness({ now: () => now });
    try {
      copy.emulator.seed(objectsOf(parsed));
      const again = await kubectl(copy, ['get', kinds, '-A', '-o', 'yaml']);
      const strip = (text: string): unknown => (parse(text) as { items: Array<{ metadata: Record<string, unknown> }> }).items.map(({ metadata: { uid: _u, resourceVersion: _r, ...m }, ...rest }) => ({ ...rest, metadata: m }));
      expect(strip(again.stdout)).toEqual(strip(state.stdout));
    } finally {
      await copy.stop();
    }
  });

  it('delete removes the objects; get then says so', async () => {
    const svc = await kubectl(h, ['delete', 'service', 'web']);
    expect(svc.stdout).toBe('service "web" deleted\n');
    const na = await kubectl(h, ['delete', 'nodeannouncement', 'node-a']);
    expect(na.stdout).toBe('nodeannouncement.gitlb.io "node-a" deleted\n');
    const after = await kubectl(h, ['get', 'services']);
    expect(after.stderr).toBe('No resources found in default namespace.\n');
    const missing = await kubectl(h, ['get', 'service', 'web']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error from server (NotFound): services "web" not found\n');
  });

  it('explain reads the schema the emulator derived from schemas/', async () => {
    const r = await kubectl(h, ['explain', 'nodeannouncements.spec.garp']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Gratuitous ARP / unsolicited NA after a local address is added.');
    expect(r.stdout).toMatch(/intervalMs\s+<integer> -required-/);
  });
});
