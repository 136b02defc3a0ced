import { Module } from '@nestjs/common';
import { PreferencesRpc } from './preferences.rpc.js';
import { PreferencesService } from './preferences.service.js';

@Module({ controllers: [PreferencesRpc], providers: [PreferencesService] })
export class PreferencesModule {}
