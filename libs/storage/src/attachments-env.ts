import { z } from '#libs/config';

/** The attachment store's settings, the same in the gateway (writes uploads, reads downloads) and intake. */
export const attachmentsEnv = {
  /** `folder` for one machine (or a shared disk); `nats` keeps files in the broker every machine reaches. */
  ATTACHMENTS_STORE: z
    .enum(['folder', 'nats'], {
      message:
        'must be "folder" (ATTACHMENTS_DIR, the default) or "nats" (the NATS JetStream object store ATTACHMENTS_BUCKET)',
    })
    .default('folder'),
  /** The folder of the `folder` store, one that every process of both services sees. */
  ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
  /** The object store bucket of the `nats` store (its stream is `OBJ_<bucket>`). */
  ATTACHMENTS_BUCKET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "-" and "_" only, at most 64')
    .default('cw-attachments'),
};

export const attachmentsEnvSchema = z.object(attachmentsEnv);
export type AttachmentsConfig = z.infer<typeof attachmentsEnvSchema>;
