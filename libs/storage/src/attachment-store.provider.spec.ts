import type { FactoryProvider } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { attachmentStoreProvider } from './attachment-store.provider.js';
import { attachmentsEnvSchema } from './attachments-env.js';
import { LocalFolderStore } from './local-folder-store.js';

describe('attachmentStoreProvider', () => {
  it('gives the local folder store by default, without touching NATS', async () => {
    const noNats = new Proxy({}, { get: () => fail('the folder store must not use NATS') }) as NatsConnection;
    const { useFactory } = attachmentStoreProvider as FactoryProvider;
    const store: unknown = await useFactory(attachmentsEnvSchema.parse({}), noNats);
    expect(store).toBeInstanceOf(LocalFolderStore);
  });
});
