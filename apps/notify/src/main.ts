import { bootstrapService } from '#libs/service-kit';
import { notifyManifest } from './manifest.js';

await bootstrapService(notifyManifest);
