/**
 * The ledger's exports at county scale: BENCH_LEDGER_ROWS ledger rows (100k: half as many cases,
 * each with a lead and an assisting task) generated set-based in SQL straight into a bench
 * database's dispatch tables, then `GET /api/ledger.csv` and `GET /api/ledger.xlsx` through the
 * gateway of a started system, read to the end. Reported: time, size, and how far the resident
 * memory of the gateway and of dispatch rose above where it was before each export (sampled every
 * 100 ms) — the exports stream, so the goal is at most 100 MB whatever the ledger's size — and
 * how far V8's heap in use rose (from /metrics, every second), to tell the heap from the rest.
 * A growth over the goal fails the section, after its figures are recorded.
 * Reproduce: `npm run build && BENCH_ONLY=ledger-export node dist/scripts/bench/index.js`.
 */
import pg from 'pg';
import { TestSystem } from '#libs/testing';
import type { Results } from './figures.js';
import { heapUsedMbOf } from './heap.js';
import type { BenchContext } from './options.js';
import { rssMbOf } from './proc.js';

const SERVICES = ['gateway', 'dispatch'] as const;
/** Each service's RSS may rise at most this much while an export of the whole ledger runs (issue 10). */
const GOAL_MB = 100;

export async function benchLedgerExport(context: BenchContext, results: Results): Promise<void> {
  const rows = Number(process.env.BENCH_LEDGER_ROWS ?? 100_000);
  const system = await TestSystem.start();
  const db = new pg.Client({ connectionString: system.isolation.databaseUrl });
  try {
    await db.connect();
    const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items as Array<{
      id: string;
      kind: string;
    }>;
    const departments = units.filter((u) => u.kind === 'department').map((u) => u.id);
    const schools = (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items.map(
      (s: { id: string }) => s.id,
    ) as string[];
    context.log(`ledger-export: generating ${rows} ledger rows`);
    const generated = performance.now();
    await db.query(
      `INSERT INTO dispatch.cases (id, reference, school_id, category, severity, status, reported_at, updated_at, source, source_id, sequence)
       SELECT id, 'BENCH-' || n, ($2::uuid[])[1 + n % cardinality($2::uuid[])],
              (ARRAY['psychological','bullying','public-safety','dropout','sunshine-school'])[1 + n % 5],
              (ARRAY['urgent','high','normal'])[1 + n % 3], 'ACKNOWLEDGED', at, at, 'report', id::text, 3
         FROM (SELECT n, gen_random_uuid() AS id, now() - n * interval '1 minute' AS at
                 FROM generate_series(1, $1::int) n) g`,
      [Math.ceil(rows / 2), schools],
    );
    await db.query(
      `INSERT INTO dispatch.tasks (id, case_id, unit_id, role, status, ack_due_at, acknowledged_at, rectify_due_at, created_at)
       SELECT gen_random_uuid(), c.id, ($1::uuid[])[1 + (abs(hashtext(c.id::text)) + r) % cardinality($1::uuid[])],
              CASE r WHEN 0 THEN 'lead' ELSE 'assisting' END, 'ACKNOWLEDGED',
              c.reported_at + interval '8 hours', c.reported_at + interval '2 hours', c.reported_at + interval '3 days',
              c.reported_at
         FROM dispatch.cases c CROSS JOIN generate_series(0, 1) r`,
      [departments],
    );
    await db.query('ANALYZE');
    const [{ n: ledgerRows }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dispatch.tasks')).rows;
    context.log(`ledger-export: ${ledgerRows} rows in ${((performance.now() - generated) / 1000).toFixed(1)} s`);

    const token = await system.tokenFor('taskforce.dispatcher');
    const over: string[] = [];
    for (const format of ['csv', 'xlsx'] as const) {
      const pids = Object.fromEntries(SERVICES.map((s) => [s, system.processOf(s)!.pid!]));
      const base = Object.fromEntries(SERVICES.map((s) => [s, rssMbOf(pids[s]) ?? 0]));
      const peak = { ...base };
      const sampler = setInterval(() => {
        for (const s of SERVICES) peak[s] = Math.max(peak[s], rssMbOf(pids[s]) ?? 0);
      }, 100);
      const heapBase = Object.fromEntries(SERVICES.map((s) => [s, 0]));
      const heapPeak = Object.fromEntries(SERVICES.map((s) => [s, 0]));
      for (const s of SERVICES) heapBase[s] = heapPeak[s] = (await heapUsedMbOf(system, s)) ?? 0;
      // Once a second: a scrape is some work for the service, not to be done at RSS's pace.
      const heapSampler = setInterval(() => {
        for (const s of SERVICES)
          void heapUsedMbOf(system, s).then((mb) => (heapPeak[s] = Math.max(heapPeak[s], mb ?? 0)));
      }, 1000);
      const started = performance.now();
      const response = await fetch(system.url(`/api/ledger.${format}`), {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200) throw new Error(`ledger.${format} answered ${response.status}`);
      let bytes = 0;
      let lines = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        if (format === 'csv') for (const byte of chunk) if (byte === 0x0a) lines++;
      }
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      clearInterval(heapSampler);
      if (format === 'csv' && lines !== ledgerRows + 1)
        throw new Error(`the CSV had ${lines - 1} rows, not ${ledgerRows}`);
      const growth = Object.fromEntries(SERVICES.map((s) => [s, peak[s] - base[s]]));
      const heapGrowth = Object.fromEntries(SERVICES.map((s) => [s, heapPeak[s] - heapBase[s]]));
      const perService = SERVICES.map(
        (s) => `${s} ${growth[s].toFixed(0)} MB (heap in use ${heapGrowth[s].toFixed(0)} MB)`,
      ).join(', ');
      context.log(
        `ledger-export: ${format} ${ledgerRows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; peak RSS growth ${perService}`,
      );
      for (const s of SERVICES) {
        if (growth[s] > GOAL_MB) over.push(`${format} ${s} ${growth[s].toFixed(0)} MB`);
      }
      results.add({
        key: `ledger.${format}.seconds`,
        label: `ledger export: ${ledgerRows} rows as ${format.toUpperCase()} through the gateway (${(bytes / 1e6).toFixed(1)} MB)`,
        value: seconds,
        unit: 's',
      });
      for (const s of SERVICES) {
        results.add({
          key: `ledger.${format}.rss.${s}`,
          label: `ledger export ${format.toUpperCase()}: peak RSS growth of ${s}`,
          value: growth[s],
          unit: 'MB',
          goal: { op: '<=', value: GOAL_MB },
        });
      }
      results.details[`ledger-${format}`] = {
        rows: ledgerRows,
        bytes,
        seconds,
        rss: { base, peak, growth },
        heapUsed: { base: heapBase, peak: heapPeak, growth: heapGrowth },
      };
    }
    if (over.length > 0) throw new Error(`RSS grew by more than ${GOAL_MB} MB: ${over.join(', ')}`);
  } finally {
    await db.end().catch(() => undefined);
    await system.stop();
  }
}
