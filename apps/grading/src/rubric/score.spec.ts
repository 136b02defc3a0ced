import { DEFAULT_RUBRIC } from './default-rubric.js';
import { GRADING_INPUTS, type GradingInputs } from './rubric.js';
import { moveOf, reasonsFor, scoreSchool } from './score.js';

const inputs = (overrides: Partial<GradingInputs> = {}): GradingInputs => ({
  ...(Object.fromEntries(GRADING_INPUTS.map((input) => [input, 0])) as GradingInputs),
  ...overrides,
});

describe('the default rubric', () => {
  it('gives a school with its checklist done and nothing against it full marks: demonstration', () => {
    const result = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6 }));
    expect(result.score).toBe(100);
    expect(result.tier).toBe('demonstration');
    expect(result.vetoes).toEqual([]);
    expect(result.breakdown.map((line) => [line.criterion, line.points, line.max])).toEqual([
      ['checklist', 30, 30],
      ['ack-on-time', 20, 20],
      ['rectify-on-time', 20, 20],
      ['inspections', 20, 20],
      ['bullying', 10, 10],
    ]);
    expect(result.breakdown[0].inputs).toEqual({ checklistDone: 6 });
  });

  it('takes the share of tasks acknowledged and rectified on time', () => {
    const result = scoreSchool(
      DEFAULT_RUBRIC,
      inputs({ checklistDone: 6, tasks: 4, ackBreached: 1, rectifyBreached: 2 }),
    );
    expect(result.breakdown[1].points).toBe(15);
    expect(result.breakdown[2].points).toBe(10);
    expect(result.score).toBe(85);
    expect(result.tier).toBe('compliant');
  });

  it('deducts findings and confirmed bullying, never below zero', () => {
    const result = scoreSchool(DEFAULT_RUBRIC, inputs({ minorFindings: 1, majorFindings: 5, confirmedBullying: 1 }));
    expect(result.breakdown[3]).toMatchObject({
      criterion: 'inspections',
      points: 0,
      inputs: { minorFindings: 1, majorFindings: 5 },
    });
    expect(result.breakdown[4].points).toBe(5);
    expect(result.score).toBe(45);
    expect(result.tier).toBe('non-compliant');
  });

  it('caps credit at the max and rounds to cents', () => {
    const result = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 9, tasks: 3, ackBreached: 1 }));
    expect(result.breakdown[0].points).toBe(30);
    expect(result.breakdown[1].points).toBe(13.33);
  });

  it('puts the thresholds at their edges', () => {
    // 60 exactly: compliant; 90 exactly: demonstration.
    expect(scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 0, confirmedBullying: 2 })).tier).toBe('compliant');
    expect(scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6, confirmedBullying: 2 })).score).toBe(90);
    expect(scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6, confirmedBullying: 2 })).tier).toBe('demonstration');
    expect(scoreSchool(DEFAULT_RUBRIC, inputs({ minorFindings: 1, confirmedBullying: 2 })).tier).toBe('non-compliant');
  });

  it('makes a vetoed school non-compliant whatever its score', () => {
    const result = scoreSchool(
      DEFAULT_RUBRIC,
      inputs({ checklistDone: 6, criticalFindings: 1, concealedIncidents: 2 }),
    );
    expect(result.score).toBe(100);
    expect(result.tier).toBe('non-compliant');
    expect(result.vetoes).toEqual(['concealed-incident', 'critical-finding']);
  });
});

describe('moves and their reasons', () => {
  it('orders tiers best first', () => {
    expect(moveOf('compliant', 'demonstration')).toBe('down');
    expect(moveOf('demonstration', 'non-compliant')).toBe('up');
    expect(moveOf('compliant', 'compliant')).toBe('same');
    expect(moveOf('compliant', null)).toBe('new');
  });

  it('gives the criteria that lost points, and the vetoes, as the reasons of a downgrade', () => {
    const before = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6 }));
    const now = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6, tasks: 2, ackBreached: 2, majorFindings: 1 }));
    expect(now.tier).toBe('compliant');
    expect(reasonsFor('down', now, before.breakdown)).toEqual([
      { kind: 'criterion', criterion: 'ack-on-time', points: 0, previousPoints: 20, max: 20 },
      { kind: 'criterion', criterion: 'inspections', points: 15, previousPoints: 20, max: 20 },
    ]);
    const vetoed = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6, criticalFindings: 1 }));
    expect(reasonsFor('down', vetoed, before.breakdown)).toEqual([{ kind: 'veto', item: 'critical-finding' }]);
  });

  it('gives the criteria that gained points as the reasons of an upgrade, and none when the tier held', () => {
    const before = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 2 }));
    const now = scoreSchool(DEFAULT_RUBRIC, inputs({ checklistDone: 6 }));
    expect(reasonsFor('up', now, before.breakdown)).toEqual([
      { kind: 'criterion', criterion: 'checklist', points: 30, previousPoints: 10, max: 30 },
    ]);
    expect(reasonsFor('same', now, before.breakdown)).toEqual([]);
  });
});
