// End to end: a bad commit pushed to the lab's repo changes nothing on any node or the router;
// the ReconcilerStatus names the file, line and column; the next good commit applies.
import { describe, expect, it } from 'vitest';
import { sleep } from '../../reconciler/lab/shell.js';
import { waitFor } from '../helpers/netns.js';
import { KUBECTL_POLL_MS, serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

const routed = (field: string, pool = '172.30.100.0/24'): string => `apiVersion: gitlb.io/v1
kind: ServiceGroup
metadata:
  name: routed
spec:
  remote:
    v4pools:
      - pool: ${pool}
        subnet: ${pool}
        ${field}: /32
`;

describe('e2e: a bad commit', () => {
  const labNow = labForThisFile('bad');

  async function snapshot(): Promise<string> {
    const lab = labNow();
    const nodes: Record<string, unknown> = {};
    for (const n of lab.status.nodes) nodes[n.name] = { lb: await lab.addresses(n.name, 'kube-lb0'), eth0: await lab.addresses(n.name, 'eth0') };
    return JSON.stringify({
      nodes,
      routes: await lab.nextHops('172.30.100.0'),
      web: await lab.serviceAddresses('web'),
      db: await lab.serviceAddresses('db'),
    });
  }

  it('is refused with its location, changes nothing, and the next good commit applies', async () => {
    const lab = labNow();
    await lab.settleWebAndDb();
    const before = await snapshot();
    const applied = (await lab.reconcilerStatus()).revisionApplied;

    const bad = await lab.commit({ 'servicegroup-routed.yaml': routed('aggregatoin') }, 'typo in a field name');
    const status = await waitFor(async () => {
      const s = await lab.reconcilerStatus();
      return s.revisionSeen === bad && (s.errors?.length ?? 0) > 0 ? s : undefined;
    }, 20_000, 'the reconciler to refuse the bad commit', KUBECTL_POLL_MS);
    expect(status.revisionApplied).toBe(applied);
    expect(status.errors).toContainEqual(expect.objectContaining({ file: 'servicegroup-routed.yaml', line: 10, col: 9 }));
    expect(status.conditions?.find((c) => c.type === 'Stalled')?.status).toBe('True');

    await sleep(3000); // three more polls of the repo: still nothing may change
    expect(await snapshot()).toBe(before);

    // the fix, plus a new pool: a Service asking for it shows the commit is in force
    const good = await lab.commit({
      'servicegroup-routed.yaml': routed('aggregation', '172.30.100.0/24'),
      'servicegroup-extra.yaml': routed('aggregation', '172.30.102.0/24').replace('name: routed', 'name: extra'),
    }, 'fix the typo, add the extra pool');
    const fixed = await waitFor(async () => {
      const s = await lab.reconcilerStatus();
      return s.revisionApplied === good ? s : undefined;
    }, 20_000, 'the reconciler to apply the good commit', KUBECTL_POLL_MS);
    expect(fixed.errors ?? []).toEqual([]);
    expect(await snapshot()).toBe(before);
    await lab.apply(serviceYaml('extra', { group: 'extra' }));
    expect(await lab.addressOf('extra')).toBe('172.30.102.0');
  }, 120_000);
});
