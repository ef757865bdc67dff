// `--dir`: an invalid tree is named in the status by its content hash (as a valid tree is), not
// "(unknown)", so the user can tell which edit of the directory failed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Controller } from '../../reconciler/controller/controller.js';
import { dirConfigSource } from '../../reconciler/controller/config-source.js';
import { loadConfig } from '../../reconciler/config/load.js';
import { waitFor } from '../emulator/harness.js';
import { basicFiles, condition, makeController, startScene, statusOf } from './setup.js';

let scene: Awaited<ReturnType<typeof startScene>>;
let c: Controller | null = null;
let dir = '';

beforeEach(async () => {
  scene = await startScene();
  dir = mkdtempSync(path.join(tmpdir(), 'gitlb-ctl-dir-'));
  mkdirSync(path.join(dir, 'config'));
  for (const [f, text] of Object.entries(basicFiles())) writeFileSync(path.join(dir, f), text);
});

afterEach(async () => {
  await c?.stop();
  c = null;
  await scene.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('Controller with --dir', () => {
  it('names an invalid tree by its content hash in the status, and keeps the applied one', async () => {
    const { w } = scene;
    const root = path.join(dir, 'config');
    const good = await loadConfig([root], { cwd: root });
    if (!good.ok) throw new Error('the basic example does not load');
    const source = dirConfigSource(root);
    c = makeController(scene, 'from-dir', { source });
    c.start();
    await waitFor('applied', () => statusOf(w, 'from-dir')?.revisionApplied === good.value.revision);

    const file = path.join(root, 'servicegroup-default.yaml');
    writeFileSync(file, basicFiles()['config/servicegroup-default.yaml']!.replace('192.168.10.240-192.168.10.250', 'not-an-address'));
    const s = await waitFor('stalled', () => {
      const st = statusOf(w, 'from-dir');
      return condition(st, 'Stalled') === 'True' && st;
    });
    expect(s.revisionSeen).toMatch(/^sha256:[0-9a-f]{12}$/);
    expect(s.revisionSeen).not.toBe(good.value.revision);
    expect(s.revisionApplied).toBe(good.value.revision);
    const stalled = s.conditions?.find((x) => x.type === 'Stalled')?.message ?? '';
    expect(stalled).toContain(`revision ${s.revisionSeen} is invalid`);
    expect(stalled).not.toContain('(unknown)');
  });
});
