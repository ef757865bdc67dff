// Checks shared by the tests of rendered BIRD configs (the agent's and the lab router's): the
// text against a golden file, and BIRD's own parser on it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

/** Compares `text` with the file `golden`; UPDATE_GOLDEN=1 rewrites the file instead. */
export function expectGolden(golden: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
  expect(text).toBe(readFileSync(golden, 'utf8'));
}

/** BIRD's own parser (`bird -p`) must accept the config. */
export function expectBirdParses(text: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'gitlb-bird-'));
  try {
    const file = path.join(dir, 'bird.conf');
    writeFileSync(file, text);
    execFileSync('bird', ['-p', '-c', file], { stdio: 'pipe' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
