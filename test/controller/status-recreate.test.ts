// The ReconcilerStatus is the controller's voice: if it is deleted (by a user, or an API server
// that lost its data), the next status write creates it again instead of failing with 404 forever.
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReconcilerStatusWriter, type StatusFacts } from '../../reconciler/controller/reconciler-status.js';
import { startWorld, type World } from '../integration/world.js';
import { condition, statusOf } from './setup.js';

let w: World;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  await w.stop();
});

const facts = (revision: string): StatusFacts => ({
  leader: true, revisionSeen: revision, revisionApplied: revision, lastAppliedTime: '2026-11-25T12:00:00Z', errors: [],
  state: { phase: 'ready', message: `revision ${revision} is applied` },
});

describe('ReconcilerStatusWriter', () => {
  it('creates the object again when it was deleted', async () => {
    const writer = new ReconcilerStatusWriter(w.kc, { name: 'r1', source: 'dir /config', leaderElection: false });
    expect(await writer.update(facts('aaa'))).toBe(true);
    expect(statusOf(w, 'r1')?.revisionApplied).toBe('aaa');

    await w.kc.makeApiClient(k8s.CustomObjectsApi).deleteClusterCustomObject({ group: 'gitlb.io', version: 'v1', plural: 'reconcilerstatuses', name: 'r1' });
    expect(statusOf(w, 'r1')).toBeUndefined();

    expect(await writer.update(facts('bbb'))).toBe(true);
    expect(statusOf(w, 'r1')?.revisionApplied).toBe('bbb');
    expect(condition(statusOf(w, 'r1'), 'Ready')).toBe('True');
  });
});
