// Real Git repositories for tests: a bare remote in a temp dir and a work clone that commits
// and pushes to it, driven by the git binary.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A bare remote plus a work tree that pushes to it. */
export interface TestRepo {
  root: string;
  bare: string;
  /** file:// URL of the bare remote (a plain path ignores --depth). */
  url: string;
  work: string;
  /** Writes files (path → content, relative to the work tree), commits and pushes; returns the commit. */
  commit(files: Record<string, string>, message?: string, extraArgs?: string[]): string;
  git(...args: string[]): string;
  cleanup(): void;
}

/** Creates a bare remote with branch `main` and an initial empty commit. */
export function createTestRepo(): TestRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'gitlb-repo-'));
  const bare = path.join(root, 'remote.git');
  const work = path.join(root, 'work');
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' };
  const run = (cwd: string, args: string[]): string => execFileSync('git', args, { cwd, env, encoding: 'utf8' }).trim();
  run(root, ['init', '-q', '--bare', '-b', 'main', bare]);
  run(root, ['init', '-q', '-b', 'main', work]);
  run(work, ['remote', 'add', 'origin', bare]);
  run(work, ['commit', '-q', '--allow-empty', '-m', 'init']);
  run(work, ['push', '-q', 'origin', 'main']);
  return {
    root,
    bare,
    url: `file://${bare}`,
    work,
    git: (...args) => run(work, args),
    commit(files, message = 'change', extraArgs = []) {
      for (const [rel, text] of Object.entries(files)) {
        const p = path.join(work, rel);
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, text);
      }
      run(work, ['add', '-A']);
      run(work, ['commit', '-q', ...extraArgs, '-m', message]);
      run(work, ['push', '-q', 'origin', 'main']);
      return run(work, ['rev-parse', 'HEAD']);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
