import { Module } from '@nestjs/common';
import { UserAuthInfoRepository } from './user-auth-info.repository.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

@Module({
  controllers: [UsersController],
  providers: [UserAuthInfoRepository, UsersService],
  exports: [UserAuthInfoRepository],
})
export class UsersModule {}
