import fc from 'fast-check';
import { z } from 'zod';
import { pathParams, ROLES, ROUTE_LIST, type RouteDefinition } from '#libs/contracts';
import { arbitraryOfSchema, type JsonSchema, TestSystem, waitFor, DEMO_USER_OF_ROLE } from '#libs/testing';

/**
 * Every route fed inputs made from its own request schema (mostly valid, some with a field of any
 * shape, some anything at all), in its path, query or body, by a caller its definition allows:
 * whatever comes in, the answer is never a 5xx, and a refusal is the one error shape.
 */
describe('fuzz: every route from its schema', () => {
  let system: TestSystem;
  const knownIds: string[] = [];
  /** Runs per route; `FUZZ_RUNS` for a longer search, `FUZZ_SEED` to replay one. */
  const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
  const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

  beforeAll(async () => {
    // Sign-in's global budget is a deliberate 503; this test is about inputs, not floods.
    system = await TestSystem.start({ serviceEnv: { gateway: { LOGIN_GLOBAL_PER_SECOND: '100000' } } });
    // Real objects to aim at, so inputs also reach the checks behind "not found".
    const filed = await system.api('POST', '/api/whistle-reports', {
      as: 'school.reporter',
      body: { category: 'bullying', severity: 'high', title: 'Fuzz', description: 'Seed case', location: 'Gate' },
    });
    expect(filed.status).toBe(201);
    knownIds.push(filed.body.id);
    await waitFor(
      'the seed case in dispatch',
      async () =>
        (await system.api('GET', `/api/cases/${filed.body.id}`, { as: 'taskforce.dispatcher' })).status === 200,
    );
    for (const school of (await system.api('GET', '/api/directory/schools', { as: 'admin' })).body.items) {
      knownIds.push(school.id);
    }
    // Every caller signs in now: fuzzing the sign-in route soon makes this address a guesser.
    for (const user of Object.values(DEMO_USER_OF_ROLE)) await system.tokenFor(user);
  }, 600_000);
  afterAll(async () => {
    await system?.stop();
  });

  /** What one generated request is, for the report of a failure. */
  interface Attempt {
    caller?: string;
    path: string;
    query?: string;
    body?: unknown;
  }

  const attemptsOf = (route: RouteDefinition): fc.Arbitrary<Attempt> => {
    const schema = z.toJSONSchema(route.request, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const fromParams = new Map(Object.entries(route.payload.params ?? {}).map(([param, field]) => [field, param]));
    const input = arbitraryOfSchema(schema, { knownIds });
    const allowed = route.access === 'public' ? [] : route.access === 'signed-in' ? ROLES : route.access;
    const caller = allowed.length
      ? fc.constantFrom(...allowed.map((role) => DEMO_USER_OF_ROLE[role]))
      : fc.constant(undefined);
    const junk = fc.oneof(fc.string({ maxLength: 40 }), fc.uuid(), fc.constantFrom('..', '%00', '-1', '9'.repeat(40)));
    const paramValues = fc.tuple(...pathParams(route.path).map(() => junk));
    return fc.tuple(caller, input, paramValues, fc.boolean()).map(([as, value, junkParams, useJunk]) => {
      const fields = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...value } : undefined;
      const names = pathParams(route.path);
      let path = route.path;
      names.forEach((param, index) => {
        const field = route.payload.params?.[param];
        const item = field && fields && field in fields ? (fields as Record<string, unknown>)[field] : undefined;
        // A path takes a value as text; a generated object (it may have no prototype) goes as junk instead.
        const own =
          typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? String(item) : undefined;
        path = path.replace(`:${param}`, encodeURIComponent(useJunk || own === undefined ? junkParams[index] : own));
      });
      for (const field of fromParams.keys()) if (fields) delete (fields as Record<string, unknown>)[field];
      if (route.method === 'GET' || route.method === 'DELETE') {
        const query = fields
          ? new URLSearchParams(
              Object.entries(fields).map(([key, item]): [string, string] => [
                key,
                typeof item === 'string' ? item : JSON.stringify(item),
              ]),
            ).toString()
          : '';
        return { caller: as, path, query };
      }
      return { caller: as, path, body: fields ?? value };
    });
  };

  const send = (route: RouteDefinition, attempt: Attempt) =>
    system.api(route.method, attempt.query ? `${attempt.path}?${attempt.query}` : attempt.path, {
      as: attempt.caller,
      ...(attempt.body === undefined
        ? {}
        : { rawBody: JSON.stringify(attempt.body), headers: { 'content-type': 'application/json' } }),
    });

  it('never answers any route with a 5xx, and refuses in the one error shape', async () => {
    const failures: Array<{ route: string; seed: number; counterexample: unknown; error: string }> = [];
    let requests = 0;
    for (const route of ROUTE_LIST) {
      const result = await fc.check(
        fc.asyncProperty(attemptsOf(route), async (attempt) => {
          requests += 1;
          const response = await send(route, attempt);
          if (response.status >= 500) throw new Error(`answered ${response.status}: ${JSON.stringify(response.body)}`);
          if (response.status >= 400 && response.body?.status !== response.status) {
            throw new Error(`a ${response.status} not in the error shape: ${JSON.stringify(response.body)}`);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: false },
      );
      if (result.failed) {
        failures.push({
          route: route.name,
          seed: SEED,
          counterexample: result.counterexample,
          error: String(result.errorInstance),
        });
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(ROUTE_LIST.length * RUNS);
  }, 900_000);
});
