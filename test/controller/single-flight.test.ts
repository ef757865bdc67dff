// Triggers during a run coalesce into exactly one more run: a slow source read is held open
// while many triggers arrive, and the controller runs twice, not once per trigger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Controller } from '../../reconciler/controller/controller.js';
import type { ConfigSource, SourceRead } from '../../reconciler/controller/config-source.js';
import { waitFor } from '../emulator/harness.js';
import { startWorld, type World } from '../integration/world.js';

let w: World;
let c: Controller | null = null;

beforeEach(async () => {
  w = await startWorld();
});

afterEach(async () => {
  await c?.stop();
  await w.stop();
});

describe('Controller triggers', () => {
  it('runs one at a time and coalesces triggers during a run into one more run', async () => {
    let reads = 0;
    let release: () => void = () => undefined;
    const source: ConfigSource = {
      describe: 'test',
      async read(): Promise<SourceRead> {
        reads++;
        if (reads === 1) await new Promise<void>((resolve) => (release = resolve));
        return { ok: false, reason: 'unreachable', revision: null, message: 'test source' };
      },
    };
    // Polls and resyncs far away: only the explicit triggers run.
    c = new Controller({ kc: w.kc, source, intervalMs: 3_600_000, resyncMs: 3_600_000, debounceMs: 10 });
    const ctl = c;
    ctl.start();
    await waitFor('first read in progress', () => reads === 1);
    for (let i = 0; i < 5; i++) ctl.trigger('test');
    expect(reads).toBe(1);
    release();
    await waitFor('two runs', () => ctl.runs === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(ctl.runs).toBe(2);
    // The second run was not asked to read (only the first run, a new leader and a poll read
    // the source): it plans from the first run's read.
    expect(reads).toBe(1);
    expect(ctl.last).toMatchObject({ outcome: 'source-failed', reason: 'unreachable' });
  });

  it('reports a poll whose source read throws: the run reads again and says why', async () => {
    let reads = 0;
    const source: ConfigSource = {
      describe: 'test',
      async read(): Promise<SourceRead> {
        if (++reads === 1) return { ok: false, reason: 'unreachable', revision: null, message: 'test source' };
        throw new Error('the source broke');
      },
    };
    c = new Controller({ kc: w.kc, source, intervalMs: 50, resyncMs: 3_600_000, debounceMs: 10 });
    const ctl = c;
    ctl.start();
    await waitFor('the failure reported', () => ctl.last?.outcome === 'error' && ctl.last);
    expect(ctl.last).toMatchObject({ outcome: 'error', message: 'the source broke' });
  });
});
