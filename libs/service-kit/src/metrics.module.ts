import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { outboxLagSeconds } from '#libs/messaging';
import { metrics } from '#libs/observability';
import { METRICS_ACCESS, type MetricsAccess } from './metrics-access.js';
import { MetricsController } from './metrics.controller.js';

const OUTBOX_LAG_READING = Symbol('OUTBOX_LAG_READING');

/** `GET /metrics`, and the outbox lag every service reads from its own outbox at scrape time. */
@Module({})
export class MetricsModule {
  static forService(options: { schema: string; access: MetricsAccess }): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_ACCESS, useValue: options.access },
        {
          provide: OUTBOX_LAG_READING,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            metrics.useOutboxLag(() => outboxLagSeconds(dataSource, options.schema)),
        },
      ],
    };
  }
}
