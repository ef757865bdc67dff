// GARP / unsolicited NA with what the node already has:
// - IPv4: iputils `arping -U -c 1` (unsolicited ARP, sender = target = the address), run
//   `count` times `intervalMs` apart. Neighbours update an existing ARP entry from it. Node has
//   no AF_PACKET sockets; a native addon for one packet type is not worth its build burden.
// - IPv6: the kernel. With net.ipv6.conf.<if>.ndisc_notify=1 Linux sends an unsolicited
//   Neighbor Advertisement (override flag, to ff02::1) from the new address as soon as its DAD
//   succeeds; prepare() sets that per-interface sysctl before the agent adds local addresses.
//   Measured here: the kernel sends it after DAD, but not for an address added with nodad
//   (skipIPv6DAD), so those get no NA (reported as 0 sent). Node has no raw ICMPv6 sockets
//   and ndisc6 ships no NA sender; a raw-socket helper is the follow-up if nodad needs NA.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { AnnounceConfig, Announcement, Announcer } from './announcer.js';

const run = promisify(execFile);

/** Options for the arping-based announcer. */
export interface ArpingAnnouncerOptions {
  /** arping binary (default: 'arping' on PATH). */
  arping?: string;
  /** Root of the sysctl tree (default /proc/sys). */
  procSys?: string;
}

/** Enables the kernel's unsolicited NA for new addresses on one interface; true if it changed. */
export async function enableNdiscNotify(ifname: string, procSys = '/proc/sys'): Promise<boolean> {
  const file = `${procSys}/net/ipv6/conf/${ifname}/ndisc_notify`;
  try {
    if ((await readFile(file, 'utf8')).trim() === '1') return false;
    await writeFile(file, '1');
    return true;
  } catch {
    return false; // IPv6 is off on this interface: there is nothing to announce
  }
}

/** Creates an Announcer: arping -U for IPv4, the kernel's ndisc_notify NA for IPv6. */
export function createArpingAnnouncer(opts: ArpingAnnouncerOptions = {}): Announcer {
  const arping = opts.arping ?? 'arping';
  return {
    async prepare(ifname: string) {
      await enableNdiscNotify(ifname, opts.procSys);
    },
    async announce(a: Announcement, cfg: AnnounceConfig): Promise<number> {
      if (a.family === 'ipv6') return a.nodad ? 0 : 1; // sent by the kernel after DAD
      // One arping per packet: iputils' -i takes whole seconds only, garp intervals are ms.
      const count = Math.max(1, Math.floor(cfg.count));
      for (let i = 0; i < count; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, cfg.intervalMs));
        await run(arping, ['-U', '-c', '1', '-I', a.interface, a.address], { timeout: 5000 });
      }
      return count;
    },
  };
}
