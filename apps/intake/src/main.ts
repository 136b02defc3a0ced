import { bootstrapService } from '#libs/service-kit';
import { intakeManifest } from './manifest.js';

await bootstrapService(intakeManifest);
