// A config source that follows one branch of a Git remote: a shallow clone into a cache dir,
// then a fetch on every sync, and a hard reset when the branch moved. Expected failures (remote unreachable, branch missing,
// unsigned commit) are outcomes, not exceptions, so the controller can keep the last good
// revision in force and say why in its status. An earlier commit (the one a restarted
// controller's status names as applied) can be read back into a temporary worktree.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

/** Where to read the config from. */
export interface GitSourceOptions {
  /** Remote URL: https://, ssh://, git@host:path or file:// (a plain path ignores --depth). */
  url: string;
  branch: string;
  /** Sub-directory of the repository that holds the config tree ('' or '.' = the root). */
  path: string;
  /** Directory that holds the clone; created when missing, reused across restarts. */
  cacheDir: string;
  /** Refuse a head commit whose signature does not verify against allowedSignersFile. */
  requireSignedCommits: boolean;
  /** An SSH allowed-signers file (git's gpg.ssh.allowedSignersFile) for SSH-signed commits. */
  allowedSignersFile: string | null;
  /** Hard deadline for one clone or fetch. */
  timeoutMs: number;
  /** GIT_SSH_COMMAND for ssh remotes (the chart mounts a key and sets it); null: git's default.
   *  simple-git strips GIT_* variables unless told, so it is passed on explicitly. */
  sshCommand?: string | null;
}

/** The result of one sync. */
export type GitSyncOutcome =
  | { ok: true; revision: string; dir: string; changed: boolean }
  | { ok: false; reason: 'unreachable' | 'unsigned' | 'missing-path'; message: string; revision: string | null };

/** The config dir at an earlier commit, to be released once read; or why there is none. */
export type GitTreeOutcome = { ok: true; dir: string; release(): Promise<void> } | { ok: false; message: string };

/** A full commit id (SHA-1 or SHA-256): anything else from a status object is not passed to git. */
const COMMIT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Follows a branch of a remote; one instance per source, not safe for concurrent sync() or
 *  treeAt() calls (the controller serialises them: serial-source.ts). */
export class GitSource {
  private lastRevision: string | null = null;
  /** Whether this instance has pointed the cache's origin at opts.url yet. */
  private urlSet = false;
  /** The commit this instance last reset the cache's work tree to; null before the first. */
  private checkedOut: string | null = null;

  constructor(private readonly opts: GitSourceOptions) {}

  /** Brings the cache to the remote's branch head and returns the config dir at that revision. */
  async sync(): Promise<GitSyncOutcome> {
    const fetched = await this.fetchHead();
    if (!fetched.ok) return fetched;
    const revision = fetched.revision;
    if (this.opts.requireSignedCommits) {
      const verdict = await this.signatureVerdict();
      // %G? prints G for a good signature; everything else (N none, B bad, U/X/Y/R/E) is refused.
      if (verdict !== 'G') {
        return {
          ok: false,
          reason: 'unsigned',
          revision,
          message: `commit ${revision.slice(0, 12)} on ${this.opts.branch} has no good signature (git %G? = ${verdict || 'N'}); it is not applied`,
        };
      }
    }
    const dir = path.resolve(this.opts.cacheDir, this.opts.path || '.');
    if (!(await isDirectory(dir))) {
      return { ok: false, reason: 'missing-path', revision, message: `path "${this.opts.path}" does not exist in ${this.opts.url} at ${revision.slice(0, 12)}` };
    }
    const changed = revision !== this.lastRevision;
    this.lastRevision = revision;
    return { ok: true, revision, dir, changed };
  }

