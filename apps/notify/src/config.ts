import { baseEnv, portEnv, z } from '#libs/config';

export const notifyConfigSchema = z.object({ ...baseEnv, ...portEnv(3004) });
export type NotifyConfig = z.infer<typeof notifyConfigSchema>;
