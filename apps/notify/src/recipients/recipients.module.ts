import { Module } from '@nestjs/common';
import { RecipientsProjection } from './recipients.projection.js';

@Module({ controllers: [RecipientsProjection] })
export class RecipientsModule {}
