import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayAuthModule } from '../auth/auth.module.js';
import { DirectoryController } from './directory.controller.js';
import { ManageOrganisationsUseCase } from './manage-organisations.use-case.js';
import { ManageUsersUseCase } from './manage-users.use-case.js';
import { Organisation } from './organisation.entity.js';
import { OrganisationsController } from './organisations.controller.js';
import { RegisterUseCase } from './register.use-case.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation, User]), GatewayAuthModule],
  controllers: [DirectoryController, OrganisationsController, UsersController],
  providers: [RegisterUseCase, ManageUsersUseCase, ManageOrganisationsUseCase],
  exports: [RegisterUseCase],
})
export class DirectoryModule {}
