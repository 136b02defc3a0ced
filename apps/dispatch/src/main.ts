import { bootstrapService } from '#libs/service-kit';
import { dispatchManifest } from './manifest.js';

await bootstrapService(dispatchManifest);
