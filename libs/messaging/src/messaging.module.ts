import {
  type DynamicModule,
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { natsConnectionOptions } from '#libs/config';
import { producerOf } from '#libs/contracts';
import { LOGGER, type Logger } from '#libs/observability';
import { BusTransport } from './bus-transport.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './messaging-options.js';
import { Outbox } from './outbox.js';
import { OutboxRelay } from './outbox-relay.js';
import { MessagingRetention } from './retention.js';
import { RpcClient } from './rpc-client.js';
import { ensureStreams } from './streams.js';

class NatsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The service's own stream and the streams it consumes from exist before anything publishes or binds. */
  async onModuleInit(): Promise<void> {
    const { NATS_NAMESPACE, EVENT_DUPLICATE_WINDOW_MS } = this.options.config;
    const producers = [this.options.service, ...this.options.consumes.map((c) => producerOf(c.type))];
    await ensureStreams(this.nats, NATS_NAMESPACE, producers, EVENT_DUPLICATE_WINDOW_MS);
    void this.watchStatus();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.drain().catch(() => undefined);
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        this.logger.warn({ nats: status.type }, `NATS ${status.type}`);
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
          useFactory: () =>
            connect({
              ...natsConnectionOptions(options.config.NATS_URL),
              name: `campus-whistle-${options.service}`,
              maxReconnectAttempts: -1,
              reconnectTimeWait: 1000,
            }),
        },
        NatsLifecycle,
        Outbox,
        OutboxRelay,
        MessagingRetention,
        RpcClient,
        {
          provide: BusTransport,
          inject: [NATS_CONNECTION, DataSource, LOGGER],
          useFactory: (nats: NatsConnection, dataSource: DataSource, logger: Logger) =>
            new BusTransport(options, nats, dataSource, logger),
        },
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, Outbox, RpcClient, BusTransport],
    };
  }
}
