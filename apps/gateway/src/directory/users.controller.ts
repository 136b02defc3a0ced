import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { type Actor, CurrentActor, Roles } from '#libs/auth';
import { pageRequestShape, roleSchema, text } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { ManageUsersUseCase } from './manage-users.use-case.js';

const listUsersRequest = z.strictObject(pageRequestShape(z.tuple([z.string().min(1).max(64)])));
const createUserRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/i, 'letters, digits, ".", "_" and "-" only, starting with a letter or digit'),
  password: z.string().min(12, 'must be at least 12 characters').max(200),
  role: roleSchema,
  orgId: z.uuid(),
  displayName: text(100).optional(),
});
const updateUserRequest = z
  .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, {
    message: 'give a new role, or disabled: true or false',
    path: ['role'],
  });
const userParams = z.object({ id: z.uuid('must be a UUID') });

/** User administration, for administrators only. */
@Controller('api/users')
@Roles('administrator')
export class UsersController {
  constructor(private readonly users: ManageUsersUseCase) {}

  @Get()
  list(@Query(new ZodValidationPipe(listUsersRequest)) query: z.infer<typeof listUsersRequest>) {
    return this.users.list(query);
  }

  @Post()
  create(@Body(new ZodValidationPipe(createUserRequest)) body: z.infer<typeof createUserRequest>) {
    return this.users.create(body);
  }

  @Patch(':id')
  update(
    @CurrentActor() admin: Actor,
    @Param(new ZodValidationPipe(userParams)) params: z.infer<typeof userParams>,
    @Body(new ZodValidationPipe(updateUserRequest)) body: z.infer<typeof updateUserRequest>,
  ) {
    return this.users.update(admin, params.id, body);
  }
}
