import { Module } from '@nestjs/common';
import { RubricsModule } from '../rubric/rubrics.module.js';
import { BulletinRpc } from './bulletin.rpc.js';
import { BulletinQuery } from './bulletin.query.js';

@Module({ imports: [RubricsModule], controllers: [BulletinRpc], providers: [BulletinQuery] })
export class BulletinModule {}
