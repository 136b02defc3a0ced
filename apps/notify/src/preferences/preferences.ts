import {
  type DeliveryChannel,
  type Language,
  NOTIFICATION_KINDS,
  type NotificationKindName,
  type Role,
} from '#libs/contracts';
import type { QuietHours } from './quiet-hours.js';

export interface Preferences {
  language: Language;
  email: string | null;
  phone: string | null;
  channels: Record<NotificationKindName, DeliveryChannel[]>;
  quietHours: QuietHours | null;
}

/** A preferences row as stored; absent when the user never set theirs. */
export interface PreferencesRow {
  language: Language;
  email: string | null;
  phone: string | null;
  channels: Partial<Record<NotificationKindName, DeliveryChannel[]>>;
  quiet_from: string | null;
  quiet_to: string | null;
}

const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set(['department_handler', 'department_head']);
/** Roles on duty around the clock, whose messages are not held at night by default. */
const ON_DUTY: ReadonlySet<Role> = new Set(['taskforce_dispatcher', 'supervisor']);

/**
 * Defaults per role: everyone gets the inbox and email (once they give an address); departments
 * also their unit's work-chat group; SMS is left to re-alerting of escalations and life-safety
 * alerts (and to those who choose it). The night is quiet except for those on duty.
 */
export function defaultPreferences(role: Role): Preferences {
  const channels: DeliveryChannel[] = DEPARTMENT_ROLES.has(role) ? ['inbox', 'email', 'webhook'] : ['inbox', 'email'];
  return {
    language: 'zh-CN',
    email: null,
    phone: null,
    channels: Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, [...channels]])) as Preferences['channels'],
    quietHours: ON_DUTY.has(role) ? null : { from: '22:00', to: '07:00' },
  };
}

/** The inbox keeps every notification whatever the choice, so it is always listed first. */
export const withInbox = (channels: readonly DeliveryChannel[]): DeliveryChannel[] => [
  'inbox',
  ...channels.filter((channel) => channel !== 'inbox'),
];

/** A user's preferences: what they set, with their role's defaults for the kinds they left out. */
export function effectivePreferences(role: Role, row: PreferencesRow | null | undefined): Preferences {
  const defaults = defaultPreferences(role);
  if (!row) return defaults;
  const channels = { ...defaults.channels };
  for (const kind of NOTIFICATION_KINDS) {
    const chosen = row.channels[kind];
    if (chosen) channels[kind] = withInbox(chosen);
  }
  return {
    language: row.language,
    email: row.email,
    phone: row.phone,
    channels,
    quietHours: row.quiet_from && row.quiet_to ? { from: row.quiet_from, to: row.quiet_to } : null,
  };
}

/** The channels after the ones already used, in the order a re-alert tries them. */
export function nextChannel(
  preferences: Preferences,
  kind: NotificationKindName,
  used: ReadonlySet<DeliveryChannel>,
  reachable: (channel: DeliveryChannel) => boolean,
): DeliveryChannel | undefined {
  const ladder = [...preferences.channels[kind], 'email', 'sms', 'webhook'] as DeliveryChannel[];
  return ladder.find((channel) => channel !== 'inbox' && !used.has(channel) && reachable(channel));
}
