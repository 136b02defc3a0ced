import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { natsConnectionOptions } from '#libs/config';
import { inboxPrefix } from '#libs/contracts';
import { errorSummary } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import { BusTransport } from './bus-transport.js';
import { coalesceWrites } from './coalesce-writes.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging-options.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { MessagingRetention } from './retention.js';
import { RpcClient } from './rpc-client.js';
import { AttachmentCheck } from './attachment-check.js';
import { BrokerTopology } from './topology.js';

class NatsLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly topology: BrokerTopology,
    private readonly transport: BusTransport,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The service's own stream and the streams it consumes from exist before anything publishes or binds. */
  async onModuleInit(): Promise<void> {
    await this.topology.ensureStreams();
    void this.watchStatus();
  }

  /**
   * Shutdown in two steps: first everything that takes work stops (the consumers here, each after its
   * batch in hand; the relay, sweeps and queues in their own `beforeApplicationShutdown`), then the
   * connections close (`onApplicationShutdown`: the database, NATS, Redis). Unacked events come again.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.drain().catch(() => undefined);
  }

  /** A broker that comes back may have lost its streams and consumers: make sure they exist again. */
  private async watchStatus(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type !== 'disconnect' && status.type !== 'reconnect') continue;
      this.logger.warn({ nats: status.type }, `NATS ${status.type}`);
      if (status.type === 'reconnect') {
        await this.topology
          .ensureStreams()
          .catch((error: unknown) => this.logger.warn({ err: errorSummary(error) }, 'streams not recreated yet'));
        this.transport.rebind();
      }
    }
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          useFactory: async () =>
            coalesceWrites(
              await connect({
                ...natsConnectionOptions(options.config.NATS_URL),
                name: `campus-whistle-${options.service}`,
                // Replies (RPC, JetStream acks, pulled events) come back under the service's own prefix,
                // the only inbox its broker user may read.
                inboxPrefix: inboxPrefix(options.config.NATS_NAMESPACE, options.service),
                maxReconnectAttempts: -1,
                reconnectTimeWait: 1000,
                // Without this the client builds an Error (with its stack) for every request and publish,
                // in case it times out: 8% of the bus's CPU in a profile. Our errors name the call anyway.
                noAsyncTraces: true,
              }),
            ),
        },
        NatsLifecycle,
        Outbox,
        OutboxRelay,
        MessagingRetention,
        RpcClient,
        AttachmentCheck,
        {
          provide: BrokerTopology,
          inject: [NATS_CONNECTION],
          useFactory: (nats: NatsConnection) => new BrokerTopology(nats, options),
        },
        {
          provide: BusTransport,
          inject: [NATS_CONNECTION, DataSource, LOGGER, BrokerTopology],
          useFactory: (nats: NatsConnection, dataSource: DataSource, logger: Logger, topology: BrokerTopology) =>
            new BusTransport(options, nats, dataSource, logger, topology),
        },
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, Outbox, RpcClient, AttachmentCheck, BusTransport, BrokerTopology],
    };
  }
}
