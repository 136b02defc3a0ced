/** The sections of a run, in the order they run; `BENCH_ONLY=limits,gateway` runs a subset. */
export const SECTIONS = [
  'limits',
  'startup',
  'reports',
  'gateway',
  'bus',
  'deadlines',
  'grading',
  'ledger-export',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  sections: Section[];
  /** Seconds each machine limit is measured for. */
  limitSeconds: number;
  reports: number;
  concurrency: number;
  rate: number;
  openSeconds: number;
  httpSeconds: number;
  httpConnections: number;
  busEvents: number;
  busBatch: number;
  bullmqJobs: number;
  /** Where latest.json, latest.svg and the dated copy go. */
  outDir: string;
}

const number = (name: string, fallback: number, min = 1): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, got "${raw}"`);
  return value;
};

export function readOptions(): BenchOptions {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only?.filter((s) => !SECTIONS.includes(s as Section)) ?? [];
  if (unknown.length > 0)
    throw new Error(`BENCH_ONLY names unknown sections: ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  return {
    sections: only && only.length > 0 ? SECTIONS.filter((s) => only.includes(s)) : [...SECTIONS],
    limitSeconds: number('BENCH_LIMIT_SECONDS', 5),
    reports: number('BENCH_REPORTS', 4000),
    concurrency: number('BENCH_CONCURRENCY', 64),
    rate: number('BENCH_RATE', 200),
    openSeconds: number('BENCH_OPEN_SECONDS', 15),
    httpSeconds: number('BENCH_HTTP_SECONDS', 10),
    httpConnections: number('BENCH_HTTP_CONNECTIONS', 50),
    busEvents: number('BENCH_BUS_EVENTS', 20_000),
    busBatch: number('BENCH_BUS_BATCH', 500),
    bullmqJobs: number('BENCH_BULLMQ_JOBS', 20_000),
    outDir: process.env.BENCH_OUT_DIR ?? 'docs/bench',
  };
}

/** The command that reproduces this run, with the BENCH_* variables it was given. */
export function commandLine(): string {
  const vars = Object.entries(process.env)
    .filter(([name, value]) => name.startsWith('BENCH_') && value !== undefined && value !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${value}`);
  const command = process.env.npm_lifecycle_event === 'bench' ? 'npm run bench' : 'node dist/scripts/bench/index.js';
  return [...vars, command].join(' ');
}

/** What each section gets: the options and a way to say what it is doing. */
export interface BenchContext {
  options: BenchOptions;
  log(line: string): void;
}
