import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayAuthModule } from '../auth/auth.module.js';
import { DirectoryController } from './directory.controller.js';
import { ManageUsersUseCase } from './manage-users.use-case.js';
import { Organisation } from './organisation.entity.js';
import { RegisterUseCase } from './register.use-case.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation, User]), GatewayAuthModule],
  controllers: [DirectoryController, UsersController],
  providers: [RegisterUseCase, ManageUsersUseCase],
  exports: [RegisterUseCase],
})
export class DirectoryModule {}
