import type { ServiceName } from '#libs/contracts';
import type { ServiceManifest } from '#libs/service-kit';
import { dispatchManifest } from '../apps/dispatch/src/manifest.js';
import { gatewayManifest } from '../apps/gateway/src/manifest.js';
import { gradingManifest } from '../apps/grading/src/manifest.js';
import { intakeManifest } from '../apps/intake/src/manifest.js';
import { notifyManifest } from '../apps/notify/src/manifest.js';

/** Every service's manifest, for the tools that act on all of them (migrations, the broker's users). */
export const MANIFESTS: Record<ServiceName, ServiceManifest<any>> = {
  gateway: gatewayManifest,
  intake: intakeManifest,
  dispatch: dispatchManifest,
  grading: gradingManifest,
  notify: notifyManifest,
};
