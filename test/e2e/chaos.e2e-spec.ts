import { PrivateNats, TestSystem } from '#libs/testing';
import { Probe } from '../../scripts/chaos/checks.js';
import { kill, natsRestart, redisFlush } from '../../scripts/chaos/faults.js';
import { GatewayClient } from '../../scripts/chaos/http-client.js';
import {
  type ChaosContext,
  ensureRunning,
  type Fault,
  prepareLoad,
  runScenario,
} from '../../scripts/chaos/scenario.js';

/**
 * A short subset of `npm run chaos`: faults struck under a steady load through the gateway lose
 * no accepted report, open no case twice and fire every due deadline exactly once. NATS is a
 * server of the test's own; Redis and PostgreSQL are the shared ones (only the run's keys flushed).
 */
describe('chaos under load', () => {
  let nats: PrivateNats;
  let system: TestSystem;
  let client: GatewayClient;
  let probe: Probe;
  let ctx: ChaosContext;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    system = await TestSystem.start({ env: { NATS_URL: nats.url, EVENT_ACK_WAIT_MS: '3000' } });
    client = new GatewayClient(system.url('/'));
    probe = new Probe(system.isolation.databaseUrl, nats.url, system.isolation.natsNamespace);
    const leadUnitId = await prepareLoad(client);
    ctx = {
      system,
      client,
      probe,
      leadUnitId,
      natsUrl: nats.url,
      nats,
      load: { ratePerSecond: 10, acknowledgeEvery: 3, maxInFlight: 32 },
      loadSeconds: 7,
      faultAtSeconds: 2,
    };
  });
  afterAll(async () => {
    client?.close();
    await probe?.close();
    await system?.stop();
    await nats?.stop();
  });

  it.each<[string, () => Fault]>([
    ['SIGKILL of dispatch', () => kill('dispatch')],
    ['SIGKILL of notify', () => kill('notify')],
    ['a NATS restart with its data', () => natsRestart],
    ["a FLUSHALL of the run's Redis keys", () => redisFlush],
  ])(
    'loses nothing and repeats nothing through %s',
    async (_, fault) => {
      const row = await runScenario(ctx, fault());
      await ensureRunning(system);

      expect(row.notes.filter((note) => / failed: /.test(note))).toEqual([]);
      expect(row.accepted).toBeGreaterThan(0);
      expect(row.settled).toBe(true);
      expect(row.lost).toBe(0);
      expect(row.duplicates).toBe(0);
      expect(row.tasksAssigned).toBeGreaterThan(0);
      expect(row.deadlinesDue).toBeGreaterThan(0);
      expect(row.firedOnce).toBe(row.deadlinesDue);
      expect(row.parked).toBe(0);
    },
    90_000,
  );
});
