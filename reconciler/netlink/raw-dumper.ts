// Dumps (NLM_F_DUMP requests) on a raw netlink socket of their own, framed and parsed here.
// Why not netlink's NetlinkSocket: it turns every message of a 10k-address dump into an
// object, and peeks before every read; at that size its overhead was larger than the kernel's
// own work. This reads 64 KB at a time and walks the nlmsghdrs in place.
import { endianness } from 'node:os';
import { RawNetlinkSocket } from 'netlink';
import { NetlinkError, toNetlinkError } from './netlink-error.js';
import { osErrorName } from './os-error-name.js';

const LE = endianness() === 'LE';
const NETLINK_ROUTE = 0;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const NLM_F_REQUEST = 1;
const NLM_F_DUMP = 0x300;

/** Called for each message of a dump with the payload's bounds inside `buf`. */
export type DumpVisitor = (type: number, buf: Buffer, start: number, end: number) => void;

/** A socket that runs one dump at a time. */
export interface RawDumper {
  dump(type: number, payload: Buffer, visit: DumpVisitor, op: string): Promise<void>;
  close(): void;
}

/** Opens the dump socket in the caller's network namespace. */
export function openRawDumper(timeoutMs: number): RawDumper {
  const sock = new RawNetlinkSocket(NETLINK_ROUTE, { messagePeeking: false, msgBufferSize: 64 * 1024, recvBufferSize: 4 << 20, sendBufferSize: 1 << 20 });
  sock.unref();
  let seq = Math.floor(Math.random() * 0x7fffffff);
  let chain: Promise<unknown> = Promise.resolve();

  function once(type: number, payload: Buffer, visit: DumpVisitor, op: string): Promise<void> {
    const mySeq = (seq = (seq + 1) >>> 0);
    const msg = Buffer.alloc(16 + payload.length);
    const w32 = (v: number, o: number) => (LE ? msg.writeUInt32LE(v, o) : msg.writeUInt32BE(v, o));
    const w16 = (v: number, o: number) => (LE ? msg.writeUInt16LE(v, o) : msg.writeUInt16BE(v, o));
    w32(msg.length, 0);
    w16(type, 4);
    w16(NLM_F_REQUEST | NLM_F_DUMP, 6);
    w32(mySeq, 8);
    w32(0, 12);
    payload.copy(msg, 16);
    return new Promise<void>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        sock.off('message', onMessage);
        sock.off('error', onError);
        sock.unref();
        if (err) reject(err); else resolve();
      };
      const onError = (err: Error) => finish(toNetlinkError(err, op));
      const onMessage = (buf: Buffer) => {
        let off = 0;
        while (off + 16 <= buf.length) {
          const len = LE ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
          const mtype = LE ? buf.readUInt16LE(off + 4) : buf.readUInt16BE(off + 4);
          const mseq = LE ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
          if (len < 16 || off + len > buf.length) break;
          if (mseq === mySeq) {
            if (mtype === NLMSG_DONE) return finish();
            if (mtype === NLMSG_ERROR) {
              const errno = -(LE ? buf.readInt32LE(off + 16) : buf.readInt32BE(off + 16));
              if (errno === 0) return finish();
              return finish(new NetlinkError(toNetlinkError(new Error(osErrorName(errno)), op).code, op, `${op}: Request rejected: ${osErrorName(errno)}`));
            }
            try {
              visit(mtype, buf, off + 16, off + len);
            } catch (err) {
              return finish(toNetlinkError(err, op));
            }
          }
          off += (len + 3) & ~3;
        }
      };
      const timer = setTimeout(() => finish(new NetlinkError('ETIMEDOUT', op, `${op}: no answer in ${timeoutMs} ms`)), timeoutMs);
      sock.on('message', onMessage);
      sock.on('error', onError);
      sock.ref();
      sock.send(msg, { port: 0 }, (err) => { if (err) finish(toNetlinkError(err, op)); });
    });
  }

  return {
    dump(type, payload, visit, op) {
      // One dump per socket at a time (the kernel answers EBUSY otherwise).
      const p = chain.then(() => once(type, payload, visit, op));
      chain = p.catch(() => undefined);
      return p;
    },
    close: () => sock.close(),
  };
}
