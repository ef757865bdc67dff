// End to end: the reconciler is killed and a new one started mid-run → no address changes on
// any node (watched with `ip monitor address` the whole time) and no Service is re-addressed;
// the new reconciler keeps working.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIn } from '../../reconciler/lab/processes.js';
import { waitFor } from '../helpers/netns.js';
import { serviceYaml, startLab, type E2eLab } from './lab-harness.js';

describe('e2e: reconciler restart', () => {
  let lab: E2eLab;
  beforeAll(async () => {
    lab = await startLab('rst');
  }, 240_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('changes no address anywhere', async () => {
    await lab.apply(serviceYaml('web', { group: 'routed' }));
    await lab.apply(serviceYaml('db'));
    const all = lab.status.nodes.map((n) => n.address).sort();
    await waitFor(async () => (JSON.stringify(await lab.nextHops('172.30.100.0')) === JSON.stringify(all) ? true : undefined), 20_000, 'ECMP for web');
    await waitFor(async () => ((await lab.serviceAddresses('db')).length === 1 ? true : undefined), 15_000, 'db to get an address');
    const web = await lab.serviceAddresses('web');
    const db = await lab.serviceAddresses('db');

    // every address event on every node from here on
    const monitors = lab.status.nodes.map((n) => {
      const child = spawn('ip', ['-n', n.namespace, 'monitor', 'address'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      return { node: n.name, child, output: () => out };
    });
    try {
      const old = lab.record().processes.find((p) => p.name === 'reconciler')!;
      process.kill(old.pid, 'SIGKILL');
      const fresh = startIn(old.namespace, 'reconciler', old.argv, old.log);
      // the new process has run a whole reconcile
      await waitFor(async () => (readFileSync(old.log, 'utf8').includes(`"pid":${fresh.pid},"name":"reconcile","op":"reconcile"`) ? true : undefined), 30_000, 'the new reconciler to finish a run');

      // and keeps working: a new Service gets an address
      await lab.apply(serviceYaml('api', { group: 'routed' }));
      await waitFor(async () => ((await lab.serviceAddresses('api')).length === 1 ? true : undefined), 15_000, 'api to get an address');

      expect(await lab.serviceAddresses('web')).toEqual(web);
      expect(await lab.serviceAddresses('db')).toEqual(db);
      expect(await lab.nextHops(web[0]!)).toEqual(all);
      for (const m of monitors) {
        const deleted = m.output().split('\n').filter((l) => l.startsWith('Deleted'));
        expect(deleted, `addresses deleted on ${m.node}`).toEqual([]);
      }
    } finally {
      for (const m of monitors) m.child.kill();
    }
  }, 120_000);
});
