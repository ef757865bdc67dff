// Raw JSON reads through a KubeConfig (its TLS, token, exec and proxy settings), without
// client-node's typed models: observation keeps every object exactly as the API server sent it
// (timestamps as RFC 3339 strings, unknown fields intact), so a dump reads like kubectl's and
// decodes with the same code as a state file. Writes stay on client-node's typed APIs.
import http from 'node:http';
import https from 'node:https';
import type * as k8s from '@kubernetes/client-node';

/** A failed raw request: the HTTP status (0 for a network error) and the server's message. */
export class RawRequestError extends Error {
  override name = 'RawRequestError';
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** A JSON object as read from the API server. */
export type RawObject = Record<string, unknown>;

/** GETs `path` (with query) from the KubeConfig's current cluster and parses the JSON body. */
export async function getRawJson(kc: k8s.KubeConfig, path: string, query: Record<string, string> = {}): Promise<RawObject> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new RawRequestError(0, 'the kubeconfig has no current cluster');
  const url = new URL(cluster.server.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise<RawObject>((resolve, reject) => {
    const req = transport.request(url, opts, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => reject(new RawRequestError(0, err.message)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          reject(new RawRequestError(status, `GET ${url.pathname}: HTTP ${status}: ${statusMessage(text)}`));
          return;
        }
        try {
          resolve(JSON.parse(text) as RawObject);
        } catch {
          reject(new RawRequestError(status, `GET ${url.pathname}: the response is not JSON`));
        }
      });
    });
    req.on('error', (err) => reject(new RawRequestError(0, `GET ${url.pathname}: ${err.message}`)));
    req.end();
  });
}

/** A whole list (every page), items as sent, plus the list's resourceVersion. */
export interface RawList {
  items: RawObject[];
  resourceVersion: string;
}

/** Lists every object at a collection path, page by page (`limit` per page), resolving `continue` tokens. */
export async function listRawJson(kc: k8s.KubeConfig, path: string, opts: { labelSelector?: string; fieldSelector?: string; limit?: number } = {}): Promise<RawList> {
  const items: RawObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  do {
    const query: Record<string, string> = { limit: String(opts.limit ?? 2000) };
    if (opts.labelSelector) query.labelSelector = opts.labelSelector;
    if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
    if (token) query.continue = token;
    const page = await getRawJson(kc, path, query);
    const list = Array.isArray(page.items) ? (page.items as unknown[]) : [];
    for (const i of list) if (i !== null && typeof i === 'object' && !Array.isArray(i)) items.push(i as RawObject);
    const meta = (page.metadata ?? {}) as { continue?: unknown; resourceVersion?: unknown };
    token = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
    if (typeof meta.resourceVersion === 'string') resourceVersion = meta.resourceVersion;
  } while (token);
  return { items, resourceVersion };
}

/** The `message` of a Status body, or the body itself (trimmed). */
function statusMessage(text: string): string {
  try {
    const s = JSON.parse(text) as { message?: unknown };
    if (typeof s.message === 'string') return s.message;
  } catch {
    // not JSON: fall through
  }
  return text.slice(0, 200);
}
