// A client's view of the lab: N HTTP requests, each on a new TCP connection (so each gets its
// own source port and its own ECMP hash), counted by which node answered.
import { request } from 'node:http';

/** How many answers each node gave, and how many requests failed. */
export interface HitCounts {
  url: string;
  total: number;
  byNode: Record<string, number>;
  failed: number;
  errors: string[];
}

function once(url: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, timeout: timeoutMs, headers: { Connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('end', () => resolve(body.trim()));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Sends `count` requests, `concurrency` at a time. */
export async function hit(url: string, count: number, concurrency = 8, timeoutMs = 2000): Promise<HitCounts> {
  const out: HitCounts = { url, total: count, byNode: {}, failed: 0, errors: [] };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      try {
        const node = await once(url, timeoutMs);
        out.byNode[node] = (out.byNode[node] ?? 0) + 1;
      } catch (err) {
        out.failed++;
        const m = err instanceof Error ? err.message : String(err);
        if (!out.errors.includes(m) && out.errors.length < 5) out.errors.push(m);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  out.byNode = Object.fromEntries(Object.entries(out.byNode).sort(([a], [b]) => (a < b ? -1 : 1)));
  return out;
}
