import { DateTime } from 'luxon';
import { countyTime } from './county-time.js';

const luxonTime = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm:ss');

describe('countyTime', () => {
  it("writes an instant as the zone's wall-clock time", () => {
    expect(countyTime('2026-11-30T16:05:09.123Z', 'Asia/Shanghai')).toBe('2026-12-01 00:05:09');
    expect(countyTime('2026-11-30T16:05:09+08:00', 'Asia/Shanghai')).toBe('2026-11-30 16:05:09');
  });

  it('writes null as null', () => {
    expect(countyTime(null, 'Asia/Shanghai')).toBeNull();
  });

  it('agrees with luxon minute by minute across daylight-saving changes and odd offsets', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    // Around the 2026 changes in spring and autumn (both hemispheres), every 7 minutes and 13 seconds.
    const spans = ['2026-03-07T00:00:00Z', '2026-03-28T00:00:00Z', '2026-04-04T00:00:00Z', '2026-10-03T00:00:00Z'];
    for (const zone of zones) {
      for (const span of spans) {
        for (let ms = Date.parse(span); ms < Date.parse(span) + 4 * 86_400_000; ms += 433_000) {
          const iso = new Date(ms).toISOString();
          expect([zone, iso, countyTime(iso, zone)]).toEqual([zone, iso, luxonTime(iso, zone)]);
        }
      }
    }
  });
});
