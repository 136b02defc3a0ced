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

/** Named groups of processes, each found again at every sample (Postgres starts backends as clients connect). */
export type ProcessGroups = Record<string, () => number[]>;
export type CpuSample = Record<string, Map<number, number>>;

export function sampleCpu(groups: ProcessGroups): CpuSample {
  return Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [
      name,
      new Map(pids().flatMap((pid) => (cpuMsOf(pid) === undefined ? [] : [[pid, cpuMsOf(pid)!] as const]))),
    ]),
  );
}

/**
 * CPU ms each group used between two samples. A process that started in between counts from zero;
 * one that ended in between is lost (its time cannot be read any more), so figures are a floor.
 */
export function cpuBetween(before: CpuSample, after: CpuSample): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, pids]) => {
      let total = 0;
      for (const [pid, ms] of pids) total += ms - (before[name]?.get(pid) ?? 0);
      return [name, total];
    }),
  );
}
