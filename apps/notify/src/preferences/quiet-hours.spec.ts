import { quietUntil } from './quiet-hours.js';

const zone = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);

describe('quietUntil', () => {
  const night = { from: '22:00', to: '07:00' };

  it('holds until the morning inside a window that spans midnight', () => {
    expect(quietUntil(at('2026-12-01T23:30:00'), night, zone)).toEqual(at('2026-12-02T07:00:00'));
    expect(quietUntil(at('2026-12-02T03:00:00'), night, zone)).toEqual(at('2026-12-02T07:00:00'));
    expect(quietUntil(at('2026-12-01T22:00:00'), night, zone)).toEqual(at('2026-12-02T07:00:00'));
  });

  it('lets messages go outside the window and at its end', () => {
    expect(quietUntil(at('2026-12-02T07:00:00'), night, zone)).toBeNull();
    expect(quietUntil(at('2026-12-02T12:00:00'), night, zone)).toBeNull();
    expect(quietUntil(at('2026-12-01T21:59:00'), night, zone)).toBeNull();
  });

  it('handles a window within one day', () => {
    const noon = { from: '12:00', to: '14:00' };
    expect(quietUntil(at('2026-12-01T13:15:00'), noon, zone)).toEqual(at('2026-12-01T14:00:00'));
    expect(quietUntil(at('2026-12-01T14:00:00'), noon, zone)).toBeNull();
    expect(quietUntil(at('2026-12-01T11:59:00'), noon, zone)).toBeNull();
  });

  it('reads the wall clock of the county, not of the server', () => {
    // 23:30 in Shanghai is 15:30 UTC.
    expect(quietUntil(new Date('2026-12-01T15:30:00Z'), night, zone)).toEqual(new Date('2026-12-01T23:00:00Z'));
    expect(quietUntil(new Date('2026-12-01T15:30:00Z'), night, 'UTC')).toBeNull();
  });

  it('has no quiet hours when none are set', () => {
    expect(quietUntil(at('2026-12-01T23:30:00'), null, zone)).toBeNull();
  });
});
