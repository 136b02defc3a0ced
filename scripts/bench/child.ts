import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '#libs/testing';

export interface BenchChild {
  url: string;
  log: string;
  stop(): Promise<void>;
}

/**
 * Starts one of the bench's own small apps (compiled next to this file) as a separate process on a
 * free port, and resolves once `readyPath` answers 200. Its output goes to a log file in the temp dir.
 */
export async function startChild(script: string, env: Record<string, string>, readyPath: string): Promise<BenchChild> {
  const port = await freePort();
  const log = join(tmpdir(), `campus-whistle-bench-${script.replace(/\W/g, '-')}-${port}.log`);
  const out = createWriteStream(log);
  // Node flags for profiling (e.g. --cpu-prof), as TestSystem takes them for the services.
  const nodeArgs = process.env.CW_TEST_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, fileURLToPath(new URL(script, import.meta.url))], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(force);
  };
  try {
    await waitFor(
      `${script} to answer (log: ${log})`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode} (log: ${log})`);
        return (await fetch(`${url}${readyPath}`)).status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, log, stop };
}
