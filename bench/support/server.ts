import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { waitForHealth } from '../../lib/http/waitForHealth';

export interface BenchServer {
  url: string;
  env: Record<string, string>;
  process: ChildProcess;
  /** Peak resident set of the Next.js server process(es), from /proc VmHWM. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function descendants(pid: number): number[] {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function vmHwmMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The production server through the real `warden start`, on the database `env` describes. */
export async function startBenchServer(port: number, env: Record<string, string>): Promise<BenchServer> {
  const child = spawn(process.execPath, [path.join('bin', 'warden'), 'start', '--port', String(port)], {
    env: { ...process.env, ...env, WARDEN_DEMO: '0', WARDEN_ADMIN_PASSWORD: 'bench admin passphrase' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  // BENCH_SERVER_LOG=file keeps the server's output (it is dropped otherwise).
  const log = process.env.BENCH_SERVER_LOG ? (await import('node:fs')).createWriteStream(process.env.BENCH_SERVER_LOG) : null;
  child.stdout!.on('data', (chunk) => log?.write(chunk));
  const url = `http://localhost:${port}`;
  if (!(await waitForHealth(url, 300_000, () => child.exitCode === null))) throw new Error('bench server did not start');
  return {
    url,
    env,
    process: child,
    peakRssMb: () => Math.max(0, ...descendants(child.pid!).map(vmHwmMb)),
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
