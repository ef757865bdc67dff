import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestRepo, type TestRepo } from '../../test/helpers/git-repo.js';
import { GitSource, type GitSourceOptions } from './git-source.js';

let repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos) r.cleanup();
  repos = [];
});

function setup(over: Partial<GitSourceOptions> = {}): { repo: TestRepo; source: GitSource; opts: GitSourceOptions } {
  const repo = createTestRepo();
  repos.push(repo);
  const opts: GitSourceOptions = {
    url: repo.url, branch: 'main', path: 'config', cacheDir: path.join(repo.root, 'cache'),
    requireSignedCommits: false, allowedSignersFile: null, timeoutMs: 20_000, ...over,
  };
  return { repo, source: new GitSource(opts), opts };
}

describe('GitSource', () => {
  it('clones the branch head and reports the config dir at that revision', async () => {
    const { repo, source } = setup();
    const sha = repo.commit({ 'config/a.yaml': 'a: 1\n' });
    const out = await source.sync();
    expect(out).toMatchObject({ ok: true, revision: sha, changed: true });
    if (!out.ok) throw new Error('unreachable');
    expect(readFileSync(path.join(out.dir, 'a.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('recovers a cache whose clone was killed half-way (a .git with no commit yet)', async () => {
    const { repo, source, opts } = setup();
    const sha = repo.commit({ 'config/a.yaml': 'a: 1\n' });
    mkdirSync(opts.cacheDir, { recursive: true });
    execFileSync('git', ['init', '-q', opts.cacheDir]);
    execFileSync('git', ['-C', opts.cacheDir, 'remote', 'add', 'origin', repo.url]);
    const out = await source.sync();
    expect(out).toMatchObject({ ok: true, revision: sha });
    if (!out.ok) throw new Error('unreachable');
    expect(readFileSync(path.join(out.dir, 'a.yaml'), 'utf8')).toBe('a: 1\n');
  });

  it('follows new commits, says when nothing changed, and drops local edits in the cache', async () => {
    const { repo, source, opts } = setup();
    repo.commit({ 'config/a.yaml': 'a: 1\n' });
    await source.sync();
    expect(await source.sync()).toMatchObject({ ok: true, changed: false });
    writeFileSync(path.join(opts.cacheDir, 'config/a.yaml'), 'tampered\n');
    writeFileSync(path.join(opts.cacheDir, 'config/junk.yaml'), 'junk\n');
    const sha2 = repo.commit({ 'config/b.yaml': 'b: 2\n' });
    const out = await source.sync();
    expect(out).toMatchObject({ ok: true, revision: sha2, changed: true });
    if (!out.ok) throw new Error('unreachable');
    expect(readFileSync(path.join(out.dir, 'a.yaml'), 'utf8')).toBe('a: 1\n');
    expect(() => readFileSync(path.join(out.dir, 'junk.yaml'))).toThrow();
    // A restarted controller reuses the cache: a new instance starts from the same clone.
    expect(await new GitSource(opts).sync()).toMatchObject({ ok: true, revision: sha2 });
  });

  it('reports an unreachable remote as an outcome that keeps the last good revision', async () => {
    const { repo, source, opts } = setup();
    const sha = repo.commit({ 'config/a.yaml': 'a: 1\n' });
    await source.sync();
    const gone = await new GitSource({ ...opts, url: `file://${repo.root}/nowhere.git` }).sync();
    expect(gone).toMatchObject({ ok: false, reason: 'unreachable' });
    if (gone.ok) throw new Error('unreachable');
    expect(gone.message).toContain('nowhere.git');
    // The old instance still names its last good revision when the remote breaks.
    execFileSync('mv', [repo.bare, `${repo.bare}.moved`]);
    expect(await source.sync()).toMatchObject({ ok: false, reason: 'unreachable', revision: sha });
  });

  it('reaches an ssh remote through the configured GIT_SSH_COMMAND', async () => {
    const { repo, opts } = setup();
    const sha = repo.commit({ 'config/a.yaml': 'a: 1\n' });
    // A stand-in for ssh: git calls it as `ssh [options] host "git-upload-pack '/path'"`; it runs
    // that last argument locally and leaves a trace, proving the command was used.
    const fakeSsh = path.join(repo.root, 'fake-ssh');
    const trace = path.join(repo.root, 'ssh-used');
    writeFileSync(fakeSsh, `#!/bin/sh\nfor last; do :; done\ntouch ${trace}\nexec sh -c "$last"\n`, { mode: 0o755 });
    const source = new GitSource({ ...opts, url: `ssh://git.example.test${repo.bare}`, sshCommand: fakeSsh });
    expect(await source.sync()).toMatchObject({ ok: true, revision: sha });
    expect(readFileSync(trace, 'utf8')).toBe('');
  });

  it('reports a config path missing at the revision', async () => {
    const { repo, source } = setup({ path: 'nope' });
    repo.commit({ 'config/a.yaml': 'a: 1\n' });
    expect(await source.sync()).toMatchObject({ ok: false, reason: 'missing-path' });
  });

  it('with required signatures, applies SSH-signed commits from allowed signers only', async () => {
    const { repo, opts } = setup({ requireSignedCommits: true });
    const key = path.join(repo.root, 'signer');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ops@example.test', '-f', key]);
    const signers = path.join(repo.root, 'allowed_signers');
    writeFileSync(signers, `t@example.test ${readFileSync(`${key}.pub`, 'utf8')}`);
    const source = new GitSource({ ...opts, allowedSignersFile: signers });

    const unsigned = repo.commit({ 'config/a.yaml': 'a: 1\n' }, 'unsigned');
    expect(await source.sync()).toMatchObject({ ok: false, reason: 'unsigned' });

    repo.git('config', 'gpg.format', 'ssh');
    const stranger = path.join(repo.root, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    repo.git('config', 'user.signingkey', stranger);
    repo.commit({ 'config/a.yaml': 'a: 2\n' }, 'signed by a key that is not allowed', ['-S']);
    expect(await source.sync()).toMatchObject({ ok: false, reason: 'unsigned' });

    repo.git('config', 'user.signingkey', key);
    repo.commit({ 'config/a.yaml': 'a: 3\n' }, 'signed', ['-S']);
    const head = repo.git('rev-parse', 'HEAD');
    expect(await source.sync()).toMatchObject({ ok: true, revision: head });
    // An earlier commit read back (a status names it as applied) is held to the same rule.
    expect(await source.treeAt(unsigned)).toMatchObject({ ok: false, message: expect.stringContaining('has no good signature') });
    const tree = await source.treeAt(head);
    expect(tree).toMatchObject({ ok: true });
    if (tree.ok) await tree.release();
  });

  it('reads an earlier commit into a temporary worktree, fetching it when the shallow clone lacks it', async () => {
    const { repo, source, opts } = setup();
    const old = repo.commit({ 'config/a.yaml': 'a: 1\n' });
    repo.commit({ 'config/a.yaml': 'a: 2\n' });
    // A fresh cache holds only the head (depth 1): `old` has to be fetched by id.
    expect(await source.sync()).toMatchObject({ ok: true });
    const tree = await source.treeAt(old);
    if (!tree.ok) throw new Error(tree.message);
    expect(readFileSync(path.join(tree.dir, 'a.yaml'), 'utf8')).toBe('a: 1\n');
    await tree.release();
    expect(existsSync(tree.dir)).toBe(false);
    // The cache still follows the head and holds no worktree.
    expect(readFileSync(path.join(opts.cacheDir, 'config/a.yaml'), 'utf8')).toBe('a: 2\n');
    expect(execFileSync('git', ['worktree', 'list'], { cwd: opts.cacheDir, encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
    expect(await source.sync()).toMatchObject({ ok: true, changed: false });
  });

  it('says why an earlier commit cannot be read', async () => {
    const { repo, source } = setup();
    const noConfig = repo.commit({ 'other.txt': 'x\n' });
    repo.commit({ 'config/a.yaml': 'a: 1\n' });
    await source.sync();
    expect(await source.treeAt('--upload-pack=evil')).toMatchObject({ ok: false, message: expect.stringContaining('not a commit id') });
    expect(await source.treeAt('0'.repeat(40))).toMatchObject({ ok: false, message: expect.stringContaining('cannot read commit 000000000000') });
    expect(await source.treeAt(noConfig)).toMatchObject({ ok: false, message: expect.stringContaining('path "config" does not exist') });
  });
});
