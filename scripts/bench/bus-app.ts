/**
 * The bench's own small service, started in a process of its own by the bus bench: the durable
 * bus exactly as a service gets it (bootstrapService, serviceCoreModules, Outbox, @OnEvent), with a
 * handler that only counts, and beside it Nest's stock NATS transport (at most once) for comparison.
 * POST /bench/durable-bus and POST /bench/stock-nats run one measurement each and answer with it.
 */
import { randomUUID } from 'node:crypto';
import { Body, Controller, type DynamicModule, Inject, Injectable, Post } from '@nestjs/common';
import {
  ClientProxyFactory,
  Ctx,
  EventPattern,
  type NatsOptions,
  Transport,
  type ClientProxy,
} from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { baseEnv, natsConnectionOptions, portEnv, z } from '#libs/config';
import { type PayloadOf, UserRegistered } from '#libs/contracts';
import { BusEventContext, messagingTablesDown, messagingTablesUp, OnEvent, Outbox } from '#libs/messaging';
import { bootstrapService, schemaOf } from '#libs/service-kit';

/** The bench app runs as the gateway (see below), in a database of its own. */
const SCHEMA = schemaOf('gateway');
const STOCK = Symbol('STOCK');
/** A run ends when nothing more has been handled for this long (lost events never arrive). */
const STALL_MS = 15_000;
const STOCK_STALL_MS = 3_000;
const STOCK_WINDOW = 1000;

class BusBenchTables1764000000000 implements MigrationInterface {
  name = 'BusBenchTables1764000000000';
  async up(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesUp(SCHEMA)) await runner.query(sql);
  }
  async down(runner: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown(SCHEMA)) await runner.query(sql);
  }
}

/** Counts handled events and tells when a target count is reached, or that counting stalled. */
@Injectable()
class Counter {
  handled = 0;
  lastAt = 0;
  private target = Infinity;
  private reached?: () => void;

  reset(): void {
    this.handled = 0;
    this.lastAt = 0;
    this.target = Infinity;
  }

  hit(): void {
    this.handled += 1;
    this.lastAt = performance.now();
    if (this.handled >= this.target) this.reached?.();
  }

  /** Resolves true when `target` events were handled, false when none came for `stallMs`. */
  async until(target: number, stallMs: number): Promise<boolean> {
    this.target = target;
    if (this.handled >= target) return true;
    const reached = new Promise<true>((resolve) => (this.reached = () => resolve(true)));
    for (;;) {
      const seen = this.handled;
      const outcome = await Promise.race([reached, new Promise<false>((r) => setTimeout(() => r(false), stallMs))]);
      if (outcome || this.handled >= target) return true;
      if (this.handled === seen) return false;
    }
  }
}

@Injectable()
class DurableCounter extends Counter {}
@Injectable()
class StockCounter extends Counter {}

@Controller()
class UserRegisteredHandler {
  constructor(private readonly counter: DurableCounter) {}

  /** Does nothing but count: what is measured is the bus around it (inbox row, transaction, ack). */
  @OnEvent(UserRegistered)
  handle(@Ctx() _context: BusEventContext): void {
    this.counter.hit();
  }
}

function stockHandler(pattern: string) {
  @Controller()
  class StockHandler {
    constructor(private readonly counter: StockCounter) {}

    @EventPattern(pattern, Transport.NATS)
    handle(_data: unknown): void {
      this.counter.hit();
    }
  }
  return StockHandler;
}

@Controller('bench')
class BusBenchController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly durable: DurableCounter,
    private readonly stock: StockCounter,
    @Inject(STOCK) private readonly stockOptions: { pattern: string; nats: NatsOptions['options'] },
  ) {}

  /** Appends `events` UserRegistered events in batches (one transaction each) and waits until handled. */
  @Post('durable-bus')
  async durableBus(@Body() body: { events: number; batch: number }) {
    this.durable.reset();
    const payload = (): PayloadOf<typeof UserRegistered> => ({
      userId: randomUUID(),
      orgId: randomUUID(),
      role: 'school_reporter',
    });
    let appended = 0;
    const started = performance.now();
    while (appended < body.events) {
      const size = Math.min(body.batch, body.events - appended);
      await this.dataSource.transaction((manager) =>
        this.outbox.appendMany(manager, UserRegistered, Array.from({ length: size }, payload)),
      );
      appended += size;
    }
    const appendMs = performance.now() - started;
    const complete = await this.durable.until(appended, STALL_MS);
    const ms = (complete ? this.durable.lastAt : performance.now()) - started;
    // A redelivery would show as more handled than appended; give one to happen before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [{ inbox }] = await this.dataSource.query(`SELECT count(*)::int AS inbox FROM "${SCHEMA}".inbox`);
    const [{ unpublished }] = await this.dataSource.query(
      `SELECT count(*)::int AS unpublished FROM "${SCHEMA}".outbox WHERE published_at IS NULL`,
    );
    return { appended, handled: this.durable.handled, inbox, unpublished, ms, appendMs };
  }

  /** Emits `events` events through Nest's stock NATS client, windows of 1000 in flight, and counts arrivals. */
  @Post('stock-nats')
  async stockNats(@Body() body: { events: number }) {
    this.stock.reset();
    const client: ClientProxy = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: this.stockOptions.nats,
    });
    await client.connect();
    try {
      const started = performance.now();
      for (let sent = 0; sent < body.events; sent += STOCK_WINDOW) {
        const size = Math.min(STOCK_WINDOW, body.events - sent);
        await Promise.all(
          Array.from({ length: size }, (_, i) =>
            lastValueFrom(client.emit(this.stockOptions.pattern, { n: sent + i }), { defaultValue: undefined }),
          ),
        );
      }
      const complete = await this.stock.until(body.events, STOCK_STALL_MS);
      const ms = (complete ? this.stock.lastAt : performance.now()) - started;
      return { emitted: body.events, handled: this.stock.handled, ms };
    } finally {
      await client.close();
    }
  }
}

const configSchema = z.object({ ...baseEnv, ...portEnv(3999) });
type BusBenchConfig = z.infer<typeof configSchema>;

await bootstrapService<BusBenchConfig>({
  // Named after the producer of UserRegistered so the outbox publishes into that producer's stream.
  name: 'gateway',
  configSchema,
  migrations: [BusBenchTables1764000000000],
  consumes: [UserRegistered],
  imports: (config): DynamicModule[] => {
    const nats: NatsOptions['options'] = { ...natsConnectionOptions(config.NATS_URL) };
    const pattern = `${config.NATS_NAMESPACE}.bench.stock-event`;
    return [
      {
        module: class BusBenchModule {},
        controllers: [UserRegisteredHandler, stockHandler(pattern), BusBenchController],
        providers: [DurableCounter, StockCounter, { provide: STOCK, useValue: { pattern, nats } }],
      },
    ];
  },
  // The stock transport listens beside the bus; bootstrapService starts every connected microservice.
  beforeStart: (app, config) => {
    app.connectMicroservice({ transport: Transport.NATS, options: { ...natsConnectionOptions(config.NATS_URL) } });
    return Promise.resolve();
  },
});
