import { TaskAckBreached, TaskAssigned, UserRegistered } from '#libs/contracts';
import { defineService } from '#libs/service-kit';
import { notifyConfigSchema } from './config.js';
import { InboxModule } from './inbox/inbox.module.js';
import { notifyMigrations } from './migrations/index.js';
import { RecipientsModule } from './recipients/recipients.module.js';

/** Recipients (from user events), announcements with their audience, and the in-app inbox. */
export const notifyManifest = defineService({
  name: 'notify',
  configSchema: notifyConfigSchema,
  migrations: notifyMigrations,
  consumes: [UserRegistered, TaskAssigned, TaskAckBreached],
  imports: () => [RecipientsModule, InboxModule],
});
