import { bootstrapService } from '#libs/service-kit';
import { gradingManifest } from './manifest.js';

await bootstrapService(gradingManifest);
