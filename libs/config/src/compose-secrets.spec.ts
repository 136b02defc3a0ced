import { readFileSync } from 'node:fs';

/** docker-compose.yml, the production layout: no secret may silently fall back to a default. */
describe('docker-compose.yml secrets', () => {
  const compose = readFileSync(new URL('../../../docker-compose.yml', import.meta.url), 'utf8');
  const lines = compose.split('\n').filter((line) => !line.trimStart().startsWith('#'));

  it.each([
    'POSTGRES_PASSWORD',
    'REDIS_PASSWORD',
    'GATEWAY_NATS_PASSWORD',
    'INTAKE_NATS_PASSWORD',
    'DISPATCH_NATS_PASSWORD',
    'GRADING_NATS_PASSWORD',
    'NOTIFY_NATS_PASSWORD',
    'OPERATOR_NATS_PASSWORD',
    'JWT_PUBLIC_KEYS',
    'JWT_SIGNING_KEY',
    'TOTP_KEYS',
    'GATEWAY_DB_PASSWORD',
    'INTAKE_DB_PASSWORD',
    'DISPATCH_DB_PASSWORD',
    'GRADING_DB_PASSWORD',
    'NOTIFY_DB_PASSWORD',
  ])('requires %s (${VAR:?message}) and never defaults it', (name) => {
    const uses = lines.filter((line) => line.includes(`\${${name}`));
    expect(uses.length).toBeGreaterThan(0);
    expect(uses.some((line) => line.includes(`\${${name}:?`))).toBe(true);
    for (const line of uses) expect(line).not.toMatch(new RegExp(`\\$\\{${name}:?-`));
  });

  it('runs Redis with a password and gives it to the services in REDIS_URL', () => {
    expect(compose).toMatch(/'--requirepass',\s*'\$\{REDIS_PASSWORD:\?/);
    expect(compose).toMatch(/REDIS_URL: redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379/);
  });

  it('gives the private token key to the gateway alone', () => {
    const gateway = compose.slice(compose.indexOf('\n  gateway:'));
    const before = compose.slice(0, compose.indexOf('\n  gateway:'));
    expect(gateway).toContain('JWT_SIGNING_KEY: ${JWT_SIGNING_KEY:?');
    expect(before).not.toMatch(/^\s+JWT_SIGNING_KEY:/m);
  });

  it("gives each service its own database role, and the owner's password only to postgres and migrate", () => {
    const sections = compose.split(/\n(?= {2}[a-z]+:\n)/);
    const section = (name: string) => sections.find((part) => part.startsWith(`  ${name}:`)) ?? '';
    for (const service of ['gateway', 'intake', 'dispatch', 'grading', 'notify']) {
      expect(section(service)).toContain(`DATABASE_URL: *${service}-db`);
      expect(section('migrate')).toContain(
        `${service.toUpperCase()}_DATABASE_URL: &${service}-db postgres://cw_${service}:`,
      );
    }
    const owners = lines.filter((line) => line.includes('${POSTGRES_PASSWORD'));
    expect(owners).toHaveLength(2);
    expect(section('postgres')).toContain('POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?');
    expect(section('migrate')).toContain('DATABASE_URL: postgres://campus_whistle:${POSTGRES_PASSWORD:?');
  });

  it('gives each service its own NATS user, and every password to the one-shot that writes the users', () => {
    const sections = compose.split(/\n(?= {2}[a-z-]+:\n)/);
    const section = (name: string) => sections.find((part) => part.startsWith(`  ${name}:`)) ?? '';
    for (const service of ['gateway', 'intake', 'dispatch', 'grading', 'notify']) {
      const variable = `${service.toUpperCase()}_NATS_PASSWORD`;
      expect(section(service)).toContain(`NATS_URL: nats://${service}:\${${variable}:?`);
      expect(section('nats-config')).toContain(`${variable}: \${${variable}:?`);
      const others = sections
        .filter((part) => part.includes(`\${${variable}`))
        .map((part) => part.split(':')[0].trim());
      expect(others.sort()).toEqual(['nats-config', service].sort());
    }
    expect(section('nats-config')).toContain('OPERATOR_NATS_PASSWORD: ${OPERATOR_NATS_PASSWORD:?');
    expect(lines.filter((line) => line.includes('${OPERATOR_NATS_PASSWORD'))).toHaveLength(1);
    expect(section('nats-config')).toContain("'dist/scripts/nats-config.js', '--out', '/nats-auth/users.conf'");
    expect(section('nats')).toContain("'nats-auth:/etc/nats/auth:ro'");
    expect(section('nats')).not.toMatch(/--user|--pass/);
    expect(compose).not.toMatch(/^\s+NATS_URL: .*campus_whistle/m);
  });
});
