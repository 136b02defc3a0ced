import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type Actor, CurrentActor } from '#libs/auth';
import { Routes } from '#libs/contracts';
import { HttpRoute, type InputOf, RouteInput } from '../routes/http-route.js';
import { SecondFactor } from './second-factor.js';

const {
  GatewayTotpStatus: Status,
  GatewayEnrolTotp: Enrol,
  GatewayConfirmTotp: Confirm,
  GatewayDisableTotp: Disable,
  GatewayRenewRecoveryCodes: Renew,
} = Routes;

/** The caller's own second factor: set up, turn on, turn off (the routes' definitions say which roles). */
@Controller()
export class SecondFactorController {
  constructor(private readonly factor: SecondFactor) {}

  @HttpRoute(Status)
  status(@CurrentActor() actor: Actor, @RouteInput(Status) _input: InputOf<typeof Status>) {
    return this.factor.status(actor.userId);
  }

  /** The secret is in this answer only: it is stored encrypted and never shown again. */
  @HttpRoute(Enrol)
  // The body may be absent; if sent it must be empty (the schema refuses unknown fields).
  enrol(@CurrentActor() actor: Actor, @RouteInput(Enrol) _input: InputOf<typeof Enrol>) {
    return this.factor.enrol(actor.userId);
  }

  @HttpRoute(Confirm)
  confirm(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @RouteInput(Confirm) body: InputOf<typeof Confirm>,
  ) {
    return this.factor.confirm(actor.userId, body.code, request.ip);
  }

  @HttpRoute(Disable)
  disable(
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
    @RouteInput(Disable) body: InputOf<typeof Disable>,
  ) {
    return this.factor.disable(actor.userId, body.code, request.ip);
  }

  /** The codes are in this answer only: only their hashes are kept. */
  @HttpRoute(Renew)
  renew(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @RouteInput(Renew) body: InputOf<typeof Renew>) {
    return this.factor.renewRecoveryCodes(actor.userId, body.code, request.ip);
  }
}
