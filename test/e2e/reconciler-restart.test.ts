// End to end: the reconciler is killed and a new one started mid-run → no address changes on
// any node (watched with `ip monitor address` the whole time) and no Service is re-addressed;
// the new reconciler keeps working.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/netns.js';
import { serviceYaml } from './lab-harness.js';
import { labForThisFile } from './lab-per-file.js';

describe('e2e: reconciler restart', () => {
  const labNow = labForThisFile('rst');

  it('changes no address anywhere, even when killed mid-run', async () => {
    const lab = labNow();
    const all = await lab.settleWebAndDb();
    const web = await lab.serviceAddresses('web');
    const db = await lab.serviceAddresses('db');

    // every address event on every node, and every route event on the router, from here on
    const watch = (ns: string, what: string) => {
      const child = spawn('ip', ['-n', ns, 'monitor', what], { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      return { child, lines: () => out.split('\n').filter(Boolean) };
    };
    const nodeMonitors = lab.status.nodes.map((n) => ({ node: n.name, ...watch(n.namespace, 'address') }));
    const routes = watch(lab.status.namespaces.router, 'route');
    try {
      // a burst of new Services, and the reconciler killed while it works on them
      for (let i = 0; i < 5; i++) await lab.apply(serviceYaml(`burst-${i}`, { group: 'routed' }));
      const old = lab.record().processes.find((p) => p.name === 'reconciler')!;
      lab.kill(old);
      const fresh = await lab.restart(old);
      await waitFor(async () => (readFileSync(old.log, 'utf8').includes(`"pid":${fresh.pid},"name":"reconcile","op":"reconcile"`) ? true : undefined), 30_000, 'the new reconciler to finish a run', 100);

      // the new one finishes the burst and keeps working
      const added: string[] = [];
      for (let i = 0; i < 5; i++) added.push(await lab.addressOf(`burst-${i}`));
      await lab.apply(serviceYaml('api', { group: 'routed' }));
      added.push(await lab.addressOf('api'));
      expect(new Set(added).size).toBe(added.length);
      for (const a of added) await lab.untilNextHops(a, all);

      expect(await lab.serviceAddresses('web')).toEqual(web);
      expect(await lab.serviceAddresses('db')).toEqual(db);
      expect(await lab.nextHops(web[0]!)).toEqual(all);
      for (const m of nodeMonitors) {
        const lines = m.lines().filter((l) => / inet /.test(l));
        expect(lines.filter((l) => l.startsWith('Deleted')), `addresses deleted on ${m.node}`).toEqual([]);
        // only the new Services' addresses were added
        const addedHere = lines.map((l) => /inet (\S+)\//.exec(l)?.[1]).filter((a): a is string => a !== undefined);
        expect(addedHere.filter((a) => !added.includes(a)), `addresses added on ${m.node}`).toEqual([]);
      }
      // the router never touched the existing Service's route
      expect(routes.lines().filter((l) => new RegExp(`^(Deleted )?${web[0]!.replace(/\./g, '\\.')}( |/)`).test(l))).toEqual([]);
    } finally {
      for (const m of [...nodeMonitors, routes]) m.child.kill();
    }
  }, 120_000);
});
