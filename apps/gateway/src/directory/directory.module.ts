import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryController } from './directory.controller.js';
import { Organisation } from './organisation.entity.js';
import { RegisterUseCase } from './register.use-case.js';
import { User } from './user.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation, User])],
  controllers: [DirectoryController],
  providers: [RegisterUseCase],
  exports: [RegisterUseCase],
})
export class DirectoryModule {}
