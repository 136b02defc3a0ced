import type { DispatchConfig } from '../config.js';
import type { WorkingTimeSettings } from './working-time.js';

/** The county's zone and office hours, from the validated configuration. */
export const workingTimeSettingsOf = (config: DispatchConfig): WorkingTimeSettings => ({
  zone: config.COUNTY_TIMEZONE,
  opens: config.OFFICE_HOURS_OPEN,
  closes: config.OFFICE_HOURS_CLOSE,
});

let current: WorkingTimeSettings = { zone: 'Asia/Shanghai', opens: '08:30', closes: '17:30' };

/**
 * Set once at boot from the configuration. Held here because `scheduleTaskDeadlines`, the one seam
 * every use case calls, takes only the transaction and the specs: the settings are constants of the process.
 */
export function useWorkingTimeSettings(settings: WorkingTimeSettings): void {
  current = settings;
}

export function workingTimeSettings(): WorkingTimeSettings {
  return current;
}