  /** Checks the commit `revision` out into a temporary worktree of the cache clone, fetching it
   *  first when the shallow clone lacks it (a depth-1 fetch by id, which file:// and the common
   *  servers allow for reachable commits), under the same signature rule as the head. Call after
   *  a sync() (the clone must exist) and never during one. */
  async treeAt(revision: string): Promise<GitTreeOutcome> {
    const { cacheDir } = this.opts;
    const short = revision.slice(0, 12);
    if (!COMMIT_ID.test(revision)) return { ok: false, message: `"${revision}" is not a commit id` };
    if (!(await isDirectory(path.join(cacheDir, '.git')))) return { ok: false, message: `no clone of ${this.opts.url} in ${cacheDir} yet` };
    let parent: string | null = null;
    const release = async (): Promise<void> => {
      if (parent === null) return;
      const tree = path.join(parent, 'tree');
      parent = null;
      await this.git(cacheDir)
        .raw(['worktree', 'remove', '--force', tree])
        .catch(() => undefined); // the dir goes below either way; `worktree prune` drops the entry next time
      await rm(path.dirname(tree), { recursive: true, force: true });
    };
    try {
      const has = await this.git(cacheDir)
        .raw(['cat-file', '-e', `${revision}^{commit}`])
        .then(() => true, () => false);
      if (!has) await this.git(cacheDir).fetch(['--depth', '1', 'origin', revision]);
      if (this.opts.requireSignedCommits) {
        const verdict = await this.signatureVerdict(revision);
        if (verdict !== 'G') return { ok: false, message: `commit ${short} has no good signature (git %G? = ${verdict || 'N'})` };
      }
      await this.git(cacheDir).raw(['worktree', 'prune']);
      parent = await mkdtemp(path.join(tmpdir(), 'gitlb-git-revision-'));
      const tree = path.join(parent, 'tree');
      await this.git(cacheDir).raw(['worktree', 'add', '--detach', tree, revision]);
      const dir = path.resolve(tree, this.opts.path || '.');
      if (!(await isDirectory(dir))) {
        await release();
        return { ok: false, message: `path "${this.opts.path}" does not exist in ${this.opts.url} at ${short}` };
      }
      return { ok: true, dir, release };
    } catch (err: unknown) {
      await release();
      return { ok: false, message: `cannot read commit ${short} from ${this.opts.url}: ${gitMessage(err)}` };
    }
  }

  private async fetchHead(): Promise<{ ok: true; revision: string } | Extract<GitSyncOutcome, { ok: false }>> {
    const { cacheDir, url, branch } = this.opts;
    try {
      if (!(await isDirectory(path.join(cacheDir, '.git')))) {
        await rm(cacheDir, { recursive: true, force: true });
        await mkdir(cacheDir, { recursive: true });
        await this.git(path.dirname(cacheDir)).clone(url, cacheDir, ['--depth', '1', '--branch', branch, '--single-branch']);
        this.checkedOut = (await this.git(cacheDir).revparse(['HEAD'])).trim();
        return { ok: true, revision: this.checkedOut };
      }
      // Every git command is a process spawn, which blocks the event loop for a moment: a poll of
      // an unchanged branch runs two (fetch, rev-parse FETCH_HEAD), plus a signature check when
      // signed commits are required.
      const git = this.git(cacheDir);
      if (!this.urlSet) {
        await git.remote(['set-url', 'origin', url]);
        this.urlSet = true;
      }
      await git.fetch(['--depth', '1', 'origin', branch]);
      const fetched = (await git.revparse(['FETCH_HEAD'])).trim();
      // Only this instance moves the cache after its first reset, so at the commit it reset to
      // there is nothing to reset again. The first sync of an instance always resets: a restarted
      // process may find a clone killed half-way, whose HEAD is not even a commit yet.
      if (fetched !== this.checkedOut) {
        await git.raw(['reset', '--hard', 'FETCH_HEAD']);
        await git.raw(['clean', '-fdx']);
        this.checkedOut = fetched;
      }
      return { ok: true, revision: fetched };
    } catch (err: unknown) {
      return { ok: false, reason: 'unreachable', revision: this.lastRevision, message: `cannot fetch ${branch} from ${url}: ${gitMessage(err)}` };
    }
  }

  private async signatureVerdict(revision = 'HEAD'): Promise<string> {
    const config = this.opts.allowedSignersFile ? ['-c', `gpg.ssh.allowedSignersFile=${this.opts.allowedSignersFile}`] : [];
    const out = await this.git(this.opts.cacheDir).raw([...config, 'log', '-1', '--format=%G?', revision]);
    return out.trim();
  }

  private git(baseDir: string): SimpleGit {
    // One instance per operation: each gets its own hard deadline (LIBRARIES.md).
    const base = { baseDir, timeout: { block: this.opts.timeoutMs }, abort: AbortSignal.timeout(this.opts.timeoutMs) };
    const ssh = this.opts.sshCommand ?? null;
    if (ssh === null) return simpleGit(base);
    // .env() replaces the whole environment and rejects guarded keys (EDITOR, PAGER, GIT_*) it
    // was not told about, so pass only what git and ssh need.
    const env: Record<string, string> = { GIT_SSH_COMMAND: ssh };
    for (const k of PASSED_ENV) {
      const v = process.env[k];
      if (v !== undefined) env[k] = v;
    }
    return simpleGit({ ...base, allowEnvironment: ['GIT_SSH_COMMAND'], unsafe: { allowUnsafeSshCommand: true } }).env(env);
  }
}

/** Environment variables passed to git when an ssh command is set. */
const PASSED_ENV = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TMPDIR', 'SSH_AUTH_SOCK', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'];

/** The last lines of a git failure: where git says what went wrong. */
function gitMessage(err: unknown): string {
  return err instanceof Error ? err.message.trim().split('\n').slice(-3).join(' ') : String(err);
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}
