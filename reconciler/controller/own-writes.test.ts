// OwnWrites: an event is an echo only when it carries exactly a resourceVersion this controller
// wrote (or is the delete it made), and each echo matches once.
import { describe, expect, it } from 'vitest';
import type { WatchedChange } from '../cluster/live-watcher.js';
import { OwnWrites } from './own-writes.js';

const change = (verb: WatchedChange['verb'], name: string, resourceVersion: string, kind = 'Service', namespace = 'default'): WatchedChange => ({ kind, verb, namespace, name, resourceVersion });

describe('OwnWrites', () => {
  it('tells echoes from news, step by step', () => {
    const own = new OwnWrites();
    own.record('Service', 'default', 'web', '10');
    own.record('Service', 'default', 'web', '11');
    own.record('NodeAnnouncement', '', 'node-a', '12');
    own.record('SharedAnnouncement', '', 'shared-10-0-0-0-25', '');
    const steps: Array<[string, WatchedChange, boolean]> = [
      ['the echo of a write', change('update', 'web', '10'), true],
      ['the same event again is news (each echo matches once)', change('update', 'web', '10'), false],
      ['another version of the same object is news', change('update', 'web', '13'), false],
      ['the same version of another object is news', change('update', 'api', '11'), false],
      ['the same name in another namespace is news', change('update', 'web', '11', 'Service', 'shop'), false],
      ['the second write\'s echo', change('update', 'web', '11'), true],
      ['a cluster-scoped echo', change('update', 'node-a', '12', 'NodeAnnouncement', ''), true],
      ['an update is never the echo of a delete', change('update', 'shared-10-0-0-0-25', '', 'SharedAnnouncement', ''), false],
      ['the delete it made', change('delete', 'shared-10-0-0-0-25', '14', 'SharedAnnouncement', ''), true],
      ['a second delete is news', change('delete', 'shared-10-0-0-0-25', '15', 'SharedAnnouncement', ''), false],
    ];
    for (const [what, c, echo] of steps) expect([what, own.consume(c)]).toEqual([what, echo]);
    expect(own.size).toBe(0);
  });

  it('settles from a cache: the version it holds and every earlier write of that object', () => {
    const own = new OwnWrites();
    own.record('Service', 'default', 'web', '10');
    own.record('Service', 'default', 'web', '11');
    own.record('Service', 'default', 'web', '12');
    own.record('Service', 'default', 'api', '20');
    own.record('NodeAnnouncement', '', 'gone', '');
    own.record('NodeAnnouncement', '', 'kept', '');
    const cache: Record<string, string> = { 'Service/default/web': '11', 'Service/default/api': '21', 'NodeAnnouncement//kept': '30' };
    own.settleFrom((kind, namespace, name) => cache[`${kind}/${namespace}/${name}`]);
    // web@12 is still due; api holds a version not written here (20 may come yet); kept exists, so its delete is due.
    expect(own.size).toBe(3);
    expect(own.consume(change('update', 'web', '12'))).toBe(true);
    expect(own.consume(change('update', 'api', '20'))).toBe(true);
    expect(own.consume(change('delete', 'kept', '31', 'NodeAnnouncement', ''))).toBe(true);
  });

  it('forgets writes whose echo never came', () => {
    const own = new OwnWrites();
    own.record('Service', 'default', 'web', '10', 1000);
    own.record('Service', 'default', 'web', '11', 5000);
    own.prune(2000, 6000);
    expect(own.size).toBe(1);
    expect(own.consume(change('update', 'web', '10'))).toBe(false);
    expect(own.consume(change('update', 'web', '11'))).toBe(true);
  });
});
