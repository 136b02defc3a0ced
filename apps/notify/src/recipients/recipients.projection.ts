import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type PayloadOf, UserRegistered } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import { deliverBacklog } from '../inbox/announcements.js';

/** Who may be notified: each user's organisation and role, learned from the gateway's events. */
@Controller()
export class RecipientsProjection {
  @OnEvent(UserRegistered)
  async onUserRegistered(@Payload() user: PayloadOf<typeof UserRegistered>, @Ctx() context: BusEventContext) {
    await context.manager.query(
      `INSERT INTO notify.recipients (user_id, org_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET org_id = EXCLUDED.org_id, role = EXCLUDED.role`,
      [user.userId, user.orgId, user.role],
    );
    await deliverBacklog(context.manager, user.userId);
  }
}
