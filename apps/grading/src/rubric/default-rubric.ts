import type { RubricDefinition } from './rubric.js';

/**
 * The rubric the migration seeds as version 1 (written out in plain words in the README). Kept
 * here as the record of what was seeded: a later rubric is a new version, never an edit.
 */
export const DEFAULT_RUBRIC: RubricDefinition = {
  criteria: [
    {
      criterion: 'checklist',
      label: '安全工作清单 Safety checklist',
      max: 30,
      method: { kind: 'credit', input: 'checklistDone', pointsEach: 5 },
    },
    {
      criterion: 'ack-on-time',
      label: '按时签收 Acknowledged on time',
      max: 20,
      method: { kind: 'share', bad: 'ackBreached', total: 'tasks' },
    },
    {
      criterion: 'rectify-on-time',
      label: '按时整改 Rectified on time',
      max: 20,
      method: { kind: 'share', bad: 'rectifyBreached', total: 'tasks' },
    },
    {
      criterion: 'inspections',
      label: '督查发现 Inspection findings',
      max: 20,
      method: { kind: 'deduct', per: { minorFindings: 2, majorFindings: 5 } },
    },
    {
      criterion: 'bullying',
      label: '欺凌事件 Confirmed bullying',
      max: 10,
      method: { kind: 'deduct', per: { confirmedBullying: 5 } },
    },
  ],
  thresholds: { demonstration: 90, compliant: 60 },
  vetoes: [
    { item: 'serious-incident', label: '重大安全事件 Serious incident', input: 'seriousIncidents', atLeast: 1 },
    { item: 'concealed-incident', label: '瞒报事件 Concealed incident', input: 'concealedIncidents', atLeast: 1 },
    { item: 'critical-finding', label: '重大隐患 Critical inspection finding', input: 'criticalFindings', atLeast: 1 },
  ],
};
