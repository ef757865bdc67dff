// One fresh lab per e2e test file (kept apart from lab-harness.ts, which the lab benchmark
// also imports outside vitest).
import { afterAll, beforeAll } from 'vitest';
import { labDown, labName, startLab, type E2eLab } from './lab-harness.js';

/** A fresh lab for the calling test file: up before its tests, down after them. */
export function labForThisFile(tag: string, nodes = 3): () => E2eLab {
  const name = labName(tag);
  let lab: E2eLab | undefined;
  beforeAll(async () => {
    lab = await startLab(name, nodes);
  }, 300_000);
  // By name, so a lab whose `up` failed or timed out half-way is removed too.
  afterAll(async () => {
    await labDown(name);
  }, 60_000);
  return () => {
    if (!lab) throw new Error('the lab did not come up (see beforeAll)');
    return lab;
  };
}

