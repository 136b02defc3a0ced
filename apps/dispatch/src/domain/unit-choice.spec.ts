import { AppError } from '#libs/errors';
import { assertAssignable, type Departments, withoutRetired } from './unit-choice.js';

const [psb, edu, plc, school] = ['psb', 'edu', 'plc', 'school'];
const departments: Departments = new Map([
  [psb, { retired: false }],
  [edu, { retired: false }],
  [plc, { retired: true }],
]);

/** The AppError `run` throws, as `{status, error, field, message}`. */
const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return { ...error.toBody() };
    throw error;
  }
  return undefined;
};

describe('choosing units for new work', () => {
  it('accepts departments in service', () => {
    expect(refusal(() => assertAssignable(departments, psb, [edu]))).toBeUndefined();
  });

  it('refuses a retired unit, lead or assisting, naming its field; an unknown one as before', () => {
    expect(refusal(() => assertAssignable(departments, plc, []))).toEqual({
      status: 400,
      error: 'unit_retired',
      field: 'leadUnitId',
      message: 'leadUnitId: this unit has been retired and takes no new work',
    });
    expect(refusal(() => assertAssignable(departments, psb, [edu, plc]))).toMatchObject({
      error: 'unit_retired',
      field: 'assistingUnitIds.1',
    });
    expect(refusal(() => assertAssignable(departments, psb, [school]))).toMatchObject({
      status: 400,
      error: 'bad_request',
      field: 'assistingUnitIds.0',
      message: 'assistingUnitIds.0: no such department',
    });
    // The lead is checked first; a routing rule's fields carry its place.
    expect(refusal(() => assertAssignable(departments, plc, [school], 'rules.2.'))).toMatchObject({
      field: 'rules.2.leadUnitId',
    });
  });

  it('proposes no retired unit: an assisting one is left out, a retired lead leaves no proposal', () => {
    expect(withoutRetired({ leadUnitId: psb, assistingUnitIds: [plc, edu] }, departments)).toEqual({
      leadUnitId: psb,
      assistingUnitIds: [edu],
    });
    expect(withoutRetired({ leadUnitId: plc, assistingUnitIds: [psb] }, departments)).toBeNull();
    expect(withoutRetired(null, departments)).toBeNull();
  });
});
