// The BGP driver's session reporting against a fake BIRD: real states while BIRD answers,
// Unknown with birdc's reason (never the stale Established) while its control socket cannot
// be reached, and the real states again when it is back.
import type * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeAnnouncementSpec } from '../config/generated/nodeannouncement.generated.js';
import type { BirdAdapter, BirdApplyOutcome } from './bird-adapter.js';
import type { SessionStatus } from './build-node-status.js';
import { startKubeBgp, unknownSessions, type KubeBgp } from './kube-bgp.js';
import type { BirdSession } from './parse-bird-protocols.js';

const spec: NodeAnnouncementSpec = {
  revision: 'r1', holdsShared: false, localInterface: 'eth0', dummyInterface: 'kube-lb0',
  garp: { enabled: false, count: 1, intervalMs: 100 }, managedRanges: ['10.200.0.0/16'], addresses: [],
  bgp: { asn: 65001, neighbors: [{ address: '172.31.0.1', peerASN: 65000 }, { address: '172.31.0.5', peerASN: 65000 }], exportRanges: ['10.200.0.0/16'] },
};
const established: BirdSession[] = [
  { protocol: 'n1', neighbor: '172.31.0.1', state: 'Established', since: '2026-11-25 10:00:00' },
  { protocol: 'n2', neighbor: '172.31.0.5', state: 'Active', since: '2026-11-25 10:00:01' },
];
/** What promisified execFile rejects with when birdc cannot connect. */
const refused = (): Error => Object.assign(new Error('Command failed: birdc -s /run/bird/bird.ctl show protocols all'), {
  code: 1, stdout: 'Unable to connect to server control socket (/run/bird/bird.ctl): Connection refused\n', stderr: '',
});
const REASON = "BIRD's control socket cannot be reached: Unable to connect to server control socket (/run/bird/bird.ctl): Connection refused";

/** A BIRD whose answers the test sets. */
function fakeBird(): BirdAdapter & { reply: BirdSession[] | Error; applyError?: Error } {
  const bird = {
    reply: established as BirdSession[] | Error,
    applyError: undefined as Error | undefined,
    apply: (): Promise<BirdApplyOutcome> => (bird.applyError ? Promise.reject(bird.applyError) : Promise.resolve('started')),
    sessions: (): Promise<BirdSession[]> => (bird.reply instanceof Error ? Promise.reject(bird.reply) : Promise.resolve(bird.reply)),
    stop: () => Promise.resolve(),
  };
  return bird;
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('startKubeBgp session reporting', () => {
  let bgp: KubeBgp | undefined;
  afterEach(async () => { await bgp?.stop(); bgp = undefined; });
  const start = (bird: BirdAdapter, onSessions?: (s: SessionStatus[]) => void) =>
    (bgp = startKubeBgp({ bird, core: {} as k8s.CoreV1Api, namespace: 'gitlb-system', pollMs: 5, ...(onSessions ? { onSessions } : {}) }));

  it('reports Unknown with birdc\'s reason while BIRD is unreachable, then the real states again', async () => {
    const bird = fakeBird();
    const changes: SessionStatus[][] = [];
    const b = start(bird, (s) => changes.push(s));
    await b.update(spec, ['172.31.0.2']);
    expect(b.sessions()).toEqual([
      { neighbor: '172.31.0.1', state: 'Established', since: '2026-11-25 10:00:00' },
      { neighbor: '172.31.0.5', state: 'Active', since: '2026-11-25 10:00:01' },
    ]);

    bird.reply = refused();
    await until(() => b.sessions()[0]?.state === 'Unknown');
    expect(b.sessions()).toEqual([
      { neighbor: '172.31.0.1', state: 'Unknown', reason: REASON },
      { neighbor: '172.31.0.5', state: 'Unknown', reason: REASON },
    ]);
    const calls = changes.length;
    await new Promise((r) => setTimeout(r, 50)); // more failed polls: no new change reported
    expect(changes.length).toBe(calls);

    bird.reply = established;
    await until(() => b.sessions()[0]?.state === 'Established');
    expect(b.sessions().every((s) => s.reason === undefined)).toBe(true);
  });

  it('a BIRD unreachable from the start: the spec\'s neighbours are Unknown, not absent', async () => {
    const bird = fakeBird();
    bird.applyError = refused();
    bird.reply = refused();
    const b = start(bird);
    await b.update(spec, ['172.31.0.2']);
    expect(b.sessions().map((s) => `${s.neighbor}=${s.state}`)).toEqual(['172.31.0.1=Unknown', '172.31.0.5=Unknown']);
  });

  it('says when birdc timed out', async () => {
    const bird = fakeBird();
    bird.reply = Object.assign(new Error('Command failed'), { killed: true, signal: 'SIGTERM', stdout: '', stderr: '' });
    const b = start(bird);
    await b.update(spec, ['172.31.0.2']);
    expect(b.sessions()[0]).toEqual({ neighbor: '172.31.0.1', state: 'Unknown', reason: "BIRD's control socket cannot be reached: birdc timed out" });
  });
});

describe('unknownSessions', () => {
  it('takes the neighbours of the model BIRD was given, else those last read', () => {
    expect(unknownSessions(undefined, [{ neighbor: 'a', state: 'Established', since: 't' }], 'r')).toEqual([{ neighbor: 'a', state: 'Unknown', reason: 'r' }]);
    expect(unknownSessions(undefined, [], 'r')).toEqual([]);
  });
});
