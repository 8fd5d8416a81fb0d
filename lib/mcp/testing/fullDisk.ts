import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Makes file writes in this process behave as on a disk that fills up: after `bytes` more bytes, a write is cut
 * short, and the next one fails with ENOSPC, until `free()`. Patches FileHandle.prototype.write (tests only).
 */
export async function fillDiskAfter(bytes: number): Promise<{ free: () => void }> {
  const probe = await open(path.join(tmpdir(), `warden-probe-${process.pid}`), 'w');
  const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<{ bytesWritten: number; buffer: unknown }> };
  await probe.close();
  const original = proto.write;
  let room = bytes;
  proto.write = async function write(this: unknown, buffer: unknown, offset?: unknown, length?: unknown, position?: unknown) {
    if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const wanted = typeof length === 'number' ? length : (buffer as Uint8Array).byteLength - (typeof offset === 'number' ? offset : 0);
    const allowed = Math.min(wanted, room);
    const result = await original.call(this, buffer, offset, allowed, position);
    room -= result.bytesWritten;
    return result;
  };
  return { free: () => void (proto.write = original) };
}
