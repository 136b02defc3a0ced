import { execFileSync } from 'node:child_process';
import { Secret, TOTP } from 'otpauth';
import { DEMO_PASSWORD, TestSystem } from '#libs/testing';

/**
 * The second factor (TOTP) of the privileged roles, over HTTP against the whole system: set up and
 * turned on with a code, then required at sign-in after the password, each code good once, counted by
 * the sign-in throttle, reset by an administrator; the secret shown once and kept only encrypted.
 */
describe('TOTP second factor', () => {
  let system: TestSystem;

  beforeAll(async () => {
    // A low per-username limit, so a few wrong codes show the throttle counting them.
    system = await TestSystem.start({
      serviceEnv: { gateway: { LOGIN_MAX_FAILURES: '4', LOGIN_SLOWDOWN_SECONDS: '30' } },
    });
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** The code of `secret` `steps` time steps from now (±1 is inside the window). */
  const codeOf = (secret: string, steps = 0) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() + steps * 30_000 });
  const login = (username: string, extra: Record<string, unknown> = {}, password = DEMO_PASSWORD) =>
    system.api('POST', '/api/auth/login', { body: { username, password, ...extra } });
  /** Sets up and turns on a user's second factor: its secret, and the code the confirmation used up. */
  const turnOn = async (username: string): Promise<{ secret: string; used: string; recoveryCodes: string[] }> => {
    const { secret } = (await system.api('POST', '/api/me/totp', { as: username })).body;
    const used = codeOf(secret);
    const confirmed = await system.api('POST', '/api/me/totp/confirm', { as: username, body: { code: used } });
    expect(confirmed).toMatchObject({ status: 200, body: { enabled: true } });
    return { secret, used, recoveryCodes: confirmed.body.recoveryCodes };
  };
  const userNamed = async (username: string) => {
    const { items } = (await system.api('GET', '/api/users?limit=200', { as: 'admin' })).body;
    return items.find((user: { username: string }) => user.username === username);
  };

  it('is offered to the privileged roles only', async () => {
    for (const username of ['school.reporter', 'bureau.reviewer', 'inspector']) {
      expect((await system.api('POST', '/api/me/totp', { as: username })).status).toBe(403);
    }
    expect((await system.api('POST', '/api/me/totp', {})).status).toBe(401);
  });

  it('sets up, confirms with a code, then asks for a code after the right password only', async () => {
    const first = await system.api('POST', '/api/me/totp', { as: 'police.head' });
    expect(first.status).toBe(200);
    expect(first.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(first.body.otpauthUri);
    expect([uri.protocol, uri.searchParams.get('secret'), uri.searchParams.get('digits')]).toEqual([
      'otpauth:',
      first.body.secret,
      '6',
    ]);
    // Asking again replaces the pending secret: the first one's code no longer confirms.
    const second = (await system.api('POST', '/api/me/totp', { as: 'police.head' })).body.secret;
    expect(second).not.toBe(first.body.secret);
    const stale = await system.api('POST', '/api/me/totp/confirm', {
      as: 'police.head',
      body: { code: codeOf(first.body.secret) },
    });
    expect(stale.body).toMatchObject({ status: 400, error: 'totp_invalid', field: 'code' });
    expect((await login('police.head')).status).toBe(200); // not on until confirmed

    const bad = await system.api('POST', '/api/me/totp/confirm', { as: 'police.head', body: { code: '12345' } });
    expect(bad.body).toMatchObject({ status: 400, field: 'code' });
    const confirmed = await system.api('POST', '/api/me/totp/confirm', {
      as: 'police.head',
      body: { code: codeOf(second) },
    });
    expect(confirmed).toMatchObject({ status: 200, body: { enabled: true } });
    expect(await userNamed('police.head')).toMatchObject({ totpEnabled: true });
    // While it is on, a new secret would let a stolen access token take the factor over.
    expect((await system.api('POST', '/api/me/totp', { as: 'police.head' })).status).toBe(409);

    // A wrong password says nothing about a second factor; the right one without a code asks for it.
    expect((await login('police.head', {}, 'not-the-password')).body).toMatchObject({
      status: 401,
      error: 'unauthorized',
    });
    expect((await login('police.head', { totp: '000000' }, 'not-the-password')).body.error).toBe('unauthorized');
    expect((await login('police.head')).body).toMatchObject({ status: 401, error: 'totp_required' });
    const wrongCode = String((Number(codeOf(second, 1)) + 1) % 1_000_000).padStart(6, '0');
    expect((await login('police.head', { totp: wrongCode })).body).toMatchObject({
      status: 401,
      error: 'totp_invalid',
    });

    // The confirmation used the current step up; the next step's code is inside the window.
    const code = codeOf(second, 1);
    const signedIn = await login('police.head', { totp: code });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.username).toBe('police.head');
    const replayed = await login('police.head', { totp: code });
    expect(replayed.body).toMatchObject({ status: 401, error: 'totp_invalid', message: expect.stringMatching(/used/) });
    // The code was the factor at sign-in; the session renews as any other.
    const renewed = await system.api('POST', '/api/auth/refresh', {
      body: { refreshToken: signedIn.body.refreshToken },
    });
    expect(renewed.status).toBe(200);
    expect((await system.api('GET', '/api/tasks', { token: renewed.body.accessToken })).status).toBe(200);
  });

  it('lets one of two parallel sign-ins with the same code through', async () => {
    const { secret } = await turnOn('edu.head');
    const code = codeOf(secret, 1);
    const statuses = (await Promise.all([login('edu.head', { totp: code }), login('edu.head', { totp: code })])).map(
      (answer) => answer.status,
    );
    expect(statuses.sort()).toEqual([200, 401]);
  });

  it('is turned off with a current code, not with a wrong or used one', async () => {
    const { secret, used } = await turnOn('police.handler');
    const disable = (code: string) =>
      system.api('POST', '/api/me/totp/disable', { as: 'police.handler', body: { code } });
    expect((await disable(used)).body).toMatchObject({ status: 400, error: 'totp_invalid' });
    expect((await disable(codeOf(secret, 1))).body).toEqual({ enabled: false });
    expect((await disable(codeOf(secret, 1))).status).toBe(409); // nothing left to turn off
    expect((await login('police.handler')).status).toBe(200);
  });

  it('counts wrong codes in the sign-in throttle', async () => {
    const { secret } = await turnOn('culture.head');
    const wrong = String((Number(codeOf(secret, 1)) + 500_000) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await login('culture.head', { totp: wrong })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // Slowed down, not locked: and the right code waits too, so guessing gains nothing.
    expect((await login('culture.head', { totp: codeOf(secret, 1) })).status).toBe(429);
  });

  it('lets an administrator reset it (a lost phone), but not their own', async () => {
    const head = await userNamed('police.head');
    expect(head.totpEnabled).toBe(true);
    expect((await login('police.head')).body.error).toBe('totp_required');
    expect(
      (await system.api('PATCH', `/api/users/${head.id}`, { as: 'police.head', body: { resetTotp: true } })).status,
    ).toBe(403);
    const reset = await system.api('PATCH', `/api/users/${head.id}`, { as: 'admin', body: { resetTotp: true } });
    expect(reset).toMatchObject({ status: 200, body: { id: head.id, totpEnabled: false, role: 'department_head' } });
    expect((await login('police.head')).status).toBe(200);

    const admin = await userNamed('admin');
    const own = await system.api('PATCH', `/api/users/${admin.id}`, { as: 'admin', body: { resetTotp: true } });
    expect(own.body).toMatchObject({ status: 409 });
  });

  it('gives ten recovery codes once, each good for one sign-in, renewed with a current code, gone with a reset', async () => {
    const { secret, recoveryCodes } = await turnOn('plc.head');
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const stored = () =>
      system.query<{ code_hash: string; used_at: Date | null }>(
        `SELECT code_hash, used_at FROM identity.recovery_codes r JOIN identity.users u ON u.id = r.user_id
          WHERE u.username = 'plc.head'`,
      );
    const hashes = await stored();
    expect(hashes).toHaveLength(10);
    expect(JSON.stringify(hashes)).not.toMatch(new RegExp(recoveryCodes.map((c) => c.replace(/-/g, '-?')).join('|')));

    // Typed as a person would: upper case, without the dashes.
    const typed = recoveryCodes[0].toUpperCase().replace(/-/g, '');
    expect((await login('plc.head', { recoveryCode: typed })).status).toBe(200);
    expect((await login('plc.head', { recoveryCode: recoveryCodes[0] })).body).toMatchObject({
      status: 401,
      error: 'totp_invalid',
    });
    expect((await stored()).filter((row) => row.used_at !== null)).toHaveLength(1);
    const both = await login('plc.head', { totp: codeOf(secret, 1), recoveryCode: recoveryCodes[1] });
    expect(both.body).toMatchObject({ status: 400, field: 'recoveryCode' });

    const renewed = await system.api('POST', '/api/me/totp/recovery-codes', {
      as: 'plc.head',
      body: { code: codeOf(secret, 1) },
    });
    expect(renewed).toMatchObject({ status: 200, body: { enabled: true } });
    expect(renewed.body.recoveryCodes).toHaveLength(10);
    expect((await login('plc.head', { recoveryCode: recoveryCodes[1] })).status).toBe(401);
    expect((await login('plc.head', { recoveryCode: renewed.body.recoveryCodes[0] })).status).toBe(200);

    const head = await userNamed('plc.head');
    expect(
      (await system.api('PATCH', `/api/users/${head.id}`, { as: 'admin', body: { resetTotp: true } })).status,
    ).toBe(200);
    expect(await stored()).toEqual([]);
  });

  let supervisorSecret: string;

  it('keeps the secret encrypted, and out of the logs and the audit log', async () => {
    const { secret } = (await system.api('POST', '/api/me/totp', { as: 'supervisor' })).body;
    supervisorSecret = secret;
    await system.api('POST', '/api/me/totp/confirm', { as: 'supervisor', body: { code: codeOf(secret) } });
    const [row] = await system.query(
      `SELECT totp_secret, totp_pending_secret FROM identity.users WHERE username = 'supervisor'`,
    );
    expect(row.totp_secret).toMatch(/^enc:v1:t1:/);
    expect(row.totp_pending_secret).toBeNull();
    const everything = JSON.stringify(await system.query('SELECT * FROM identity.users'));
    expect(everything).not.toContain(secret);
    const audit = await system.query<{ action: string; object_id: string | null }>(
      `SELECT action, object_id FROM identity.audit_log WHERE action LIKE '% /api/me/totp%'`,
    );
    expect(audit.map((entry) => entry.action)).toContain('POST /api/me/totp/confirm');
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(audit.every((entry) => entry.object_id === null)).toBe(true);
    for (const service of ['gateway', 'intake', 'dispatch', 'grading', 'notify'] as const) {
      expect(JSON.stringify(system.logLines(service))).not.toContain(secret);
    }
  });

  it('re-encrypts the secrets under a new key with `npm run keys -- rotate-totp`', async () => {
    const ring = `${system.totpKeys},t2:${Buffer.alloc(32, 7).toString('base64')}`;
    const output = execFileSync(process.execPath, ['dist/scripts/keys.js', 'rotate-totp'], {
      env: { ...process.env, DATABASE_URL: system.isolation.databaseUrl, TOTP_KEYS: ring },
    }).toString();
    expect(output).toMatch(/identity\.users: [1-9]\d* row\(s\) re-encrypted under key "t2"/);
    const stale = await system.query(
      `SELECT id FROM identity.users WHERE totp_secret NOT LIKE 'enc:v1:t2:%' OR totp_pending_secret NOT LIKE 'enc:v1:t2:%'`,
    );
    expect(stale).toEqual([]);
    // The gateway restarted with the new ring opens what was rotated.
    await system.stopService('gateway');
    await system.startService('gateway', { TOTP_KEYS: ring });
    expect((await login('supervisor', { totp: codeOf(supervisorSecret, 1) })).status).toBe(200);
  });
});
