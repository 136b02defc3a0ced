import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { schedulerCpuMsOf } from '../proc.js';

export interface WakeUpCost {
  /** One-byte round trips between two processes over loopback TCP, each sent when the last came back. */
  backToBack: { perSecond: number; cpuUsPerRoundTrip: number };
  /** The same, one every 5 ms (a report's spacing at 200/s): each process sleeps and is woken every time. */
  spaced: { perSecond: number; cpuUsPerRoundTrip: number };
}

const SPACING_MS = 5;

/**
 * What waking a process costs here: the CPU (both processes, user + system) of a round trip between
 * two processes, when they stay busy and when they fall idle in between. Every hop of a report
 * (HTTP, NATS, Postgres) is such a wake-up; on a virtual machine a wake-up from idle costs several
 * times a busy one, which is what a report costs at a moderate rate beyond its work.
 */
export async function wakeUpCost(seconds: number): Promise<WakeUpCost> {
  const echo = fork(fileURLToPath(new URL('./echo-process.js', import.meta.url)), [], { stdio: 'ignore' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      echo.once('message', (message) => resolve(Number(message)));
      echo.once('error', reject);
      echo.once('exit', (code) => reject(new Error(`the echo process exited (${code}) before listening`)));
    });
    const socket = connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    try {
      return {
        backToBack: await roundTrips(socket, echo.pid!, seconds / 2, 0),
        spaced: await roundTrips(socket, echo.pid!, seconds / 2, SPACING_MS),
      };
    } finally {
      socket.destroy();
    }
  } finally {
    echo.kill();
  }
}

async function roundTrips(socket: Socket, echoPid: number, seconds: number, spacingMs: number) {
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      socket.once('data', () => resolve());
      socket.write('x');
    });
  await roundTrip();
  const ownBefore = process.cpuUsage();
  const echoBefore = schedulerCpuMsOf(echoPid) ?? NaN;
  const started = performance.now();
  const until = started + seconds * 1000;
  let count = 0;
  while (performance.now() < until) {
    await roundTrip();
    count += 1;
    if (spacingMs > 0) await new Promise((resolve) => setTimeout(resolve, spacingMs));
  }
  const elapsed = performance.now() - started;
  const own = process.cpuUsage(ownBefore);
  const cpuMs = (own.user + own.system) / 1000 + ((schedulerCpuMsOf(echoPid) ?? NaN) - echoBefore);
  if (count === 0 || !Number.isFinite(cpuMs)) throw new Error('the wake-up limit measured no round trip');
  return { perSecond: (count * 1000) / elapsed, cpuUsPerRoundTrip: (cpuMs * 1000) / count };
}
