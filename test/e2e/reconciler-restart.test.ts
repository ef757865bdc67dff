// End to end: the reconciler is killed and a new one started mid-run → no address changes on
// any node (watched with `ip monitor address` the whole time) and no Service is re-addressed;
// the new reconciler keeps working.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startIn } from '../../reconciler/lab/processes.js';
import { waitFor } from '../helpers/netns.js';
import { serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

describe('e2e: reconciler restart', () => {
  const labNow = labForThisFile('rst');

  it('changes no address anywhere', async () => {
    const lab = labNow();
    await lab.apply(serviceYaml('web', { group: 'routed' }));
    await lab.apply(serviceYaml('db'));
    const all = lab.status.nodes.map((n) => n.address).sort();
    await lab.untilNextHops('172.30.100.0', all);
    await lab.addressOf('db');
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
      await lab.addressOf('api');

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
