// An agent that dies makes no API event: its Lease just stops being renewed. The controller
// must re-plan by itself when that Lease expires (the lab runs 1 s Leases and expects a local
// address to fail over within 3 s), with no poll, resync or other event to help it.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunOutcome } from '../../reconciler/controller/controller.js';
import { ControllerMetrics } from '../../reconciler/controller/metrics.js';
import { waitFor } from '../emulator/harness.js';
import type { World } from '../integration/world.js';
import { ingressByService } from '../integration/world.js';
import { makeController, sceneForEachTest } from './setup.js';

const t = sceneForEachTest();
let renewing: NodeJS.Timeout | null = null;

// Registered after sceneForEachTest's hooks, so it runs before they stop the controller.
afterEach(() => {
  if (renewing) clearInterval(renewing);
  renewing = null;
});

const NODES = ['node-a', 'node-b', 'node-c'];

/** Renews the agent Lease of `node` now, for `seconds`; returns the renewTime written (ms). */
async function renew(w: World, node: string, seconds: number): Promise<number> {
  const at = Date.now();
  const renewTime = new Date(at).toISOString().replace('Z', '000Z'); // MicroTime: six digits
  await w.coordination.patchNamespacedLease(
    { namespace: 'gitlb-system', name: `gitlb-agent-${node}`, body: [{ op: 'replace', path: '/spec/renewTime', value: renewTime }, { op: 'replace', path: '/spec/leaseDurationSeconds', value: seconds }] },
  );
  return at;
}

/** The node whose NodeAnnouncement holds `address`, or undefined. */
function holderOf(w: World, address: string): string | undefined {
  const nas = w.h.emulator.objects('gitlb.io/v1', 'NodeAnnouncement');
  const holder = nas.find((o) => ((o.spec as { addresses?: Array<{ address: string }> }).addresses ?? []).some((a) => a.address === address));
  return holder ? String(holder.metadata.name) : undefined;
}

describe('Controller and agent Lease expiry', () => {
  it('re-plans when a Lease stops being renewed, within the Lease duration + 500 ms, with no other event', async () => {
    const { w } = t.scene;
    // Agents alive: every Lease renewed every 200 ms (as 2 s Leases, so a loaded test machine
    // cannot make a living agent look dead).
    const alive = new Set(NODES);
    for (const n of NODES) await renew(w, n, 2);
    renewing = setInterval(() => {
      // A renewal still in flight when the test ends meets a stopped API server: not a failure.
      for (const n of alive) renew(w, n, 2).catch(() => undefined);
    }, 200);

    const metrics = new ControllerMetrics();
    const ctl = makeController(t.scene, 'ctl-lease', { intervalMs: 3_600_000, resyncMs: 3_600_000, metrics });
    t.running.push(ctl);
    const runs: Array<{ at: number; outcome: RunOutcome }> = [];
    ctl.on('run', (outcome: RunOutcome) => runs.push({ at: Date.now(), outcome }));
    ctl.start();
    await waitFor('first run', () => runs.length >= 1);
    const address = await waitFor('web addressed', async () => (await ingressByService(w))['default/web']?.[0]);
    const holder = await waitFor('web\'s local address announced', () => holderOf(w, address));
    // Renewals alone are not news: no run while every agent stays alive.
    await new Promise((r) => setTimeout(r, 1500));
    const quiet = runs.length;
    expect(quiet).toBe(1);

    // The holder's agent (running with a 1 s Lease, as in the lab) renews once more and dies:
    // its Lease is never renewed again, and nothing else happens.
    alive.delete(holder);
    await new Promise((r) => setTimeout(r, 100)); // a renewal in flight lands first
    const expires = (await renew(w, holder, 1)) + 1000;
    const moved = await waitFor('the address moved to a live node', () => {
      const now = holderOf(w, address);
      return now !== undefined && now !== holder && now;
    }, 5000);
    expect(alive.has(moved)).toBe(true);
    // The run that moved it (its writes land before it ends).
    const replan = await waitFor('the re-planning run ended', () => runs.slice(quiet).find((r) => r.at > expires));
    expect(replan.outcome).toMatchObject({ outcome: 'ok' });
    expect(runs.slice(quiet).filter((r) => r.at <= expires)).toEqual([]);
    expect(replan.at - expires).toBeLessThan(500);
    const triggers = await metrics.registry.getSingleMetricAsString('gitlb_reconcile_triggers_total');
    expect(triggers).toMatch(/reason="lease"\} [1-9]/);
    expect(triggers).not.toMatch(/reason="(poll|resync)"/);
  });
});
