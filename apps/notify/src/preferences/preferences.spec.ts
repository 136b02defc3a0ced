import { defaultPreferences, effectivePreferences, nextChannel } from './preferences.js';

describe('preferences', () => {
  it('gives departments their unit group and quiet nights, the task force no quiet hours', () => {
    const handler = defaultPreferences('department_handler');
    expect(handler.channels['task-assigned']).toEqual(['inbox', 'email', 'webhook']);
    expect(handler.quietHours).toEqual({ from: '22:00', to: '07:00' });
    expect(handler.language).toBe('zh-CN');
    const dispatcher = defaultPreferences('taskforce_dispatcher');
    expect(dispatcher.channels['life-safety']).toEqual(['inbox', 'email']);
    expect(dispatcher.quietHours).toBeNull();
  });

  it('keeps what the user chose, with the inbox always first, and defaults for kinds left out', () => {
    const preferences = effectivePreferences('supervisor', {
      language: 'en',
      email: null,
      phone: '+8613800000000',
      channels: { escalation: ['sms'] },
      quiet_from: '23:00',
      quiet_to: '06:00',
    });
    expect(preferences.channels.escalation).toEqual(['inbox', 'sms']);
    expect(preferences.channels.reminder).toEqual(['inbox', 'email']);
    expect(preferences.quietHours).toEqual({ from: '23:00', to: '06:00' });
  });

  it('re-alerts on the first reachable channel not used yet', () => {
    const preferences = defaultPreferences('supervisor');
    const all = () => true;
    expect(nextChannel(preferences, 'escalation', new Set(['email']), all)).toBe('sms');
    expect(nextChannel(preferences, 'escalation', new Set(['email', 'sms']), all)).toBe('webhook');
    expect(nextChannel(preferences, 'escalation', new Set(['email']), (channel) => channel === 'webhook')).toBe(
      'webhook',
    );
    expect(nextChannel(preferences, 'escalation', new Set(['email', 'sms', 'webhook']), all)).toBeUndefined();
  });
});
