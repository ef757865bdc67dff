// The long-running observer against the emulator: its snapshot equals the one-shot observation,
// a new Service fires 'changed', dropped watches and a restart that lost the history (410) miss
// nothing, and an agent Lease going stale (injected clock) flips the node without any event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveWatcher } from '../../reconciler/cluster/live-watcher.js';
import type { ObservedState } from '../../reconciler/cluster/observed.js';
import { waitFor } from '../emulator/harness.js';
import { addNodes, addService, startWorld, type World } from './world.js';

let w: World;
let watcher: LiveWatcher;
let clock = Date.now();
let changes = 0;

function snapshot(): ObservedState {
  const s = watcher.snapshot();
  if (!s.ok) throw new Error(s.errors.join('\n'));
  return s.observed;
}

beforeAll(async () => {
  w = await startWorld();
  await addNodes(w, [
    { name: 'node-a', ip: '192.168.10.11' },
    { name: 'node-b', ip: '192.168.10.12' },
  ]);
  await addService(w, 'default', 'web');
  watcher = new LiveWatcher(w.kc, { now: () => new Date(clock), debounceMs: 20, leaseCheckMs: 20, backoff: { initialMs: 20, maxMs: 200 } });
  watcher.on('changed', () => changes++);
  await watcher.start();
});

afterAll(async () => {
  await watcher.stop();
  await w.stop();
});

describe('LiveWatcher', () => {
  it('its snapshot is what a one-shot observation sees', async () => {
    expect(snapshot()).toEqual(await w.observe());
    expect(snapshot().nodes.map((n) => [n.name, n.leaseFresh])).toEqual([['node-a', true], ['node-b', true]]);
  });

  it('a new Service fires changed and shows in the snapshot', async () => {
    const before = changes;
    await addService(w, 'default', 'api');
    await waitFor('changed', () => changes > before);
    expect(snapshot().services.map((s) => s.name)).toContain('api');
  });

  it('dropped watches and a restart that lost the history miss nothing', async () => {
    await waitFor('watches open', () => w.h.emulator.openWatches() === 6);
    w.h.emulator.dropWatches();
    await addService(w, 'default', 'during-drop');
    await waitFor('the Service written while watches were down', () => snapshot().services.some((s) => s.name === 'during-drop'));
    await waitFor('watches re-opened', () => w.h.emulator.openWatches() === 6);
    w.h.emulator.restart({ historyLost: true });
    await w.core.deleteNamespacedService({ namespace: 'default', name: 'web' });
    await addService(w, 'default', 'after-restart');
    await waitFor('the re-listed state', () => {
      const names = snapshot().services.map((s) => s.name);
      return names.includes('after-restart') && !names.includes('web');
    });
    expect(snapshot()).toEqual(await w.observe());
  });

  it('a Lease going stale flips its node with no API event', async () => {
    const before = changes;
    clock += 2 * 3600 * 1000; // past leaseDurationSeconds (3600) of both Leases
    await waitFor('changed from the lease timer', () => changes > before);
    expect(snapshot().nodes.map((n) => n.leaseFresh)).toEqual([false, false]);
  });
});
