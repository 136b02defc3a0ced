import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { OrganisationChanged, OrganisationRegistered, type PayloadOf } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';

/**
 * Our copy of the directory's organisations, learned from the gateway's events: a registration is
 * revision 1, each change carries the whole state with a higher one; an event applies only over an
 * older revision, so one delivered late or replayed never undoes a rename or a retirement.
 */
@Controller()
export class UnitsProjection {
  @OnEvent(OrganisationRegistered)
  async onOrganisationRegistered(
    @Payload() event: PayloadOf<typeof OrganisationRegistered>,
    @Ctx() context: BusEventContext,
  ) {
    await context.manager.query(
      `INSERT INTO dispatch.units (id, kind, code, name, retired_at, revision) VALUES ($1, $2, $3, $4, NULL, 1)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, code = EXCLUDED.code, name = EXCLUDED.name
        WHERE dispatch.units.revision <= 1`,
      [event.orgId, event.kind, event.code, event.name],
    );
  }

  @OnEvent(OrganisationChanged)
  async onOrganisationChanged(
    @Payload() event: PayloadOf<typeof OrganisationChanged>,
    @Ctx() context: BusEventContext,
  ) {
    await context.manager.query(
      `INSERT INTO dispatch.units (id, kind, code, name, retired_at, revision) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, code = EXCLUDED.code, name = EXCLUDED.name,
              retired_at = EXCLUDED.retired_at, revision = EXCLUDED.revision
        WHERE dispatch.units.revision < EXCLUDED.revision`,
      [event.orgId, event.kind, event.code, event.name, event.retiredAt, event.revision],
    );
  }
}
