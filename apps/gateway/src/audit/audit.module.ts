import { type DynamicModule, Module } from '@nestjs/common';
import { AUDIT_CHECKPOINT_INTERVAL, AuditCheckpoints } from './audit-checkpoints.js';
import { AuditLog } from './audit-log.js';

/** The hash-chained audit log of the requests that pass the gateway, and its checkpoints. */
@Module({})
export class AuditModule {
  static forRoot(checkpointIntervalMs: number): DynamicModule {
    return {
      module: AuditModule,
      providers: [AuditLog, AuditCheckpoints, { provide: AUDIT_CHECKPOINT_INTERVAL, useValue: checkpointIntervalMs }],
      exports: [AuditLog, AuditCheckpoints],
    };
  }
}
