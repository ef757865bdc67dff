// The lab's pure parts: names and addresses, the router's BIRD config (parsed by the real
// `bird -p` when BIRD is installed, as it is wherever npm test runs), the API server's seed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderClusterSeed } from './cluster-seed.js';
import { renderRouterBird } from './router-bird.js';
import { checkLabName, labTopology } from './topology.js';
import { expectBirdParses, expectGolden } from '../../test/helpers/bird-config.js';

describe('labTopology', () => {
  it('names everything after the lab and numbers the nodes from .11', () => {
    const t = labTopology('demo', 3, '/tmp/x');
    expect(t.namespaces).toEqual({ switch: 'gitlb-demo-switch', control: 'gitlb-demo-control', router: 'gitlb-demo-router', client: 'gitlb-demo-client' });
    expect(t.nodes.map((n) => [n.name, n.namespace, n.address, n.switchPort])).toEqual([
      ['node-1', 'gitlb-demo-node-1', '172.30.0.11', 'p-node-1'],
      ['node-2', 'gitlb-demo-node-2', '172.30.0.12', 'p-node-2'],
      ['node-3', 'gitlb-demo-node-3', '172.30.0.13', 'p-node-3'],
    ]);
    expect(t.repo).toBe('/tmp/x/repo.git');
    expect(t.kubeconfig).toBe('/tmp/x/kubeconfig');
    // interface names must fit IFNAMSIZ (15)
    expect(Math.max(...labTopology('demo', 100, '/tmp/x').nodes.map((n) => n.switchPort.length))).toBeLessThanOrEqual(15);
  });

  it('accepts short plain names only', () => {
    expect(checkLabName('lab')).toBeUndefined();
    expect(checkLabName('e2e1')).toBeUndefined();
    expect(checkLabName('Lab')).toMatch(/lowercase/);
    expect(checkLabName('a-b')).toMatch(/lowercase/);
    expect(checkLabName('waytoolongname')).toMatch(/1-12/);
  });
});

describe('renderRouterBird', () => {
  const t = labTopology('demo', 2, '/tmp/x');
  const conf = renderRouterBird(t.nodes);

  it('merges equal paths, runs BFD and peers with every node', () => {
    expect(conf).toContain('merge paths on;');
    expect(conf).toContain('bfd on;');
    expect(conf).toMatch(/protocol bgp node_1 from lab_node \{\n {2}neighbor 172\.30\.0\.11 as 65001;/);
    expect(conf).toMatch(/protocol bgp node_2 from lab_node \{\n {2}neighbor 172\.30\.0\.12 as 65001;/);
  });

  it('is the golden config, which BIRD 2 accepts', () => {
    expectGolden(path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', 'router-2-nodes.conf'), conf);
    expectBirdParses(conf);
  });
});

describe('renderClusterSeed', () => {
  it('is a v1 List of the system namespace and one Ready Node per lab node with its InternalIP', () => {
    const seed = parse(renderClusterSeed(labTopology('demo', 2, '/tmp/x'))) as {
      kind: string; items: Array<{ kind: string; metadata: { name: string }; status?: { addresses: Array<{ type: string; address: string }>; conditions: Array<{ type: string; status: string }> } }>;
    };
    expect(seed.kind).toBe('List');
    expect(seed.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['Namespace/gitlb-system', 'Node/node-1', 'Node/node-2']);
    const n2 = seed.items[2]!;
    expect(n2.status?.addresses).toContainEqual({ type: 'InternalIP', address: '172.30.0.12' });
    expect(n2.status?.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }));
  });
});
