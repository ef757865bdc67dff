// A NetlinkPort over real rtnetlink sockets (with raw-dumper.ts and raw-batcher.ts, the only
// code that touches the `netlink` package). Three sockets: netlink's request socket for links,
// a raw one for address/route dumps, a raw one for batched address writes, plus one per event
// subscription. Sockets bind to the network namespace of the process that opens them, so the
// agent (and a test's child process) must already run inside the node's namespace.
import { createRtNetlink, FlagsNew, type RtNetlinkSocket, type NetlinkMessage, rt } from 'netlink';
import type { Logger } from 'pino';
import { encodeAddressMessage, familyNumber, formatAddressBytes, parseAddressMessage } from './address-codec.js';
import { NetlinkError, toNetlinkError } from './netlink-error.js';
import { openRawDumper } from './raw-dumper.js';
import { openRawBatcher } from './raw-batcher.js';
import type {
  AddressInfo, AddressOutcome, AddressRequest, DummyKind, IpFamily, LinkInfo, NetlinkEvent, NetlinkPort,
  NetlinkSubscription, RouteInfo,
} from './netlink-port.js';

const RTM_NEWLINK = 16;
const RTM_DELLINK = 17;
const RTM_NEWADDR = 20;
const RTM_DELADDR = 21;
const RTM_GETADDR = 22;
const RTM_NEWROUTE = 24;
const RTM_GETROUTE = 26;
const RT_TABLE_MAIN = 254;
const RTN_UNICAST = 1;
const RTA_DST = 1;
const RTA_OIF = 4;
const RTA_GATEWAY = 5;
const RTA_PRIORITY = 6;
const IFLA_INFO_KIND = 1;
const BUFFER_BYTES = 4 * 1024 * 1024;

/** Options for openRtnetlinkPort. */
export interface RtnetlinkPortOptions {
  log?: Pick<Logger, 'info' | 'warn' | 'debug'>;
  /** Per-request timeout, ms (a wedged socket must not hang the agent forever). */
  timeoutMs?: number;
}

function linkKind(linkinfo: Buffer | undefined): string | undefined {
  if (!linkinfo) return undefined;
  let off = 0;
  while (off + 4 <= linkinfo.length) {
    const len = linkinfo.readUInt16LE(off);
    const type = linkinfo.readUInt16LE(off + 2) & 0x3fff;
    if (len < 4) break;
    if (type === IFLA_INFO_KIND) return linkinfo.subarray(off + 4, off + len).toString('latin1').replace(/\0+$/, '');
    off += (len + 3) & ~3;
  }
  return undefined;
}

