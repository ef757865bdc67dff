// The writer the controller applies through: reads pass, writes fail once this instance is no
// longer the leader, so a lost Lease stops a half-applied plan at the next write.
import type { ClusterWriter } from '../apply/cluster-writer.js';

/** Wraps a writer so that every write fails once this instance is no longer the leader:
 *  losing the Lease stops applying at the next write, not at the end of the plan. */
export function leaderOnly(w: ClusterWriter, isLeader: () => boolean): ClusterWriter {
  const refuse = { ok: false as const, reason: 'error' as const, code: 0, message: 'not the leader any more' };
  return {
    getService: (ns, name) => w.getService(ns, name),
    getAnnouncement: (kind, name) => w.getAnnouncement(kind, name),
    patchServiceAnnotations: async (...a) => (isLeader() ? w.patchServiceAnnotations(...a) : refuse),
    patchServiceIngress: async (...a) => (isLeader() ? w.patchServiceIngress(...a) : refuse),
    createEvent: async (e) => (isLeader() ? w.createEvent(e) : refuse),
    createAnnouncement: async (...a) => (isLeader() ? w.createAnnouncement(...a) : refuse),
    replaceAnnouncement: async (...a) => (isLeader() ? w.replaceAnnouncement(...a) : refuse),
    deleteAnnouncement: async (...a) => (isLeader() ? w.deleteAnnouncement(...a) : refuse),
  };
}
