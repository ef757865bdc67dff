// A kubeconfig for the emulator. Plain http needs no CA; kubectl ignores TLS settings for an
// http:// server, but @kubernetes/client-node 1.4 refuses an http:// server unless the
// cluster has skipTLSVerify (insecure-skip-tls-verify) set, so the file sets it. The token
// is a placeholder: the emulator does no authentication.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** Names used in the kubeconfig. */
export interface KubeconfigNames {
  cluster?: string;
  user?: string;
  context?: string;
  namespace?: string;
}

/** The kubeconfig text for a server URL. */
export function renderKubeconfig(server: string, names: KubeconfigNames = {}): string {
  const cluster = names.cluster ?? 'gitlb-emulator';
  const user = names.user ?? 'gitlb-emulator';
  const context = names.context ?? 'gitlb-emulator';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: cluster, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: user, user: { token: 'emulator' } }],
    contexts: [{ name: context, context: { cluster, user, namespace: names.namespace ?? 'default' } }],
    'current-context': context,
    preferences: {},
  });
}

/** Writes the kubeconfig for `server` to `file` (mode 0600, directories created). */
export async function writeKubeconfig(file: string, server: string, names: KubeconfigNames = {}): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  // Written aside and renamed: a reader polling for the file never sees half of it.
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, renderKubeconfig(server, names), { mode: 0o600 });
  await rename(tmp, file);
}
