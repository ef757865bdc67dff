// The watch echoes of the controller's own writes are not news: after an apply that ended ok
// they make no second run and no second plan (counted on the controller and in /metrics). An
// external edit, even of an object the controller has just written, is still reconciled. A poll
// that finds the same revision with no news since plans nothing either; a new commit does.
import { describe, expect, it } from 'vitest';
import * as k8s from '@kubernetes/client-node';
import type { RunOutcome } from '../../reconciler/controller/controller.js';
import { ControllerMetrics } from '../../reconciler/controller/metrics.js';
import { waitFor } from '../emulator/harness.js';
import { addService, basicConfig, ingressByService } from '../integration/world.js';
import { plan } from '../../reconciler/planner/plan.js';
import { basicFiles, makeController, sceneForEachTest } from './setup.js';

const t = sceneForEachTest();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The value of a counter without labels in the registry's text format. */
async function counter(m: ControllerMetrics, name: string): Promise<number> {
  const line = (await m.registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}

describe('Controller and its own writes', () => {
  it('does not re-plan for the echoes of its writes, and still reconciles an external edit right after', async () => {
    const { w } = t.scene;
    const metrics = new ControllerMetrics();
    // Polls and resyncs far away: only watch events can trigger a run after the first.
    const ctl = makeController(t.scene, 'ctl-echo', { intervalMs: 3_600_000, resyncMs: 3_600_000, metrics });
    t.running.push(ctl);
    const runs: RunOutcome[] = [];
    ctl.on('run', (o: RunOutcome) => runs.push(o));
    ctl.start();
    await waitFor('first run', () => runs.length === 1);
    expect(runs[0]).toMatchObject({ outcome: 'ok' });
    expect(runs[0]?.outcome === 'ok' && runs[0].written).toBeGreaterThan(0);
    const addressed = await ingressByService(w);
    expect(addressed['default/web']?.length).toBe(1);

    // An external edit right after the apply, to an object it just wrote: someone strips the
    // address from web's status. That is news, and the controller puts the address back.
    await w.core.patchNamespacedServiceStatus(
      { namespace: 'default', name: 'web', body: { status: { loadBalancer: { ingress: [] } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await waitFor('address restored', async () => (await ingressByService(w))['default/web']?.[0] === addressed['default/web']?.[0]);
    await waitFor('the restoring run ended', () => runs.length >= 2);

    // Every echo has had time to arrive: none made another run or plan.
    await sleep(800);
    const settled = { runs: ctl.runs, plans: ctl.plans };
    // The first run and the one for the external edit, one plan each (no echo-driven third).
    expect(settled).toEqual({ runs: 2, plans: 2 });
    expect(ctl.ownEchoes).toBeGreaterThan(0);
    expect(await counter(metrics, 'gitlb_own_write_events_total')).toBe(ctl.ownEchoes);
    expect(await counter(metrics, 'gitlb_plans_total')).toBe(ctl.plans);
    await sleep(500);
    expect({ runs: ctl.runs, plans: ctl.plans }).toEqual(settled);

    // A new Service is news too: exactly one more run.
    await addService(w, 'default', 'late');
    await waitFor('late addressed', async () => (await ingressByService(w))['default/late']?.length === 1);
    await sleep(800);
    expect(ctl.runs).toBe(settled.runs + 1);
    expect(ctl.plans).toBe(settled.plans + 1);
    expect(runs.every((o) => o.outcome === 'ok')).toBe(true);
    // The runs asked for by the cluster planned from the watch caches, not from fresh lists.
    expect(ctl.cachedObservations).toBe(ctl.plans - 1);
  });

  it('plans a burst of Services from the watch caches without giving an address twice', async () => {
    const { w } = t.scene;
    const ctl = makeController(t.scene, 'ctl-burst', { intervalMs: 3_600_000, resyncMs: 3_600_000, debounceMs: 1 });
    t.running.push(ctl);
    ctl.start();
    await waitFor('first run', () => ctl.runs >= 1);
    // Created back to back: runs overlap the creates and the echoes of their own writes.
    await addService(w, 'burst', 's0');
    await Promise.all(Array.from({ length: 15 }, (_, i) => addService(w, 'burst', `s${i + 1}`, i % 2 === 0 ? { 'gitlb.io/service-group': 'routed' } : {})));
    const ingress = await waitFor('every Service addressed', async () => {
      const all = await ingressByService(w);
      return Object.values(all).every((a) => a.length === 1) && all;
    });
    const addresses = Object.values(ingress).flat();
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(ctl.cachedObservations).toBeGreaterThan(0);
    await waitFor('settled', () => ctl.last?.outcome === 'ok');
    expect(plan(await basicConfig(), await w.observe()).changes).toEqual([]);
  });

  it('plans nothing on a poll that finds the same revision and no news, and plans a new commit', async () => {
    const { w, repo } = t.scene;
    const ctl = makeController(t.scene, 'ctl-poll', { intervalMs: 50, resyncMs: 3_600_000 });
    t.running.push(ctl);
    const runs: RunOutcome[] = [];
    ctl.on('run', (o: RunOutcome) => runs.push(o));
    ctl.start();
    await waitFor('first run', () => runs.length >= 1);
    await sleep(300);
    const plans = ctl.plans;
    const polled = runs.length;
    await waitFor('more polls', () => runs.length >= polled + 5);
    expect(ctl.plans).toBe(plans);
    expect(runs.slice(polled)).toEqual(Array(runs.length - polled).fill({ outcome: 'ok', revision: t.scene.good, written: 0, planned: false }));

    const next = repo.commit({ 'config/servicegroup-routed.yaml': `${basicFiles()['config/servicegroup-routed.yaml']!}# a comment\n` }, 'comment');
    await waitFor('the new commit applied', () => runs.some((o) => o.outcome === 'ok' && o.revision === next && o.planned));
    expect(ctl.plans).toBe(plans + 1);
    // News between polls is planned too.
    await addService(w, 'default', 'news');
    await waitFor('news addressed', async () => (await ingressByService(w))['default/news']?.length === 1);
  });
});
