import { Controller } from '@nestjs/common';
import { type Actor, CurrentActor } from '#libs/auth';
import { Routes } from '#libs/contracts';
import { HttpRoute, type InputOf, RouteInput } from '../routes/http-route.js';
import { ManageUsersUseCase } from './manage-users.use-case.js';

const {
  GatewayListUsers: List,
  GatewayCreateUser: Create,
  GatewayImportUsers: Import,
  GatewayUpdateUser: Update,
} = Routes;

/** User administration, for administrators only (the routes' definitions say so). */
@Controller()
export class UsersController {
  constructor(private readonly users: ManageUsersUseCase) {}

  @HttpRoute(List)
  list(@RouteInput(List) query: InputOf<typeof List>) {
    return this.users.list(query);
  }

  @HttpRoute(Create)
  create(@RouteInput(Create) body: InputOf<typeof Create>) {
    return this.users.create(body);
  }

  /** The answer holds created users' initial passwords: it is given to the administrator and nowhere else. */
  @HttpRoute(Import)
  import(@RouteInput(Import) { csv }: InputOf<typeof Import>) {
    return this.users.importCsv(csv);
  }

  @HttpRoute(Update)
  update(@CurrentActor() admin: Actor, @RouteInput(Update) { id, ...change }: InputOf<typeof Update>) {
    return this.users.update(admin, id, change);
  }
}
