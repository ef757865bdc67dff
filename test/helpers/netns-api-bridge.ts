// Lets a process inside a test namespace reach an API server listening on the host's loopback,
// without touching the host's network: a namespace has its own loopback, so a child process
// inside it listens on its 127.0.0.1 and relays every connection over a Unix socket (Unix
// sockets live in the filesystem, not in a network namespace) to this process, which relays
// it to the real server. Byte-for-byte TCP relaying, so HTTP, watches, resets all pass through;
// when either side of a connection drops, the other is reset too, so an abrupt server restart
// looks abrupt from inside the namespace as well.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'netns-api-bridge-child.ts');

/** A running bridge. */
export interface NetnsApiBridge {
  /** The URL processes inside the namespace use, e.g. http://127.0.0.1:6443. */
  url: string;
  close(): Promise<void>;
}

/** Connects two sockets both ways; when one ends badly the other is reset. */
export function relay(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  const reset = (other: Socket) => () => {
    if (!other.destroyed) other.resetAndDestroy();
  };
  a.on('error', reset(b));
  b.on('error', reset(a));
  a.on('close', (hadError) => { if (hadError && !b.destroyed) b.resetAndDestroy(); else b.end(); });
  b.on('close', (hadError) => { if (hadError && !a.destroyed) a.resetAndDestroy(); else a.end(); });
}

/** Starts the bridge: inside `ns`, 127.0.0.1:`port` leads to `target` (host:port on this side). */
export async function startNetnsApiBridge(ns: string, target: { host: string; port: number }, port = 6443): Promise<NetnsApiBridge> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gltest-bridge-'));
  const sock = path.join(dir, 'api.sock');
  const sockets = new Set<Socket>();
  const server: Server = createServer((inner) => {
    const outer = createConnection(target.port, target.host);
    sockets.add(inner);
    sockets.add(outer);
    inner.on('close', () => sockets.delete(inner));
    outer.on('close', () => sockets.delete(outer));
    relay(inner, outer);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(sock, () => resolve());
  });
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', childScript, String(port), sock],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let closing = false;
  child.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { out += d.toString(); });
  // A bridge that dies under a test makes every API call from the namespace fail: say why.
  child.on('exit', (code, signal) => {
    if (!closing) process.stderr.write(`netns api bridge for ${ns} exited (${code ?? signal}): ${out.slice(-2000)}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(check);
        reject(new Error(`bridge child exited: ${out}`));
      }
    }, 20);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      closing = true;
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