function toLinkInfo(m: rt.LinkMessage): LinkInfo {
  const info: LinkInfo = {
    index: m.data.index ?? 0,
    name: m.attrs.ifname ?? '',
    up: m.data.flags?.up === true,
  };
  const kind = linkKind(m.attrs.linkinfo);
  if (kind !== undefined) info.kind = kind;
  const mac = m.attrs.address;
  if (mac && mac.length === 6) info.mac = [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
  return info;
}

/** Opens a NetlinkPort on real rtnetlink in the calling process's network namespace. */
export function openRtnetlinkPort(opts: RtnetlinkPortOptions = {}): NetlinkPort {
  const timeout = opts.timeoutMs ?? 10_000;
  const sock: RtNetlinkSocket = createRtNetlink({ recvBufferSize: BUFFER_BYTES, sendBufferSize: BUFFER_BYTES });
  const dumper = openRawDumper(timeout);
  const batcher = openRawBatcher(timeout);
  let loggedDummyFallback = false;
  // The kernel runs one dump per socket at a time (a second one gets EBUSY): queue link dumps.
  let dumpChain: Promise<unknown> = Promise.resolve();
  function serialDump<T>(fn: () => Promise<T>): Promise<T> {
    const p = dumpChain.then(fn, fn);
    dumpChain = p.catch(() => undefined);
    return p;
  }

  async function addMany(reqs: AddressRequest[]): Promise<(AddressOutcome | Error)[]> {
    const answers = await batcher.run(reqs.map((r) => ({ type: RTM_NEWADDR, flags: FlagsNew.CREATE | FlagsNew.EXCL, payload: encodeAddressMessage(r, true) })), 'addAddress');
    // EEXIST: the address is already there, which is what was asked for.
    return answers.map((a) => (a === undefined ? 'added' : a.code === 'EEXIST' ? 'exists' : a));
  }

  async function deleteMany(reqs: AddressRequest[]): Promise<(AddressOutcome | Error)[]> {
    const answers = await batcher.run(reqs.map((r) => ({ type: RTM_DELADDR, flags: 0, payload: encodeAddressMessage(r, false) })), 'deleteAddress');
    // EADDRNOTAVAIL: already gone; ENODEV: its interface is gone, and the address with it.
    return answers.map((a) => (a === undefined ? 'deleted' : a.code === 'EADDRNOTAVAIL' || a.code === 'ENODEV' || a.code === 'ENOENT' ? 'absent' : a));
  }

  return {
    listLinks: () => serialDump(async () => {
      try {
        return (await sock.getLinks()).map(toLinkInfo);
      } catch (err) {
        throw toNetlinkError(err, 'listLinks');
      }
    }),

    async listAddresses(family?: IpFamily) {
      // A dump filtered by family in the kernel, on the raw dump socket (see raw-dumper.ts).
      const req = Buffer.alloc(8);
      req[0] = family === undefined ? 0 : familyNumber(family);
      const out: AddressInfo[] = [];
      await dumper.dump(RTM_GETADDR, req, (type, buf, start, end) => {
        if (type !== RTM_NEWADDR) return;
        const a = parseAddressMessage(buf, start, end);
        if (a) out.push(a);
      }, 'listAddresses');
      return out;
    },

    async listRoutes(family: IpFamily) {
      // Main-table unicast routes only, filtered on the fixed header before any attribute is
      // read: with 10k addresses the local table holds 10k routes the agent never needs.
      const req = Buffer.alloc(12);
      req[0] = familyNumber(family);
      const out: RouteInfo[] = [];
      await dumper.dump(RTM_GETROUTE, req, (type, buf, start, end) => {
        if (type !== RTM_NEWROUTE || end - start < 12) return;
        if (buf[start + 4] !== RT_TABLE_MAIN || buf[start + 7] !== RTN_UNICAST) return;
        const dstLen = buf[start + 1] ?? 0;
        let dst: string | undefined;
        let gateway: string | undefined;
        let oif: number | undefined;
        let metric = 0;
        let off = start + 12;
        while (off + 4 <= end) {
          const len = buf.readUInt16LE(off);
          const t = buf.readUInt16LE(off + 2) & 0x3fff;
          if (len < 4 || off + len > end) break;
          const data = buf.subarray(off + 4, off + len);
          if (t === RTA_DST) dst = formatAddressBytes(data);
          else if (t === RTA_GATEWAY) gateway = formatAddressBytes(data);
          else if (t === RTA_OIF && data.length >= 4) oif = data.readUInt32LE(0);
          else if (t === RTA_PRIORITY && data.length >= 4) metric = data.readUInt32LE(0);
          off += (len + 3) & ~3;
        }
        const route: RouteInfo = { family, destination: `${dst ?? (family === 'ipv4' ? '0.0.0.0' : '::')}/${dstLen}`, metric, table: RT_TABLE_MAIN };
        if (gateway !== undefined) route.gateway = gateway;
        if (oif !== undefined) route.index = oif;
        out.push(route);
      }, 'listRoutes');
      return out;
    },

    async addAddress(req: AddressRequest): Promise<AddressOutcome> {
      const [r] = await addMany([req]);
      if (r instanceof Error) throw r;
      return r ?? 'added';
    },

    async deleteAddress(req: AddressRequest): Promise<AddressOutcome> {
      const [r] = await deleteMany([req]);
      if (r instanceof Error) throw r;
      return r ?? 'deleted';
    },

    addAddresses: addMany,
    deleteAddresses: deleteMany,

    async createDummyLink(name: string): Promise<DummyKind> {
      for (const kind of ['dummy', 'ifb'] as const) {
        // IFLA_LINKINFO is a raw nested attribute in netlink 0.3.0: write IFLA_INFO_KIND by hand.
        const kindAttr = Buffer.alloc(4 + ((kind.length + 1 + 3) & ~3));
        kindAttr.writeUInt16LE(4 + kind.length + 1, 0);
        kindAttr.writeUInt16LE(IFLA_INFO_KIND, 2);
        kindAttr.write(kind, 4, 'latin1');
        try {
          await sock.newLink({}, { ifname: name, linkinfo: kindAttr }, { flags: FlagsNew.CREATE | FlagsNew.EXCL, timeout });
          return kind;
        } catch (e) {
          const err = toNetlinkError(e, 'createDummyLink');
          if (err.code === 'EEXIST') {
            // Already there (made by an earlier run): report what it really is.
            const existing = (await sock.getLinks().catch(() => [])).map(toLinkInfo).find((l) => l.name === name);
            if (existing?.kind === 'dummy' || existing?.kind === 'ifb') return existing.kind;
            throw new NetlinkError('EEXIST', 'createDummyLink', `createDummyLink: ${name} exists and is a ${existing?.kind ?? 'non-virtual'} interface, not dummy/ifb`);
          }
          if (kind === 'dummy' && (err.code === 'ENOTSUP' || err.code === 'EOPNOTSUPP' || err.code === 'ENOENT')) {
            if (!loggedDummyFallback) {
              opts.log?.warn({ op: 'createDummyLink', interface: name, reason: err.code }, 'kernel has no dummy driver; using ifb for the dummy interface');
              loggedDummyFallback = true;
            }
            continue;
          }
          throw err;
        }
      }
      throw new NetlinkError('ENOTSUP', 'createDummyLink', `createDummyLink: neither dummy nor ifb is available for ${name}`);
    },

    async setLinkUp(index: number) {
      try {
        await sock.setLink({ index, flags: { up: true }, change: { up: true } }, {}, { timeout });
      } catch (err) {
        throw toNetlinkError(err, 'setLinkUp');
      }
    },

    subscribe(onEvent: (event: NetlinkEvent) => void, onError?: (err: Error) => void): NetlinkSubscription {
      // A separate socket: multicast notifications must not interleave with request replies.
      // The high-level 'message' event drops the message type (NEWADDR vs DELADDR), so read
      // the raw messages and parse them ourselves.
      const ev = createRtNetlink({ recvBufferSize: BUFFER_BYTES, sendBufferSize: 64 * 1024, ref: true });
      for (const g of ['LINK', 'IPV4_IFADDR', 'IPV6_IFADDR'] as const) ev.addMembership(g);
      ev.socket.on('message', (msgs: NetlinkMessage[]) => {
        for (const m of msgs) {
          if (m.type === RTM_NEWADDR || m.type === RTM_DELADDR) {
            const address = parseAddressMessage(m.data);
            if (address) onEvent({ type: m.type === RTM_NEWADDR ? 'newaddr' : 'deladdr', address });
          } else if (m.type === RTM_NEWLINK || m.type === RTM_DELLINK) {
            const parsed = rt.parseMessage(m.type, m.data);
            if (parsed.kind === 'link') onEvent({ type: m.type === RTM_NEWLINK ? 'newlink' : 'dellink', link: toLinkInfo(parsed) });
          }
        }
      });
      // ENOBUFS here means notifications were lost: the subscriber must resync from a dump.
      ev.socket.on('error', (err: Error) => onError?.(toNetlinkError(err, 'subscribe')));
      return { close: () => ev.socket.close() };
    },

    close() {
      dumper.close();
      batcher.close();
      sock.socket.close();
    },
  };
}
