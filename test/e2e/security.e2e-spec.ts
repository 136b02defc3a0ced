import { spawnSync } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { generateTokenKeys, parseSigningKey } from '#libs/config';
import { TestSystem } from '#libs/testing';

/**
 * Trust boundaries, over HTTP against the whole system: tokens only the gateway can mint.
 */
describe('security', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start();
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
});
