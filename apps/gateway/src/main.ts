import { bootstrapService } from '#libs/service-kit';
import { gatewayManifest } from './manifest.js';

await bootstrapService(gatewayManifest);
