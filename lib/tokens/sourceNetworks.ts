import { BlockList, isIP } from 'node:net';

/** `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128), in canonical text; or a reason it is refused. */
export function parseCidr(input: string): { cidr: string } | { problem: string } {
  const value = input.trim();
  const [address = '', prefixText, extra] = value.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return { problem: `${JSON.stringify(value)} is not an address or CIDR range (e.g. 10.0.0.0/8)` };
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return { problem: `${JSON.stringify(value)}: the prefix length must be 0–${max}` };
  return { cidr: `${address.toLowerCase()}/${prefix}` };
}

function unmapped(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/** True when `ip` lies in one of `cidrs`; an empty list allows every source, an unknown source none. */
export function sourceAllowed(ip: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  const address = unmapped(ip.trim());
  const family = isIP(address);
  if (!family) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (!('cidr' in parsed)) continue;
    const [network, prefix] = parsed.cidr.split('/') as [string, string];
    list.addSubnet(network, Number(prefix), isIP(network) === 4 ? 'ipv4' : 'ipv6');
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
