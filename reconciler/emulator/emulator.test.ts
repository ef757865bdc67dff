import { afterEach, describe, expect, it } from 'vitest';
import { Emulator, objectsOf } from './emulator.js';

let e: Emulator | undefined;
afterEach(async () => {
  await e?.stop();
  e = undefined;
});

describe('Emulator', () => {
  it('starts with the usual namespaces and gitlb CRDs, and seeds objects with their status (twice = update)', async () => {
    e = await Emulator.start();
    expect(e.objects('v1', 'Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(e.objects('apiextensions.k8s.io/v1', 'CustomResourceDefinition').map((c) => c.metadata.name)).toContain('nodeannouncements.gitlb.io');
    const na = {
      apiVersion: 'gitlb.io/v1', kind: 'NodeAnnouncement', metadata: { name: 'n1' },
      spec: { revision: 'r1', holdsShared: false, localInterface: 'default', dummyInterface: 'kube-lb0', garp: { enabled: false, count: 0, intervalMs: 0 }, managedRanges: [], addresses: [] },
      status: { observedGeneration: 1 },
    };
    e.seed([na, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'new-ns' }, spec: {} }]);
    e.seed([{ ...na, spec: { ...na.spec, revision: 'r2' }, status: { observedGeneration: 2 } }]);
    const [stored] = e.objects('gitlb.io/v1', 'NodeAnnouncement');
    expect(stored).toMatchObject({ spec: { revision: 'r2' }, status: { observedGeneration: 2 }, metadata: { generation: 2 } });
    expect(e.objects('v1', 'Namespace').map((n) => n.metadata.name)).toContain('new-ns');
  });

  it('reads seeds from a v1 List, arrays and single objects', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' } };
    expect(objectsOf({ apiVersion: 'v1', kind: 'List', items: [node, { kind: 'NodeList', items: [node] }] })).toHaveLength(2);
    expect(objectsOf([node, null, 'x'])).toHaveLength(1);
  });
});
