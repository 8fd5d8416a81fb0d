import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anchorCheckpoint, anchorFileName, waitingAnchors } from './anchor';
import type { StoredCheckpoint } from './checkpoints';

const checkpoint = (size: number, root = 'r'): StoredCheckpoint => ({
  environment: 'staging', size, rootHash: Buffer.alloc(32), signedNote: `warden.local/staging\n${size}\n${root}\n\n— warden.local sig\n`, keyId: 'k', createdAt: new Date(),
});
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});
const temp = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'warden-anchor-'));
  dirs.push(dir);
  return dir;
};

describe('anchorCheckpoint', () => {
  it('tries a checkpoint again with the next one when its storage was away, and says so', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = path.join(temp(), 'anchors');
    writeFileSync(dir, 'a file where the directory should be');
    await anchorCheckpoint(checkpoint(3), { WARDEN_ANCHOR_DIR: dir });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/Anchoring staging-000000000003\.note .* failed/);
    expect(waitingAnchors()).toEqual(['staging-000000000003.note']);
    rmSync(dir);
    await anchorCheckpoint(checkpoint(5), { WARDEN_ANCHOR_DIR: dir });
    expect([3, 5].map((size) => readFileSync(path.join(dir, anchorFileName({ environment: 'staging', size })), 'utf8'))).toEqual([checkpoint(3).signedNote, checkpoint(5).signedNote]);
    expect(waitingAnchors()).toEqual([]);
  });

  it('posts again to a webhook that failed, only what failed', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const received: string[] = [];
    let failing = true;
    const server = http.createServer((req, res) => {
      received.push(String(req.headers['x-warden-checkpoint']));
      res.writeHead(failing ? 503 : 200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const dir = temp();
      const env = { WARDEN_ANCHOR_DIR: dir, WARDEN_ANCHOR_WEBHOOK: `http://127.0.0.1:${(server.address() as AddressInfo).port}/anchor` };
      await anchorCheckpoint(checkpoint(7), env);
      failing = false;
      await anchorCheckpoint(checkpoint(9), env);
      expect(received).toEqual(['staging-000000000007.note', 'staging-000000000007.note', 'staging-000000000009.note']);
      expect(existsSync(path.join(dir, 'staging-000000000007.note'))).toBe(true);
      expect(waitingAnchors()).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('reports a file already there with another checkpoint for the same size (a fork), and keeps it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const dir = temp();
    const file = path.join(dir, 'staging-000000000002.note');
    writeFileSync(file, checkpoint(2, 'the root anchored before').signedNote);
    await anchorCheckpoint(checkpoint(2, 'another root'), { WARDEN_ANCHOR_DIR: dir });
    expect(errors.mock.calls.flat().join('\n')).toMatch(/ANCHOR MISMATCH: .*staging-000000000002\.note/);
    expect(readFileSync(file, 'utf8')).toBe(checkpoint(2, 'the root anchored before').signedNote);
    errors.mockClear();
    await anchorCheckpoint(checkpoint(2, 'the root anchored before'), { WARDEN_ANCHOR_DIR: dir }); // the same note again: quiet
    expect(errors).not.toHaveBeenCalled();
  });
});
