import { Injectable } from '@nestjs/common';
import { hash } from 'argon2';
import { DataSource } from 'typeorm';
import { AppError } from '#libs/errors';
import { User } from '../directory/user.entity.js';
import { SecondFactor, type SignInFactor } from '../second-factor/second-factor.js';
import { organisationRetired } from './user-access.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { Sessions } from './sessions.js';

/** Verified against when the username is unknown, so both failures take the same time. */
const decoyHash = hash('campus-whistle-decoy-password');

@Injectable()
export class LoginUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: Sessions,
    private readonly throttle: LoginThrottle,
    private readonly hasher: PasswordHasher,
    private readonly secondFactor: SecondFactor,
  ) {}

  async execute(
    username: string,
    password: string,
    clientAddress: string,
    factor: { totp?: string; recoveryCode?: string } = {},
  ) {
    const attempt = await this.throttle.admit(username, clientAddress);
    let user: User | null;
    let valid: boolean;
    try {
      user = await this.dataSource
        .getRepository(User)
        .createQueryBuilder('user')
        .addSelect('user.passwordHash')
        .where('lower(user.username) = lower(:username)', { username })
        .getOne();
      valid = await this.hasher.verify(user?.passwordHash ?? (await decoyHash), password);
    } catch (error) {
      // Not a wrong password (hashing busy, database away): the attempt does not count.
      await attempt.undo();
      throw error;
    }
    if (!user || !valid || user.disabledAt) {
      await attempt.failed();
      throw AppError.unauthorized('wrong username or password');
    }
    // Only now, with the password right, may the answer tell why this user cannot sign in.
    if (await this.organisationRetired(user.orgId)) {
      await attempt.undo();
      throw organisationRetired();
    }
    // Only now, with the password right, may the answer tell that this user has a second factor.
    let second: SignInFactor;
    try {
      // Most users have none: they are spared the row lock.
      second = user.totpEnabledAt ? await this.secondFactor.atSignIn(user.id, factor.totp, factor.recoveryCode) : 'off';
    } catch (error) {
      await attempt.undo();
      throw error;
    }
    if (second === 'required') {
      // No guess was made: the client asks for the code and tries again.
      await attempt.undo();
      throw new AppError(
        401,
        'totp_required',
        'this account signs in with a second factor: send totp, the code of your authenticator app (or recoveryCode)',
      );
    }
    if (second === 'wrong' || second === 'used') {
      await attempt.failed();
      throw new AppError(
        401,
        'totp_invalid',
        second === 'used' ? 'this code was already used; wait for the next one' : 'the code is wrong',
      );
    }
    await attempt.succeeded();
    return this.sessions.start(user);
  }

  private async organisationRetired(orgId: string): Promise<boolean> {
    const [row] = await this.dataSource.query<Array<{ retired: boolean }>>(
      'SELECT retired_at IS NOT NULL AS retired FROM identity.organisations WHERE id = $1',
      [orgId],
    );
    return row?.retired ?? false;
  }
}
