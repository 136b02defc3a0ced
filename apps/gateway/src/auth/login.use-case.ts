import { Injectable } from '@nestjs/common';
import { hash, verify } from 'argon2';
import { DataSource } from 'typeorm';
import { TokenService } from '#libs/auth';
import { AppError } from '#libs/errors';
import { User } from '../directory/user.entity.js';
import { LoginThrottle } from './login-throttle.js';

/** Verified against when the username is unknown, so both failures take the same time. */
const decoyHash = hash('campus-whistle-decoy-password');

@Injectable()
export class LoginUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokenService,
    private readonly throttle: LoginThrottle,
  ) {}

  async execute(username: string, password: string) {
    await this.throttle.assertAllowed(username);
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.username) = lower(:username)', { username })
      .getOne();
    const valid = await verify(user?.passwordHash ?? (await decoyHash), password);
    if (!user || !valid || user.disabledAt) {
      await this.throttle.recordFailure(username);
      throw AppError.unauthorized('wrong username or password');
    }
    await this.throttle.reset(username);
    const { token, expiresIn } = this.tokens.sign({ userId: user.id, role: user.role, orgId: user.orgId });
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn,
      user: { id: user.id, username: user.username, role: user.role, orgId: user.orgId },
    };
  }
}
