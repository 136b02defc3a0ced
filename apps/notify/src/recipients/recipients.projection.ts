import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { APP_CONFIG } from '#libs/config';
import { OrganisationRegistered, type PayloadOf, UserRegistered } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import type { NotifyConfig } from '../config.js';
import { deliverBacklog } from '../inbox/announcements.js';

/** Who may be notified: each user's organisation and role, and each organisation's kind, learned from the gateway's events. */
@Controller()
export class RecipientsProjection {
  constructor(@Inject(APP_CONFIG) private readonly config: NotifyConfig) {}

  @OnEvent(UserRegistered)
  async onUserRegistered(@Payload() user: PayloadOf<typeof UserRegistered>, @Ctx() context: BusEventContext) {
    await context.manager.query(
      `INSERT INTO notify.recipients (user_id, org_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET org_id = EXCLUDED.org_id, role = EXCLUDED.role`,
      [user.userId, user.orgId, user.role],
    );
    await deliverBacklog(context.manager, user.userId, this.config.COUNTY_TIMEZONE);
  }

  /** Only the kind: a unit's robot may be set for departments alone. */
  @OnEvent(OrganisationRegistered)
  async onOrganisationRegistered(
    @Payload() organisation: PayloadOf<typeof OrganisationRegistered>,
    @Ctx() context: BusEventContext,
  ) {
    await context.manager.query(
      `INSERT INTO notify.organisations (org_id, kind) VALUES ($1, $2)
       ON CONFLICT (org_id) DO UPDATE SET kind = EXCLUDED.kind`,
      [organisation.orgId, organisation.kind],
    );
  }
}
