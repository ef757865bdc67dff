// The namespace side of netns-api-bridge.ts: listens on the namespace's own 127.0.0.1:PORT and
// relays each connection to the Unix socket given as the second argument.
import { createConnection, createServer } from 'node:net';
import { relay } from './netns-api-bridge.js';

const [portArg, sock] = process.argv.slice(2);
if (!portArg || !sock) throw new Error('usage: netns-api-bridge-child.ts PORT UNIX_SOCKET');
const server = createServer((inner) => relay(inner, createConnection(sock)));
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write('ready\n'));
// A stray socket error must not take the whole bridge down (every later test in the file would
// then see ECONNREFUSED): say it, and keep relaying.
process.on('uncaughtException', (err) => {
  process.stderr.write(`netns api bridge: ${err.stack ?? String(err)}\n`);
});
