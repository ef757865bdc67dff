// The BirdReachable condition and Unknown sessions in the status built from the agent's facts.
import { describe, expect, it } from 'vitest';
import { buildNodeStatus, type NodeStatusFacts } from './build-node-status.js';

const facts: NodeStatusFacts = {
  generation: 2, links: [{ index: 5, name: 'kube-lb0', up: true }], addresses: [], dummyInterface: 'kube-lb0',
  localInterface: undefined, defaultInterface: undefined, sessions: [], driftRepairs: 0, outcome: 'ok',
};
const t0 = new Date('2026-11-25T10:00:00Z');
const t1 = new Date('2026-11-25T10:01:00Z');
const reason = "BIRD's control socket cannot be reached: Unable to connect to server control socket (/run/bird/bird.ctl): No such file or directory";

describe('buildNodeStatus: BGP sessions', () => {
  it('no sessions (no BIRD driven, or no neighbours): no BirdReachable condition', () => {
    expect(buildNodeStatus(facts, t0).conditions?.map((c) => c.type)).toEqual(['Ready', 'Reconciling', 'Stalled']);
  });

  it('sessions read from BIRD: BirdReachable True', () => {
    const st = buildNodeStatus({ ...facts, sessions: [{ neighbor: '172.31.0.1', state: 'Established', since: '10:00:00' }] }, t0);
    expect(st.sessions).toEqual([{ neighbor: '172.31.0.1', state: 'Established', since: '10:00:00' }]);
    expect(st.conditions?.find((c) => c.type === 'BirdReachable')).toMatchObject({ status: 'True', reason: 'SessionsRead', observedGeneration: 2 });
  });

  it('BIRD unreachable: sessions Unknown with the reason, BirdReachable False since the transition, Ready untouched', () => {
    const up = buildNodeStatus({ ...facts, sessions: [{ neighbor: '172.31.0.1', state: 'Established', since: '10:00:00' }] }, t0);
    const down = buildNodeStatus({ ...facts, sessions: [{ neighbor: '172.31.0.1', state: 'Unknown', reason }] }, t1, up);
    expect(down.sessions).toEqual([{ neighbor: '172.31.0.1', state: 'Unknown', reason }]);
    expect(JSON.stringify(down)).not.toContain('Established');
    expect(down.conditions?.find((c) => c.type === 'BirdReachable')).toEqual({
      type: 'BirdReachable', status: 'False', reason: 'BirdUnreachable', message: reason, lastTransitionTime: t1.toISOString(), observedGeneration: 2,
    });
    expect(down.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: t0.toISOString() });
  });
});
