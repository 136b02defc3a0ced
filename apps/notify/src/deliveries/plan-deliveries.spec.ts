import { planDeliveries } from './plan-deliveries.js';

const zone = 'Asia/Shanghai';
const night = new Date('2026-12-01T23:30:00+08:00');
const day = new Date('2026-12-01T10:00:00+08:00');

const target = (overrides: Record<string, unknown> = {}) =>
  ({
    id: 'n1',
    user_id: 'u1',
    kind: 'task-assigned',
    urgent: false,
    source_event_id: 'e1',
    role: 'department_handler',
    org_id: 'unit1',
    has_webhook: true,
    preferences: {
      language: 'en',
      email: 'a@b.test',
      phone: '+8613800000000',
      channels: { 'task-assigned': ['email', 'sms', 'webhook'] },
      quiet_from: '22:00',
      quiet_to: '07:00',
    },
    ...overrides,
  }) as Parameters<typeof planDeliveries>[0][number];

describe('planDeliveries', () => {
  it('plans each chosen channel, the unit group addressed to the unit', () => {
    const planned = planDeliveries([target()], day, zone);
    expect(planned.map((d) => [d.channel, d.recipientId, d.holdUntil])).toEqual([
      ['email', 'u1', null],
      ['sms', 'u1', null],
      ['webhook', 'unit1', null],
    ]);
  });

  it('holds personal channels in quiet hours, not the group, and never an urgent message', () => {
    const held = planDeliveries([target()], night, zone);
    expect(held.map((d) => [d.channel, d.holdUntil?.toISOString() ?? null])).toEqual([
      ['email', '2026-12-01T23:00:00.000Z'],
      ['sms', '2026-12-01T23:00:00.000Z'],
      ['webhook', null],
    ]);
    expect(planDeliveries([target({ urgent: true })], night, zone).every((d) => d.holdUntil === null)).toBe(true);
  });

  it('skips channels the recipient cannot be reached on', () => {
    const planned = planDeliveries(
      [target({ has_webhook: false, preferences: null, role: 'supervisor' })],
      night,
      zone,
    );
    // A supervisor without preferences: inbox and email by default, and no address yet.
    expect(planned).toEqual([]);
  });
});
