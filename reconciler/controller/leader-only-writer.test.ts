// leaderOnly: a lost Lease stops writes at once, reads go on.
import { describe, expect, it } from 'vitest';
import type { ClusterWriter } from '../apply/cluster-writer.js';
import { leaderOnly } from './leader-only-writer.js';

describe('leaderOnly', () => {
  it('passes writes while leading and refuses them, without calling the API, once leadership is lost', async () => {
    const calls: string[] = [];
    const ok = { ok: true as const, value: 'rv' };
    const inner = {
      getService: async () => ({ ok: false as const, reason: 'not-found' as const, code: 404, message: '' }),
      getAnnouncement: async () => ({ ok: false as const, reason: 'not-found' as const, code: 404, message: '' }),
      patchServiceAnnotations: async () => (calls.push('annotations'), ok),
      patchServiceIngress: async () => (calls.push('ingress'), ok),
      createEvent: async () => (calls.push('event'), { ok: true as const, value: undefined }),
      createAnnouncement: async () => (calls.push('create'), ok),
      replaceAnnouncement: async () => (calls.push('replace'), ok),
      deleteAnnouncement: async () => (calls.push('delete'), { ok: true as const, value: undefined }),
    } satisfies ClusterWriter;
    let leading = true;
    const w = leaderOnly(inner, () => leading);
    expect(await w.patchServiceIngress('default', 'web', '1', ['192.0.2.1'])).toEqual(ok);
    leading = false;
    expect(await w.patchServiceIngress('default', 'web', '1', ['192.0.2.1'])).toMatchObject({ ok: false, reason: 'error' });
    expect(await w.createAnnouncement('NodeAnnouncement', 'node-a', {})).toMatchObject({ ok: false });
    expect(await w.getService('default', 'web')).toMatchObject({ reason: 'not-found' });
    expect(calls).toEqual(['ingress']);
  });
});
