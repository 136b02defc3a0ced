import type { DynamicModule } from '@nestjs/common';
import { TaskAckBreached, TaskAssigned, UserRegistered } from '#libs/contracts';
import type { Logger } from '#libs/observability';
import { serviceCoreModules } from '#libs/service-kit';
import type { NotifyConfig } from './config.js';
import { InboxModule } from './inbox/inbox.module.js';
import { notifyMigrations } from './migrations/index.js';
import { RecipientsModule } from './recipients/recipients.module.js';

export class NotifyModule {
  static register(config: NotifyConfig, logger: Logger): DynamicModule {
    return {
      module: NotifyModule,
      imports: [
        ...serviceCoreModules({
          service: 'notify',
          schema: 'notify',
          config,
          logger,
          migrations: notifyMigrations,
          consumes: [UserRegistered, TaskAssigned, TaskAckBreached],
        }),
        RecipientsModule,
        InboxModule,
      ],
    };
  }
}
