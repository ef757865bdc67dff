// The controller's own writes, so their watch events are not mistaken for news. Every write
// apply makes returns the object's new resourceVersion; a watch event carrying exactly that
// (kind, namespace, name, resourceVersion) is the echo of that write and nothing else, because a
// resourceVersion names one state of one object. Any other event, including a later change to
// the same object, is news. Deletes have no resourceVersion of their own: the next delete event
// of an object this controller deleted (with a resourceVersion precondition) is its echo.
import type { ClusterWriter } from '../apply/cluster-writer.js';
import type { WatchedChange } from '../cluster/live-watcher.js';

/** The writes whose echoes are still due, each kept until its echo arrives or it is pruned. */
export class OwnWrites {
  // kind/namespace/name -> the object and, per resourceVersion written, when (ms); '' stands for a delete
  private readonly pending = new Map<string, { kind: string; namespace: string; name: string; versions: Map<string, number> }>();

  /** Notes a write of an object that left it at `resourceVersion` ('' for a delete). */
  record(kind: string, namespace: string, name: string, resourceVersion: string, at = Date.now()): void {
    const key = keyOf(kind, namespace, name);
    const entry = this.pending.get(key) ?? { kind, namespace, name, versions: new Map<string, number>() };
    entry.versions.set(resourceVersion, at);
    this.pending.set(key, entry);
  }

  /** Whether `change` is the echo of a noted write; an echo is consumed, so it matches once. */
  consume(change: WatchedChange): boolean {
    const key = keyOf(change.kind, change.namespace, change.name);
    const versions = this.pending.get(key)?.versions;
    const rv = change.verb === 'delete' ? '' : change.resourceVersion;
    if (!versions?.has(rv) || (rv === '' && change.verb !== 'delete')) return false;
    versions.delete(rv);
    if (versions.size === 0) this.pending.delete(key);
    return true;
  }

  /** Forgets writes older than `maxAgeMs` whose echo never came (a re-list after 410 folds events). */
  prune(maxAgeMs: number, now = Date.now()): void {
    this.forget((_kind, _namespace, _name, _rv, at) => now - at > maxAgeMs);
  }

  /** Forgets the writes `done` says are settled (for instance: already in a cache that was filled by a list, not events). */
  forget(done: (kind: string, namespace: string, name: string, resourceVersion: string, at: number) => boolean): void {
    for (const [key, { kind, namespace, name, versions }] of this.pending) {
      for (const [rv, at] of versions) if (done(kind, namespace, name, rv, at)) versions.delete(rv);
      if (versions.size === 0) this.pending.delete(key);
    }
  }

  /** Forgets the writes a cache already shows: `current` gives an object's cached resourceVersion
   *  (undefined when absent). Writes to one object are made in order, so the cache holding one of
   *  them settles that one and every earlier one; a noted delete is settled by the object's absence. */
  settleFrom(current: (kind: string, namespace: string, name: string) => string | undefined): void {
    for (const [key, { kind, namespace, name, versions }] of this.pending) {
      const rv = current(kind, namespace, name);
      const written = [...versions.keys()];
      const upTo = rv === undefined ? written.indexOf('') : written.indexOf(rv);
      for (const v of written.slice(0, upTo + 1)) versions.delete(v);
      if (versions.size === 0) this.pending.delete(key);
    }
  }

  /** Writes whose echo is still due. */
  get size(): number {
    let n = 0;
    for (const v of this.pending.values()) n += v.versions.size;
    return n;
  }
}

function keyOf(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Called with each successful write: the object and the resourceVersion it left ('' for a delete). */
export type OnWrite = (kind: string, namespace: string, name: string, resourceVersion: string) => void;

/** Wraps a writer so that each successful write is reported to `note`; reads and Events pass through. */
export function recordingWriter(w: ClusterWriter, note: OnWrite): ClusterWriter {
  return {
    getService: (ns, name) => w.getService(ns, name),
    getAnnouncement: (kind, name) => w.getAnnouncement(kind, name),
    createEvent: (e) => w.createEvent(e),
    async patchServiceAnnotations(ns, name, rv, annotations) {
      const r = await w.patchServiceAnnotations(ns, name, rv, annotations);
      if (r.ok) note('Service', ns, name, r.value);
      return r;
    },
    async patchServiceIngress(ns, name, rv, ingress) {
      const r = await w.patchServiceIngress(ns, name, rv, ingress);
      if (r.ok) note('Service', ns, name, r.value);
      return r;
    },
    async createAnnouncement(kind, name, spec) {
      const r = await w.createAnnouncement(kind, name, spec);
      if (r.ok) note(kind, '', name, r.value);
      return r;
    },
    async replaceAnnouncement(kind, current, spec) {
      const r = await w.replaceAnnouncement(kind, current, spec);
      const name = ((current.object.metadata ?? {}) as { name?: string }).name ?? '';
      if (r.ok) note(kind, '', name, r.value);
      return r;
    },
    async deleteAnnouncement(kind, name, rv) {
      const r = await w.deleteAnnouncement(kind, name, rv);
      if (r.ok) note(kind, '', name, '');
      return r;
    },
  };
}
