// Where the controller reads its config from: a Git branch, a directory, or the gitlb user
// kinds stored in the cluster. Every source ends in the same loadConfig, so an invalid tree is
// reported with the same located diagnostics whatever it came from. Expected failures (remote
// unreachable, unsigned head, missing path, API unreadable) are outcomes, not exceptions.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { loadConfig } from '../config/load.js';
import type { LoadResult } from '../config/diagnostic.js';
import type { DesiredState } from '../config/model.js';
import { GitSource, type GitSourceOptions } from './git-source.js';
import { makeKeepAliveClient } from '../kube/keep-alive.js';

/** One read of a source: the loaded config at a revision, or why there is none. */
export type SourceRead =
  | { ok: true; revision: string | null; config: LoadResult<DesiredState> }
  | { ok: false; reason: 'unreachable' | 'unsigned' | 'missing-path'; message: string; revision: string | null };

/** One read of an earlier revision: its loaded config, or why it cannot be had. */
export type RevisionRead = { ok: true; config: LoadResult<DesiredState> } | { ok: false; message: string };

/** A config source the controller polls. */
export interface ConfigSource {
  /** The source as ReconcilerStatus.spec.source states it. */
  readonly describe: string;
  read(): Promise<SourceRead>;
  /** Loads an earlier revision (one a ReconcilerStatus names as applied), so a restarted
   *  controller can keep it in force; only sources with history (git) have it. */
  readAt?(revision: string): Promise<RevisionRead>;
  close?(): Promise<void>;
}

/** Follows a Git branch; the revision is the commit SHA and file names are relative to the config path. */
export function gitConfigSource(opts: GitSourceOptions): ConfigSource {
  const git = new GitSource(opts);
  // The same commit loads to the same result: polling an unchanged branch skips the re-parse.
  let cached: { revision: string; config: LoadResult<DesiredState> } | null = null;
  return {
    describe: `git ${opts.url}#${opts.branch}:${opts.path || '.'}`,
    async read() {
      const s = await git.sync();
      if (!s.ok) return s;
      if (cached?.revision !== s.revision) {
        const config = await loadConfig([s.dir], { cwd: s.dir });
        // The commit, not the content hash, is the revision a GitOps user can find in their history.
        cached = { revision: s.revision, config: config.ok ? { ...config, value: { ...config.value, revision: s.revision } } : config };
      }
      return { ok: true, revision: s.revision, config: cached.config };
    },
    async readAt(revision) {
      const tree = await git.treeAt(revision);
      if (!tree.ok) return tree;
      try {
        const config = await loadConfig([tree.dir], { cwd: tree.dir });
        return { ok: true, config: config.ok ? { ...config, value: { ...config.value, revision } } : config };
      } finally {
        await tree.release();
      }
    },
  };
}

/** Reads a directory on every poll; the revision is the content hash of its YAML files, invalid or not.
 *  A directory has no history, so there is no readAt: after a restart onto an invalid tree nothing
 *  is kept in force (new Services wait) until the tree is valid again. */
export function dirConfigSource(dir: string): ConfigSource {
  const root = path.resolve(dir);
  return {
    describe: `dir ${dir}`,
    async read() {
      const config = await loadConfig([root], { cwd: root });
      return { ok: true, revision: config.revision, config };
    },
  };
}

/** The user kinds `--source cluster` reads, as (kind, plural). */
const USER_KINDS: ReadonlyArray<{ kind: string; plural: string }> = [
  { kind: 'ServiceGroup', plural: 'servicegroups' },
  { kind: 'LBNodeAgent', plural: 'lbnodeagents' },
  { kind: 'BGPConfiguration', plural: 'bgpconfigurations' },
];

/** Reads the gitlb user kinds from the API, writes each as `<kind>-<name>.yaml` into a temp dir
 *  and loads that dir, so diagnostics are located in those generated files; the revision is
 *  the content hash of those files, invalid or not. The API keeps no earlier specs, so there is
 *  no readAt: after a restart onto invalid objects nothing is kept in force until they are valid. */
export function clusterConfigSource(kc: k8s.KubeConfig): ConfigSource {
  const custom = makeKeepAliveClient(kc, k8s.CustomObjectsApi);
  let dir: string | null = null;
  return {
    describe: 'cluster',
    async read() {
      let lists: Array<{ kind: string; items: Array<Record<string, unknown>> }>;
      try {
        lists = await Promise.all(
          USER_KINDS.map(async ({ kind, plural }) => {
            const r = (await custom.listClusterCustomObject({ group: 'gitlb.io', version: 'v1', plural })) as { items?: Array<Record<string, unknown>> };
            return { kind, items: r.items ?? [] };
          }),
        );
      } catch (err: unknown) {
        return { ok: false, reason: 'unreachable', revision: null, message: `cannot read the gitlb kinds from the cluster: ${err instanceof Error ? err.message : String(err)}` };
      }
      // A fresh dir per read: a deleted object must not survive as a stale file.
      if (dir) await rm(dir, { recursive: true, force: true });
      dir = await mkdtemp(path.join(tmpdir(), 'gitlb-cluster-config-'));
      for (const { kind, items } of lists) {
        for (const item of items) {
          const meta = (item.metadata ?? {}) as { name?: string; labels?: unknown; annotations?: unknown };
          const name = meta.name ?? 'unnamed';
          // Server-owned metadata (uid, resourceVersion, managedFields) is not config.
          const doc = { apiVersion: item.apiVersion, kind, metadata: { name, ...(meta.labels ? { labels: meta.labels } : {}) }, spec: item.spec };
          await writeFile(path.join(dir, `${kind.toLowerCase()}-${name}.yaml`), stringify(doc));
        }
      }
      const config = await loadConfig([dir], { cwd: dir });
      // The content hash of the generated files: a pure function of the objects' names, labels and specs.
      return { ok: true, revision: config.revision, config };
    },
    async close() {
      if (dir) await rm(dir, { recursive: true, force: true });
      dir = null;
    },
  };
}
