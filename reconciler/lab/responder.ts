// Stands in for kube-proxy and a backend on a lab node: answers every HTTP request on every
// address of the node (also the ones the agent adds later) with the node's name, so a client
// sees which node took its connection.
import { createServer, type Server } from 'node:http';

/** Starts the responder; resolves once it listens. */
export function startResponder(nodeName: string, port: number, host = '0.0.0.0'): Promise<Server> {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end(`${nodeName}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
