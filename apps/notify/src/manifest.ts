import {
  CalendarYearMissing,
  CaseOpened,
  CaseStatusChanged,
  ExtensionDecided,
  ExtensionRequested,
  LifeSafetyFlagged,
  OrganisationRegistered,
  TaskAckBreached,
  TaskAssigned,
  TaskEscalated,
  TaskRectifyBreached,
  TaskReminderDue,
  UnitDigestMade,
  UserRegistered,
} from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { notifyConfigSchema } from './config.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { notifyMigrations } from './migrations/index.js';
import { PreferencesModule } from './preferences/preferences.module.js';
import { RecipientsModule } from './recipients/recipients.module.js';

/**
 * Recipients (from user events) and their preferences, announcements with their audience, the
 * in-app inbox, and deliveries on email, SMS and units' work-chat robots.
 */
export const notifyManifest = defineService({
  name: 'notify',
  configSchema: notifyConfigSchema,
  migrations: notifyMigrations,
  consumes: [
    CalendarYearMissing,
    UserRegistered,
    OrganisationRegistered,
    TaskAssigned,
    TaskAckBreached,
    TaskReminderDue,
    TaskRectifyBreached,
    TaskEscalated,
    ExtensionRequested,
    ExtensionDecided,
    CaseStatusChanged,
    LifeSafetyFlagged,
    CaseOpened,
    UnitDigestMade,
  ],
  imports: () => [RecipientsModule, InboxModule, PreferencesModule, DeliveriesModule],
});
