import { isAudited, objectOf } from './audited-routes.js';

describe('audited routes', () => {
  it('audits every command and every read but health and reference data', () => {
    expect(isAudited('POST', '/api/auth/login')).toBe(true);
    expect(isAudited('PUT', '/api/sla-policies/:severity')).toBe(true);
    expect(isAudited('GET', '/api/tips/:id')).toBe(true);
    expect(isAudited('GET', '/api/cases')).toBe(true);
    expect(isAudited('GET', '/api/sla-policies')).toBe(false);
    expect(isAudited('GET', '/api/health')).toBe(false);
    expect(isAudited('GET', '/health')).toBe(false);
  });

  it('takes the object from the route, or the id of what a command created, never anything else', () => {
    const id = '2341d68f-5eb1-4a30-a331-ec8e2098074d';
    expect(objectOf({ id, otherId: id }, 200, '{}')).toBe(`${id}/${id}`);
    expect(objectOf({ quarter: '2026-Q3' }, 200, '{}')).toBe('2026-Q3');
    expect(objectOf({ severity: 'urgent', category: 'bullying' }, 200, '{}')).toBe('urgent/bullying');
    expect(objectOf({ id: '2026-autumn' }, 200, '{}')).toBe('2026-autumn');
    // Whatever else a client puts in a path is not recorded: it could be a child's name.
    expect(objectOf({ id: 'Zhang Xiaoming' }, 404, '{}')).toBe('(not an id)');
    expect(objectOf({ id: 'zhangxiaoming' }, 404, '{}')).toBe('(not an id)');
    expect(objectOf({}, 201, JSON.stringify({ id, reference: 'DM-2026-000001' }))).toBe(id);
    expect(objectOf({}, 201, Buffer.from(JSON.stringify({ id })))).toBe(id);
    expect(objectOf({}, 200, JSON.stringify({ user: { id } }))).toBe(id);
    expect(objectOf({}, 201, JSON.stringify({ trackingCode: 'ABCDE-FGHJK', secret: 'x' }))).toBeNull();
    // A TOTP enrolment's answer: the secret is for the caller's eyes only.
    expect(
      objectOf({}, 200, JSON.stringify({ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x' })),
    ).toBeNull();
    expect(objectOf({}, 201, JSON.stringify({ id: 'not an id' }))).toBeNull();
    expect(objectOf({}, 400, JSON.stringify({ id }))).toBeNull();
  });
});
