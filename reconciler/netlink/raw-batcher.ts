// Batched rtnetlink writes on a raw socket of their own. The kernel processes every message of
// one datagram in order and acks each (NLM_F_ACK), continuing after a failed one, so 10k
// address adds go out as ~160 sendmsg calls instead of 10k request/await round trips. Seq
// numbers match acks to requests; a bounded number of batches is in flight so the acks
// (36 bytes, more for errors) never overflow the receive buffer.
import { endianness } from 'node:os';
import { RawNetlinkSocket } from 'netlink';
import { NetlinkError, toNetlinkError } from './netlink-error.js';
import { osErrorName } from './os-error-name.js';

const LE = endianness() === 'LE';
const NETLINK_ROUTE = 0;
const NLMSG_ERROR = 2;
const NLM_F_REQUEST = 1;
const NLM_F_ACK = 4;
const PER_BATCH = 64;
const BATCHES_IN_FLIGHT = 4;

/** One request of a batch: message type, extra flags, payload. */
export interface BatchRequest {
  type: number;
  flags: number;
  payload: Buffer;
}

/** The per-request answer: undefined for success, or the kernel's error. */
export type BatchAnswer = NetlinkError | undefined;

/** Sends requests in batches and resolves with one answer per request, in order. */
export interface RawBatcher {
  run(requests: BatchRequest[], op: string): Promise<BatchAnswer[]>;
  close(): void;
}

/** Opens the write socket in the caller's network namespace. */
export function openRawBatcher(timeoutMs: number): RawBatcher {
  const sock = new RawNetlinkSocket(NETLINK_ROUTE, { messagePeeking: false, msgBufferSize: 64 * 1024, recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
  sock.unref();
  let seq = Math.floor(Math.random() * 0x3fffffff);
  // seq -> resolver of that request's answer
  const pending = new Map<number, (a: BatchAnswer, errno: number) => void>();
  let active = 0;

  sock.on('message', (buf: Buffer) => {
    let off = 0;
    while (off + 16 <= buf.length) {
      const len = LE ? buf.readUInt32LE(off) : buf.readUInt32BE(off);
      const type = LE ? buf.readUInt16LE(off + 4) : buf.readUInt16BE(off + 4);
      const mseq = LE ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
      if (len < 16 || off + len > buf.length) break;
      if (type === NLMSG_ERROR && len >= 20) {
        const errno = -(LE ? buf.readInt32LE(off + 16) : buf.readInt32BE(off + 16));
        const done = pending.get(mseq);
        if (done) {
          pending.delete(mseq);
          done(undefined, errno);
        }
      }
      off += (len + 3) & ~3;
    }
  });
  sock.on('error', (err: Error) => {
    // The socket failed (e.g. ENOBUFS): fail everything in flight; callers re-read and retry.
    const e = toNetlinkError(err, 'batch');
    for (const [s, done] of pending) {
      pending.delete(s);
      done(e, -1);
    }
  });

  function sendBatch(reqs: BatchRequest[], first: number, answers: BatchAnswer[], op: string): Promise<void> {
    const size = reqs.reduce((n, r) => n + 16 + ((r.payload.length + 3) & ~3), 0);
    const buf = Buffer.alloc(size);
    let off = 0;
    const waits: Promise<void>[] = [];
    reqs.forEach((r, i) => {
      const s = (seq = (seq + 1) >>> 0);
      const len = 16 + r.payload.length;
      if (LE) {
        buf.writeUInt32LE(len, off); buf.writeUInt16LE(r.type, off + 4); buf.writeUInt16LE(NLM_F_REQUEST | NLM_F_ACK | r.flags, off + 6);
        buf.writeUInt32LE(s, off + 8); buf.writeUInt32LE(0, off + 12);
      } else {
        buf.writeUInt32BE(len, off); buf.writeUInt16BE(r.type, off + 4); buf.writeUInt16BE(NLM_F_REQUEST | NLM_F_ACK | r.flags, off + 6);
        buf.writeUInt32BE(s, off + 8); buf.writeUInt32BE(0, off + 12);
      }
      r.payload.copy(buf, off + 16);
      off += (len + 3) & ~3;
      waits.push(new Promise<void>((resolve) => {
        pending.set(s, (err, errno) => {
          answers[first + i] = err ?? (errno === 0 ? undefined
            : new NetlinkError(toNetlinkError(new Error(osErrorName(errno)), op).code, op, `${op}: Request rejected: ${osErrorName(errno)}`));
          resolve();
        });
      }));
    });
    const seqs = [...Array(reqs.length).keys()].map((i) => (seq - reqs.length + 1 + i) >>> 0);
    const timer = setTimeout(() => {
      for (const s of seqs) pending.get(s)?.(new NetlinkError('ETIMEDOUT', op, `${op}: no answer in ${timeoutMs} ms`), -1);
      for (const s of seqs) pending.delete(s);
    }, timeoutMs);
    sock.send(buf, { port: 0 }, (err) => {
      if (!err) return;
      const e = toNetlinkError(err, op);
      for (const s of seqs) pending.get(s)?.(e, -1);
      for (const s of seqs) pending.delete(s);
    });
    return Promise.all(waits).then(() => clearTimeout(timer));
  }

  return {
    async run(requests, op) {
      const answers: BatchAnswer[] = new Array(requests.length);
      if (requests.length === 0) return answers;
      if (active++ === 0) sock.ref();
      try {
        let next = 0;
        const lanes = Array.from({ length: BATCHES_IN_FLIGHT }, async () => {
          while (next < requests.length) {
            const first = next;
            next = Math.min(requests.length, next + PER_BATCH);
            await sendBatch(requests.slice(first, next), first, answers, op);
          }
        });
        await Promise.all(lanes);
      } finally {
        if (--active === 0) sock.unref();
      }
      return answers;
    },
    close: () => sock.close(),
  };
}
