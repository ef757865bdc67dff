import { describe, expect, it } from 'vitest';
import { gitlbKindInfo } from '../kube/gitlb-kinds.js';
import type { KubeObject } from './json.js';
import { builtinResources, type ResourceType } from './resources.js';
import { evalJsonPath, humanDuration, toTable } from './table.js';

describe('humanDuration (kubectl AGE)', () => {
  it.each([
    [-5_000, '<invalid>'], [-500, '0s'], [0, '0s'], [59_000, '59s'], [119_000, '119s'], [120_000, '2m'], [307_000, '5m7s'],
    [600_000, '10m'], [179 * 60_000, '179m'], [3 * 3600_000, '3h'], [(3 * 60 + 5) * 60_000, '3h5m'], [8 * 3600_000, '8h'],
    [47 * 3600_000, '47h'], [50 * 3600_000, '2d2h'], [8 * 86400_000, '8d'], [800 * 86400_000, '2y70d'], [9 * 365 * 86400_000, '9y'],
  ])('%d ms -> %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });
});

describe('evalJsonPath (printer columns)', () => {
  const o = { spec: { revision: 'r1', list: [{ a: 1 }, { a: 2 }] }, status: { conditions: [{ type: 'Stalled', status: 'False' }, { type: 'Ready', status: 'True' }] } };
  it.each([
    ['.spec.revision', ['r1']],
    ['.spec.list[1].a', [2]],
    ['.spec.list[*].a', [1, 2]],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    ['{.status.conditions[?(@.type=="Gone")].status}', []],
    ['.spec.missing.deeper', []],
  ])('%s', (path, want) => {
    expect(evalJsonPath(o, path)).toEqual(want);
  });
});

describe('toTable', () => {
  const now = new Date('2026-11-25T10:05:00Z');
  const created = '2026-11-25T10:00:00Z';

  it('renders gitlb kinds through their printer columns, with null for absent cells', () => {
    const type: ResourceType = { ...builtinResources()[0]!, group: 'gitlb.io', plural: 'nodeannouncements', kind: 'NodeAnnouncement', printerColumns: gitlbKindInfo('NodeAnnouncement').printerColumns };
    const t = toTable(type, [{ metadata: { name: 'n1', creationTimestamp: created }, spec: { revision: 'r1', holdsShared: true } }], { now, include: 'None' });
    expect((t.columnDefinitions as Array<{ name: string }>).map((c) => c.name)).toEqual(['Name', 'Revision', 'Shared', 'Ready', 'Age']);
    expect(t.rows).toEqual([{ cells: ['n1', 'r1', true, null, '5m'] }]);
  });

  it('renders Services like the real server (LoadBalancer pending, node ports)', () => {
    const services = builtinResources().find((r) => r.plural === 'services')!;
    const svc: KubeObject = { metadata: { name: 'web', creationTimestamp: created }, spec: { type: 'LoadBalancer', clusterIP: '10.96.0.10', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] } };
    const t = toTable(services, [svc], { now, include: 'Metadata', resourceVersion: '7' });
    expect(t.metadata).toEqual({ resourceVersion: '7' });
    expect(t.rows).toEqual([{
      cells: ['web', 'LoadBalancer', '10.96.0.10', '<pending>', '80:30080/TCP,53/UDP', '5m', '<none>'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: svc.metadata },
    }]);
  });
});
