import type { Row } from './scenario.js';

const HEADER = [
  'fault',
  'accepted',
  'lost',
  'dup. cases',
  'tasks',
  'acks',
  'deadlines due / fired once',
  'lateness p99',
  'parked',
  'settled',
  'result',
];

/** The matrix as a Markdown table, then one line per failing row saying why. */
export function markdownTable(rows: Row[]): string {
  const lines = [`| ${HEADER.join(' | ')} |`, `| ${HEADER.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    const cells = [
      row.scenario,
      row.accepted,
      row.lost,
      row.duplicates,
      row.tasksAssigned,
      row.acksAccepted,
      `${row.deadlinesDue} / ${row.firedOnce}`,
      row.latenessP99Ms === null ? '–' : `${(row.latenessP99Ms / 1000).toFixed(1)} s`,
      row.parked,
      row.settled ? `${(row.settleMs / 1000).toFixed(0)} s` : 'no',
      row.pass ? 'pass' : '**FAIL**',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  const why = rows
    .filter((row) => !row.pass || row.notes.length > 0)
    .map((row) => `- ${row.scenario}: ${[...row.failures, ...row.notes].join('; ')}`);
  return [...lines, ...(why.length > 0 ? ['', ...why] : [])].join('\n');
}
