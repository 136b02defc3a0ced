import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { generateTokenKeys, parseSigningKey } from '#libs/config';
import { PrivateRedis, TestSystem, waitFor } from '#libs/testing';

/**
 * Trust boundaries, over HTTP against the whole system: tokens only the gateway can mint.
 */
describe('security', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({
      serviceEnv: {
        gateway: {
          TRUST_PROXY: 'true',
          LOGIN_CLIENT_MAX_FAILURES: '12',
          LOGIN_SLOWDOWN_SECONDS: '30',
          LOGIN_HASH_CONCURRENCY: '1',
          LOGIN_HASH_QUEUE: '2',
        },
      },
    });
  });
  afterAll(async () => {
    await system?.stop();
  });

  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

  describe('tokens', () => {
    it('are ES256 under a key id from the public key set', async () => {
      const token = await system.tokenFor('school.reporter');
      const kid = JSON.parse(system.tokenKeys.JWT_PUBLIC_KEYS).keys[0].kid;
      expect(headerOf(token)).toEqual({ alg: 'ES256', typ: 'JWT', kid });
      expect(
        (await system.api('GET', '/api/whistle-reports/00000000-0000-4000-8000-000000000000', { token })).status,
      ).toBe(404);
    });

    it("signed by any key but the gateway's are refused, at the gateway and at the services", async () => {
      const claims = claimsOf(await system.tokenFor('school.reporter'));
      const kid = headerOf(await system.tokenFor('school.reporter')).kid;
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const body = { role: 'administrator', org: claims.org };
      const options: jwt.SignOptions = {
        subject: claims.sub,
        audience: claims.aud,
        issuer: claims.iss,
        expiresIn: 60,
      };
      const forgedEs256 = jwt.sign(body, privateKey, { ...options, algorithm: 'ES256', keyid: kid });
      // What a compromised service could do before: sign with the secret every service held.
      const forgedHs256 = jwt.sign(body, 'x'.repeat(40), { ...options, algorithm: 'HS256', keyid: kid });
      const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ ...claims, role: 'administrator' })).toString('base64url');
      const publicJwk = JSON.stringify(JSON.parse(system.tokenKeys.JWT_PUBLIC_KEYS).keys[0]);
      const confused = `${header}.${payload}.${createHmac('sha256', publicJwk).update(`${header}.${payload}`).digest('base64url')}`;
      for (const token of [forgedEs256, forgedHs256, confused]) {
        // Gateway-owned route and a forwarded one (checked again by dispatch).
        expect((await system.api('GET', '/api/directory/units', { token })).status).toBe(401);
        expect(
          (
            await system.api('PUT', '/api/sla-policies/normal', {
              token,
              body: { ackWithin: 'PT1H', rectifyWithin: 'P1D' },
            })
          ).status,
        ).toBe(401);
      }
    });

    it('cannot be minted by a backend: a service given the private key refuses to start', () => {
      const keys = generateTokenKeys('k');
      const run = spawnSync(process.execPath, ['dist/apps/intake/src/main.js'], {
        env: { ...process.env, ...keys, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('JWT_SIGNING_KEY is set: only the gateway signs tokens');
      expect(run.stderr).not.toContain(JSON.parse(keys.JWT_SIGNING_KEY).d);
    });

    it('refuses a gateway whose signing key is not in the public set', () => {
      const run = spawnSync(process.execPath, ['dist/apps/gateway/src/main.js'], {
        env: {
          ...process.env,
          JWT_SIGNING_KEY: generateTokenKeys('k').JWT_SIGNING_KEY,
          JWT_PUBLIC_KEYS: generateTokenKeys('k').JWT_PUBLIC_KEYS,
          TOTP_KEYS: system.totpKeys,
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("JWT_PUBLIC_KEYS is malformed: must list the signing key's public half");
      expect(parseSigningKey(system.tokenKeys.JWT_SIGNING_KEY).kid).toMatch(/^test-/);
    });
  });

  describe('sessions and user administration', () => {
    const PASSWORD = 'a-long-enough-password-1';
    let psb: string;
    let school: string;

    beforeAll(async () => {
      const units = (await system.api('GET', '/api/directory/units', { as: 'admin' })).body.items;
      psb = units.find((u: { code: string }) => u.code === 'DM-PSB').id;
      school = (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items[0].id;
    });

    const login = (username: string, password = PASSWORD) =>
      system.api('POST', '/api/auth/login', { body: { username, password } });
    const refresh = (refreshToken: string) => system.api('POST', '/api/auth/refresh', { body: { refreshToken } });
    const createUser = (body: Record<string, unknown>, as = 'admin') => system.api('POST', '/api/users', { as, body });
    const patchUser = (id: string, body: Record<string, unknown>) =>
      system.api('PATCH', `/api/users/${id}`, { as: 'admin', body });
    /** A gateway-owned route and a route forwarded to dispatch. */
    const reach = async (token: string) => [
      (await system.api('GET', '/api/directory/units', { token })).status,
      (await system.api('GET', '/api/tasks', { token })).status,
    ];

    it('renews a session with rotation, and a reused refresh token revokes its whole family', async () => {
      const first = await login('police.handler', 'demo-password-for-tests');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ tokenType: 'Bearer', refreshExpiresIn: expect.any(Number) });
      const second = await refresh(first.body.refreshToken);
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
      expect(second.body.user).toEqual(first.body.user);
      expect(await reach(second.body.accessToken)).toEqual([200, 200]);
      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);

      // The first token again: someone else holds a copy. Both it and the latest of the family stop working.
      const replay = await refresh(first.body.refreshToken);
      expect(replay.status).toBe(401);
      expect(replay.body.message).toMatch(/already used/);
      expect((await refresh(third.body.refreshToken)).status).toBe(401);
      // Another session of the same user is not affected.
      const other = await login('police.handler', 'demo-password-for-tests');
      expect((await refresh(other.body.refreshToken)).status).toBe(200);
    });

    it('lets two parallel refreshes with one token win at most once', async () => {
      const session = await login('police.head', 'demo-password-for-tests');
      const answers = await Promise.all([1, 2, 3].map(() => refresh(session.body.refreshToken)));
      expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
      expect(answers.every((a) => a.status === 200 || a.status === 401)).toBe(true);
    });

    it('ends a session at logout', async () => {
      const session = await login('inspector', 'demo-password-for-tests');
      const renewed = await refresh(session.body.refreshToken);
      const logout = await system.api('POST', '/api/auth/logout', {
        body: { refreshToken: renewed.body.refreshToken },
      });
      expect(logout.status).toBe(204);
      expect((await refresh(renewed.body.refreshToken)).status).toBe(401);
      expect((await system.api('POST', '/api/auth/logout', { body: { refreshToken: 'unknown' } })).status).toBe(204);
      expect((await refresh('not-a-token')).status).toBe(401);
      expect((await system.api('POST', '/api/auth/refresh', { body: {} })).body.field).toBe('refreshToken');
    });

    it('lets only an administrator create and list users, with clear refusals', async () => {
      const created = await createUser({
        username: 'new.handler',
        password: PASSWORD,
        role: 'department_handler',
        orgId: psb,
        displayName: 'New Handler',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        username: 'new.handler',
        role: 'department_handler',
        orgId: psb,
        disabled: false,
      });
      expect(created.body.passwordHash).toBeUndefined();
      expect((await login('new.handler')).status).toBe(200);

      expect(
        (await createUser({ username: 'New.Handler', password: PASSWORD, role: 'supervisor', orgId: psb })).status,
      ).toBe(409);
      expect(
        (await createUser({ username: 'x.y', password: PASSWORD, role: 'supervisor', orgId: school }, 'supervisor'))
          .status,
      ).toBe(403);
      expect(
        (await createUser({ username: 'x.y', password: 'short', role: 'supervisor', orgId: psb })).body.field,
      ).toBe('password');
      expect((await createUser({ username: 'x.y', password: PASSWORD, role: 'king', orgId: psb })).body.field).toBe(
        'role',
      );
      const noOrg = await createUser({
        username: 'x.y',
        password: PASSWORD,
        role: 'supervisor',
        orgId: '00000000-0000-4000-8000-000000000000',
      });
      expect(noOrg.status).toBe(400);
      expect(noOrg.body.field).toBe('orgId');

      const page = await system.api('GET', '/api/users?limit=3', { as: 'admin' });
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(3);
      const all: Array<{ username: string }> = [...page.body.items];
      let cursor = page.body.nextCursor;
      while (cursor) {
        const next = await system.api('GET', `/api/users?limit=3&cursor=${cursor}`, { as: 'admin' });
        all.push(...next.body.items);
        cursor = next.body.nextCursor;
      }
      expect(all.map((u) => u.username)).toContain('new.handler');
      expect(all.map((u) => u.username)).toEqual([...all.map((u) => u.username)].sort());
      expect((await system.api('GET', '/api/users', { as: 'supervisor' })).status).toBe(403);
    });

    it('takes a disabled user out on the next request, everywhere, and their sessions with them', async () => {
      const user = await createUser({
        username: 'soon.disabled',
        password: PASSWORD,
        role: 'department_handler',
        orgId: psb,
      });
      const session = await login('soon.disabled');
      expect(await reach(session.body.accessToken)).toEqual([200, 200]);

      const disabled = await patchUser(user.body.id, { disabled: true });
      expect(disabled.status).toBe(200);
      expect(disabled.body.disabled).toBe(true);
      expect(await reach(session.body.accessToken)).toEqual([401, 401]);
      expect((await refresh(session.body.refreshToken)).status).toBe(401);
      expect((await login('soon.disabled')).status).toBe(401);

      expect((await patchUser(user.body.id, { disabled: false })).body.disabled).toBe(false);
      const again = await login('soon.disabled');
      expect(again.status).toBe(200);
      expect(await reach(again.body.accessToken)).toEqual([200, 200]);
    });

    it('makes a role change count on the next request; a refresh carries the new role', async () => {
      const user = await createUser({
        username: 'soon.head',
        password: PASSWORD,
        role: 'department_handler',
        orgId: psb,
      });
      const session = await login('soon.head');
      const changed = await patchUser(user.body.id, { role: 'department_head' });
      expect(changed.body.role).toBe('department_head');
      const stale = await system.api('GET', '/api/tasks', { token: session.body.accessToken });
      expect(stale.status).toBe(401);
      expect(stale.body.message).toMatch(/access has changed/);
      const renewed = await refresh(session.body.refreshToken);
      expect(renewed.body.user.role).toBe('department_head');
      expect(claimsOf(renewed.body.accessToken).role).toBe('department_head');
      expect(await reach(renewed.body.accessToken)).toEqual([200, 200]);
    });

    it('refuses an administrator disabling or demoting themselves, an unknown user and an empty change', async () => {
      const me = claimsOf(await system.tokenFor('admin')).sub;
      expect((await patchUser(me, { disabled: true })).status).toBe(409);
      expect((await patchUser(me, { role: 'supervisor' })).status).toBe(409);
      expect((await patchUser('00000000-0000-4000-8000-000000000000', { disabled: true })).status).toBe(404);
      expect((await patchUser('not-a-uuid', { disabled: true })).body.field).toBe('id');
      expect((await patchUser(me, {})).status).toBe(400);
      expect((await patchUser(me, { disabled: 'yes' })).body.field).toBe('disabled');
    });
  });

  describe('sign-in throttle', () => {
    const signIn = (username: string, password: string, from: string) =>
      system.api('POST', '/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': from } });
    /** Retries a refusal for a busy hash pool: the throttle's verdicts are what these tests are about. */
    const signInPatiently = async (username: string, password: string, from: string) => {
      for (;;) {
        const answer = await signIn(username, password, from);
        if (answer.status !== 503) return answer;
      }
    };

    it('lets at most LOGIN_MAX_FAILURES of a parallel burst of guesses through, and never locks the owner out', async () => {
      const burst = await Promise.all(Array.from({ length: 30 }, () => signIn('supervisor', 'a-guess', '10.1.0.1')));
      const statuses = burst.map((answer) => answer.status);
      expect(statuses.every((status) => [401, 429, 503].includes(status))).toBe(true);
      let failures = statuses.filter((status) => status === 401).length;
      expect(failures).toBeLessThanOrEqual(10);
      // Refusals of a busy hash pool do not count: guess on, one at a time, until the throttle answers.
      let answer = await signInPatiently('supervisor', 'a-guess', '10.1.0.1');
      while (answer.status === 401) {
        failures += 1;
        answer = await signInPatiently('supervisor', 'a-guess', '10.1.0.1');
      }
      expect(failures).toBe(10);
      expect(answer.status).toBe(429);
      expect(answer.body.message).toMatch(/too many failed sign-ins for this user/);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);

      // The guesser, even with the right password, waits; the owner elsewhere signs in at once.
      expect((await signInPatiently('supervisor', 'demo-password-for-tests', '10.1.0.1')).status).toBe(429);
      expect((await signInPatiently('supervisor', 'demo-password-for-tests', '10.1.0.2')).status).toBe(200);
    });

    it('refuses an address spraying one password over many usernames', async () => {
      const answers = [];
      for (let i = 0; i < 16; i += 1)
        answers.push(await signInPatiently(`sprayed.user${i}`, 'Spring2026!', '10.2.0.1'));
      expect(answers.slice(0, 12).map((a) => a.status)).toEqual(Array(12).fill(401));
      for (const refused of answers.slice(12)) {
        expect(refused.status).toBe(429);
        expect(refused.body.message).toMatch(/from this address/);
      }
      expect((await signInPatiently('inspector', 'demo-password-for-tests', '10.2.0.1')).status).toBe(429);
      expect((await signInPatiently('inspector', 'demo-password-for-tests', '10.2.0.2')).status).toBe(200);
    });

    it('keeps neither addresses nor usernames readable in Redis', async () => {
      const { Redis } = await import('ioredis');
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        const keys: string[] = [];
        for await (const batch of redis.scanStream({ match: `${system.isolation.redisPrefix}:login:*` }))
          keys.push(...batch);
        expect(keys.length).toBeGreaterThan(3);
        const values = await Promise.all(
          keys.map(async (key) =>
            (await redis.type(key)) === 'hash'
              ? JSON.stringify(await redis.hgetall(key))
              : String(await redis.get(key)),
          ),
        );
        const text = keys.join(' ') + values.join(' ');
        for (const secret of ['10.1.0.1', '10.2.0.1', 'supervisor', 'sprayed', 'inspector'])
          expect(text).not.toContain(secret);
      } finally {
        redis.disconnect();
      }
    });

    it('answers a flood beyond the bounded password hashing with a quick 503, never a hang or a 500', async () => {
      const flood = await Promise.all(
        Array.from({ length: 12 }, (_, i) => signIn(`flood.user${i}`, 'whatever-password', `10.3.0.${i + 1}`)),
      );
      const statuses = flood.map((answer) => answer.status);
      expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
      const busy = flood.find((answer) => answer.status === 503);
      expect(busy?.body).toMatchObject({ error: 'service_unavailable', message: expect.stringMatching(/busy/) });
      expect(busy?.headers.get('retry-after')).toBe('1');
      // Refusals for a busy pool do not count as failures: each of those usernames can still be tried.
      expect((await signInPatiently('flood.user0', 'whatever-password', '10.3.0.1')).status).toBe(401);
    });
  });

  describe('public health', () => {
    it('tells anonymous callers only up or down, from a briefly shared result', async () => {
      const anonymous = await system.api('GET', '/api/health');
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual({ status: 'up' });
      const burst = await Promise.all(Array.from({ length: 20 }, () => system.api('GET', '/api/health')));
      expect(burst.every((answer) => answer.status === 200 && answer.body.status === 'up')).toBe(true);
      // A non-administrator learns no more than anyone.
      expect((await system.api('GET', '/api/health', { as: 'school.reporter' })).body).toEqual({ status: 'up' });
    });

    it('gives an administrator the details', async () => {
      const details = await system.api('GET', '/api/health', { as: 'admin' });
      expect(details.status).toBe(200);
      expect(Object.keys(details.body.services).sort()).toEqual(['dispatch', 'gateway', 'grading', 'intake', 'notify']);
      expect((await system.api('GET', '/api/health', { token: 'not.a.token' })).status).toBe(401);
    });
  });

  describe('answers', () => {
    const personal = () => system.api('GET', '/api/directory/units', { as: 'police.handler' });

    it('carry security headers, on successes and errors alike', async () => {
      for (const answer of [
        await personal(),
        await system.api('GET', '/api/tasks'),
        await system.api('GET', '/api/no-such-route'),
        await system.api('POST', '/api/auth/login', { rawBody: '{' }),
      ]) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
        expect(answer.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
        expect(answer.headers.get('cache-control')).toBe('no-store');
      }
    });

    it('are not shared with other origins (no CORS)', async () => {
      const preflight = await fetch(system.url('/api/tasks'), {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const read = await system.api('GET', '/api/directory/units', {
        as: 'police.handler',
        headers: { origin: 'https://evil.example' },
      });
      expect(read.status).toBe(200);
      expect(read.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  // Last: restarts the gateway.
  describe('demo seeding and a Redis with a password', () => {
    let redis: PrivateRedis;
    afterAll(async () => {
      await redis?.stop();
    });

    it("never resets an existing user's password, and the gateway works with a password-protected Redis", async () => {
      redis = await PrivateRedis.start({ password: 'redis-secret-for-tests' });
      const { Redis } = await import('ioredis');
      const anonymous = new Redis(`redis://127.0.0.1:${redis.port}`, {
        lazyConnect: true,
        enableReadyCheck: false,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      anonymous.on('error', () => undefined);
      await anonymous.connect();
      await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
      anonymous.disconnect();

      await system.stopService('gateway');
      await system.startService('gateway', { DEMO_PASSWORD: 'another-demo-password', REDIS_URL: redis.url });
      const signIn = (password: string) =>
        system.api('POST', '/api/auth/login', { body: { username: 'school.reporter', password } });
      expect((await signIn('demo-password-for-tests')).status).toBe(200);
      expect((await signIn('another-demo-password')).status).toBe(401);
      const health = await waitFor('the gateway to report its Redis', async () => {
        const answer = await fetch(system.url('/health'));
        const body = (await answer.json()) as { checks: { redis: string } };
        return body.checks.redis === 'up' && body;
      });
      expect(health.checks.redis).toBe('up');
    });
  });
});
