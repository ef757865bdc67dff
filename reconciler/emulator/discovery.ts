// Discovery documents (legacy, non-aggregated form): /version, /api, /apis, /apis/<group>,
// and the resource lists of each group/version. kubectl asks for these before anything else,
// and maps `kubectl get svc` to a resource through their names, short names and verbs.
import type { JsonObject } from './json.js';
import { groupVersion, type ResourceType } from './resources.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The Kubernetes version the emulator claims to be (the kubectl it is checked against). */
export const EMULATED_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0-gitlb-emulator' };

/** GET /version. */
export function versionInfo(): JsonObject {
  return {
    ...EMULATED_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** GET /api. */
export function coreVersions(serverAddress: string): JsonObject {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** The named groups, in first-seen order, with their versions. */
export function groupsOf(resources: ResourceType[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const r of resources) {
    if (r.group === '') continue;
    const versions = groups.get(r.group) ?? [];
    if (!versions.includes(r.version)) versions.push(r.version);
    groups.set(r.group, versions);
  }
  return groups;
}

/** GET /apis/<group> (or one entry of /apis). */
export function apiGroup(name: string, versions: string[]): JsonObject {
  const vs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: vs, preferredVersion: vs[0]! };
}

/** GET /apis. */
export function apiGroupList(resources: ResourceType[]): JsonObject {
  const groups = [...groupsOf(resources)].map(([name, versions]) => {
    const { kind: _k, apiVersion: _a, ...g } = apiGroup(name, versions);
    return g;
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** GET /api/v1 or /apis/<group>/<version>: the resources and their subresources. */
export function apiResourceList(gv: string, resources: ResourceType[]): JsonObject {
  const list: JsonObject[] = [];
  for (const r of resources.filter((x) => groupVersion(x) === gv)) {
    const entry: JsonObject = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: VERBS };
    if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
    if (r.categories.length > 0) entry.categories = r.categories;
    list.push(entry);
    if (r.statusSubresource) {
      list.push({ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources: list };
}
