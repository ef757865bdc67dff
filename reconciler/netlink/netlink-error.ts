// netlink 0.3.0 rejects with plain `Error('Request rejected: EEXIST')`; the agent decides on
// the errno name, so it is lifted into a typed error once, here.

/** The errno names the agent acts on; anything else is 'OTHER'. */
export type NetlinkErrorCode =
  | 'EEXIST' | 'EADDRNOTAVAIL' | 'ENODEV' | 'ENOENT' | 'ENOTSUP' | 'EOPNOTSUPP' | 'EINVAL'
  | 'EPERM' | 'EACCES' | 'EBUSY' | 'ENOBUFS' | 'ETIMEDOUT' | 'OTHER';

const known = new Set<NetlinkErrorCode>(['EEXIST', 'EADDRNOTAVAIL', 'ENODEV', 'ENOENT', 'ENOTSUP', 'EOPNOTSUPP',
  'EINVAL', 'EPERM', 'EACCES', 'EBUSY', 'ENOBUFS', 'ETIMEDOUT']);

/** An rtnetlink request the kernel (or the socket) rejected, with its errno name. */
export class NetlinkError extends Error {
  override name = 'NetlinkError';
  constructor(readonly code: NetlinkErrorCode, readonly op: string, message: string) {
    super(message);
  }
}

/** Maps whatever the netlink package threw into a NetlinkError with a named code. */
export function toNetlinkError(err: unknown, op: string): NetlinkError {
  if (err instanceof NetlinkError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const errnoCode = (err as { code?: unknown } | null)?.code;
  const fromMessage = /\b(E[A-Z]+)\b/.exec(message)?.[1];
  const name = typeof errnoCode === 'string' ? errnoCode : fromMessage;
  const code = name !== undefined && known.has(name as NetlinkErrorCode) ? (name as NetlinkErrorCode)
    : /timeout/i.test(message) ? 'ETIMEDOUT' : 'OTHER';
  return new NetlinkError(code, op, `${op}: ${message}`);
}
