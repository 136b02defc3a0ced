import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '#libs/auth';
import { Routes } from '#libs/contracts';
import { HttpRoute, type InputOf, RouteInput } from '../routes/http-route.js';
import { ManageOrganisationsUseCase } from './manage-organisations.use-case.js';

const {
  GatewayCreateOrganisation: Create,
  GatewayImportOrganisations: Import,
  GatewayUpdateOrganisation: Update,
  GatewayRetireOrganisation: Retire,
  GatewayReinstateOrganisation: Reinstate,
} = Routes;

/** Schools and units added, renamed, retired and reinstated, for administrators only (the routes' definitions say so). */
@Controller()
export class OrganisationsController {
  constructor(private readonly organisations: ManageOrganisationsUseCase) {}

  @HttpRoute(Create)
  create(@RouteInput(Create) body: InputOf<typeof Create>) {
    return this.organisations.create(body);
  }

  @HttpRoute(Import)
  import(@RouteInput(Import) { csv }: InputOf<typeof Import>) {
    return this.organisations.importCsv(csv);
  }

  @HttpRoute(Update)
  update(@RouteInput(Update) { id, name }: InputOf<typeof Update>) {
    return this.organisations.rename(id, name);
  }

  /** Dispatch is asked about a unit's work with the administrator's own token. */
  @HttpRoute(Retire)
  retire(
    @CurrentActor() admin: Actor,
    @RouteInput(Retire) { id }: InputOf<typeof Retire>,
    @Req() request: FastifyRequest,
  ) {
    return this.organisations.retire(admin, id, request.headers.authorization);
  }

  @HttpRoute(Reinstate)
  reinstate(@RouteInput(Reinstate) { id }: InputOf<typeof Reinstate>) {
    return this.organisations.reinstate(id);
  }
}
