import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (100 on every Linux we run on; asked once). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in ms; undefined when it is gone. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3, "state".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far, in ms to the nanosecond (the scheduler's runtime of each thread). */
export function schedulerCpuMsOf(pid: number): number | undefined {
  try {
    let ns = 0;
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process, in MB (from VmRSS). */
export function rssMbOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Every process whose command name (/proc/<pid>/comm) is `name`, e.g. all of Postgres's backends. */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * Context switches of a process so far, all its threads, voluntary or not: how often it was put to
 * sleep or woken, which on a virtual machine costs more than most of its work (see limits/wake-up.ts).
 */
export function switchesOf(pid: number): number | undefined {
  try {
    let total = 0;
    for (const thread of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${thread}/status`, 'utf8');
      for (const match of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm)) total += Number(match[1]);
    }
    return total;
  } catch {
    return undefined;
  }
}

/**
 * Write-class system calls of a process so far (/proc/<pid>/io syscw: write, writev, pwrite): a
 * Node service's or NATS's socket writes, each of which may wake the process it writes to. Postgres
 * sends to its clients with send(), which this does not count; its figure is its files' writes.
 */
export function writeCallsOf(pid: number): number | undefined {
  try {
    const match = /^syscw:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Named groups of processes, each found again at every sample (Postgres starts backends as clients connect). */
export type ProcessGroups = Record<string, () => number[]>;
export type ProcessSample = Record<string, Map<number, number>>;

/** A counter of each process of each group (CPU ms by default). */
export function sampleProcesses(
  groups: ProcessGroups,
  read: (pid: number) => number | undefined = cpuMsOf,
): ProcessSample {
  return Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [
      name,
      new Map(
        pids().flatMap((pid) => {
          const value = read(pid);
          return value === undefined ? [] : [[pid, value] as const];
        }),
      ),
    ]),
  );
}

/**
 * How much each group's counter grew between two samples. A process that started in between counts
 * from zero; one that ended in between is lost (its counter cannot be read any more), so figures are a floor.
 */
export function growthBetween(before: ProcessSample, after: ProcessSample): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, pids]) => {
      let total = 0;
      for (const [pid, value] of pids) total += value - (before[name]?.get(pid) ?? 0);
      return [name, total];
    }),
  );
}
