import { describe, expect, it } from 'vitest';
import type { NodeAnnouncementStatus } from '../config/generated/nodeannouncement.generated.js';
import { carryTransitionTimes, mergePatchFor } from './kube-status-patch.js';

const ready = (status: 'True' | 'False', at: string): NodeAnnouncementStatus =>
  ({ observedGeneration: 1, conditions: [{ type: 'Ready', status, reason: 'Synced', lastTransitionTime: at }] });

describe('carryTransitionTimes', () => {
  it('keeps the stored time while the status holds, takes the new one when it changes', () => {
    expect(carryTransitionTimes(ready('True', 'new'), ready('True', 'old')).conditions?.[0]?.lastTransitionTime).toBe('old');
    expect(carryTransitionTimes(ready('False', 'new'), ready('True', 'old')).conditions?.[0]?.lastTransitionTime).toBe('new');
    expect(carryTransitionTimes(ready('True', 'new'), undefined).conditions?.[0]?.lastTransitionTime).toBe('new');
  });
});

describe('mergePatchFor', () => {
  const table: { name: string; before: unknown; after: unknown; patch: unknown }[] = [
    { name: 'equal', before: { a: 1, b: [1, 2] }, after: { b: [1, 2], a: 1 }, patch: undefined },
    { name: 'changed scalar', before: { a: 1 }, after: { a: 2 }, patch: { a: 2 } },
    { name: 'array replaced whole', before: { a: [1, 2] }, after: { a: [2] }, patch: { a: [2] } },
    { name: 'removed key nulled', before: { d: { repairs: 1, lastRepair: 't' } }, after: { d: { repairs: 1 } }, patch: { d: { lastRepair: null } } },
    { name: 'from nothing', before: undefined, after: { a: { b: 1 } }, patch: { a: { b: 1 } } },
    { name: 'undefined values skipped', before: { a: 1 }, after: { a: 1, b: undefined }, patch: undefined },
  ];
  for (const row of table) it(row.name, () => expect(mergePatchFor(row.before, row.after)).toEqual(row.patch));
});
