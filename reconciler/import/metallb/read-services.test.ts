import { describe, expect, it } from 'vitest';
import { readServices } from './read-services.js';

describe('readServices', () => {
  it('reads Services of a List with every annotation, skipping other kinds', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - {apiVersion: v1, kind: Node, metadata: {name: n1}}',
      '  - apiVersion: v1',
      '    kind: Service',
      '    metadata: {name: web, namespace: shop, annotations: {metallb.universe.tf/ip-allocated-from-pool: public, other: x}}',
      '    spec: {type: LoadBalancer, externalTrafficPolicy: Local, loadBalancerIP: 203.0.113.9}',
      '    status: {loadBalancer: {ingress: [{ip: 203.0.113.9}]}}',
    ].join('\n');
    expect(readServices(text, 's.yaml')).toEqual({
      diagnostics: [],
      services: [
        {
          namespace: 'shop', name: 'web', type: 'LoadBalancer', loadBalancerClass: null, externalTrafficPolicy: 'Local', loadBalancerIP: '203.0.113.9',
          annotations: { 'metallb.universe.tf/ip-allocated-from-pool': 'public', other: 'x' }, ingress: ['203.0.113.9'],
        },
      ],
    });
  });

  it('reads multi-document YAML and locates syntax errors', () => {
    expect(readServices('kind: Service\nmetadata: {name: a}\n---\nkind: Service\nmetadata: {name: b, namespace: x}\n', 's.yaml').services.map((s) => `${s.namespace}/${s.name}`)).toEqual(['default/a', 'x/b']);
    const bad = readServices('kind: Service\nmetadata: {name: [\n', 's.yaml');
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', rule: 'yaml-syntax', loc: { file: 's.yaml' } });
  });
});
