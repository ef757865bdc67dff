// Cluster IPs and node ports in use, kept up to date from the store's events (so a create
// costs O(1) however many Services exist), and handed out like the real allocators:
// 10.96.0.0/12 (kubeadm's default; .1 is the `kubernetes` Service's) and 30000-32767.
import { ApiError } from './api-error.js';
import type { DefaultingContext } from './defaults.js';
import { arr, isJsonObject, obj, type KubeObject } from './json.js';
import { resourceKey, type ResourceType } from './resources.js';
import type { Store } from './store.js';

const IP_COUNT = 1 << 20;
const FIRST_IP = 10;
const PORT_MIN = 30000;
const PORT_MAX = 32767;

/** Tracks and allocates Service cluster IPs and node ports. */
export class ServiceAllocator {
  // value -> how many stored Services hold it (a failed write never holds anything).
  private readonly ips = new Map<string, number>();
  private readonly ports = new Map<number, number>();
  private nextIP = FIRST_IP;
  private nextPort = PORT_MIN;

  constructor(store: Store, services: ResourceType) {
    const key = resourceKey(services);
    store.subscribe((e) => {
      if (e.resource !== key) return;
      if (e.previous) this.count(e.previous, -1);
      if (e.type !== 'DELETED') this.count(e.object, +1);
    });
  }

  /** A defaulting context for one write; values it hands out are not handed out twice within it. */
  context(previous?: KubeObject): DefaultingContext {
    const pendingIPs = new Set<string>();
    const pendingPorts = new Set<number>();
    return {
      previous,
      allocateClusterIP: () => {
        for (let n = 0; n < IP_COUNT; n++) {
          const i = this.nextIP;
          this.nextIP = i + 1 >= IP_COUNT ? FIRST_IP : i + 1;
          const ip = `10.${96 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
          if (!this.ips.has(ip) && !pendingIPs.has(ip)) {
            pendingIPs.add(ip);
            return ip;
          }
        }
        throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a serviceIP: range is full');
      },
      allocateNodePort: () => {
        for (let n = 0; n <= PORT_MAX - PORT_MIN; n++) {
          const p = this.nextPort;
          this.nextPort = p + 1 > PORT_MAX ? PORT_MIN : p + 1;
          if (!this.ports.has(p) && !pendingPorts.has(p)) {
            pendingPorts.add(p);
            return p;
          }
        }
        // 2768 ports, as on a real cluster: bare-metal LoadBalancers set allocateLoadBalancerNodePorts: false.
        throw new ApiError(500, 'InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full');
      },
    };
  }

  private count(o: KubeObject, delta: number): void {
    const spec = obj(o, 'spec');
    for (const ip of arr(spec, 'clusterIPs')) if (typeof ip === 'string') bump(this.ips, ip, delta);
    for (const p of arr(spec, 'ports')) if (isJsonObject(p) && typeof p.nodePort === 'number') bump(this.ports, p.nodePort, delta);
  }
}

function bump<K>(m: Map<K, number>, k: K, delta: number): void {
  const n = (m.get(k) ?? 0) + delta;
  if (n > 0) m.set(k, n);
  else m.delete(k);
}
