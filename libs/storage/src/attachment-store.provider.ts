import type { Provider } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { APP_CONFIG } from '#libs/config';
import { NATS_CONNECTION } from '#libs/messaging';
import type { AttachmentStore } from './attachment-store.js';
import type { AttachmentsConfig } from './attachments-env.js';
import { LocalFolderStore } from './local-folder-store.js';
import { NatsObjectStore } from './nats-object-store.js';

/** Injection token of the service's {@link AttachmentStore}. */
export const ATTACHMENT_STORE = Symbol('ATTACHMENT_STORE');

/**
 * The store ATTACHMENTS_STORE names. The NATS one shares the bus's connection (its servers and
 * credentials from NATS_URL) and creates its bucket at boot, so a broker that cannot hold it stops the start.
 */
export const attachmentStoreProvider: Provider = {
  provide: ATTACHMENT_STORE,
  inject: [APP_CONFIG, NATS_CONNECTION],
  useFactory: async (config: AttachmentsConfig, nats: NatsConnection): Promise<AttachmentStore> => {
    if (config.ATTACHMENTS_STORE === 'folder') return new LocalFolderStore(config.ATTACHMENTS_DIR);
    const store = new NatsObjectStore(nats, config.ATTACHMENTS_BUCKET);
    await store.bucket();
    return store;
  },
};
