import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import { applyStrategicMergePatch, listStrategiesFor } from './strategic-merge.js';

const services = listStrategiesFor('', 'services');
const nodes = listStrategiesFor('', 'nodes');
const svc: JsonObject = {
  metadata: { name: 'web', finalizers: ['a'], labels: { x: '1' } },
  spec: { ports: [{ port: 80, targetPort: 80 }, { port: 443, targetPort: 443 }], selector: { app: 'web' } },
};

describe('strategic merge patch', () => {
  it('merges Service ports by port, keeping the others', () => {
    const out = applyStrategicMergePatch(svc, { spec: { ports: [{ port: 443, targetPort: 8443 }, { port: 53, protocol: 'UDP' }] } }, services);
    expect((out.spec as JsonObject).ports).toEqual([{ port: 80, targetPort: 80 }, { port: 443, targetPort: 8443 }, { port: 53, protocol: 'UDP' }]);
  });

  it('deletes list elements with $patch: delete and orders them with $setElementOrder', () => {
    const out = applyStrategicMergePatch(svc, {
      spec: { ports: [{ port: 80, $patch: 'delete' }, { port: 8080 }], '$setElementOrder/ports': [{ port: 8080 }, { port: 443 }] },
    }, services);
    expect((out.spec as JsonObject).ports).toEqual([{ port: 8080 }, { port: 443, targetPort: 443 }]);
  });

  it('replaces lists without a merge key and maps with $patch: replace', () => {
    const out = applyStrategicMergePatch(svc, { spec: { selector: { $patch: 'replace', tier: 'front' } }, metadata: { labels: { x: null, y: '2' } } }, services);
    expect((out.spec as JsonObject).selector).toEqual({ tier: 'front' });
    expect((out.metadata as JsonObject).labels).toEqual({ y: '2' });
  });

  it('merges finalizers as a set and removes with $deleteFromPrimitiveList', () => {
    const added = applyStrategicMergePatch(svc, { metadata: { finalizers: ['b', 'a'] } }, services);
    expect((added.metadata as JsonObject).finalizers).toEqual(['a', 'b']);
    const removed = applyStrategicMergePatch(added, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }, services);
    expect((removed.metadata as JsonObject).finalizers).toEqual(['b']);
  });

  it('merges Node conditions by type (what a kubelet status patch relies on)', () => {
    const node: JsonObject = { status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'DiskPressure', status: 'False' }] } };
    const out = applyStrategicMergePatch(node, { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletDown' }] } }, nodes);
    expect((out.status as JsonObject).conditions).toEqual([{ type: 'Ready', status: 'False', reason: 'KubeletDown' }, { type: 'DiskPressure', status: 'False' }]);
  });

  it('keeps only $retainKeys', () => {
    const out = applyStrategicMergePatch({ spec: { a: 1, b: 2, c: 3 } }, { spec: { $retainKeys: ['a', 'd'], d: 4 } }, services);
    expect(out.spec).toEqual({ a: 1, d: 4 });
  });
});
