import { baseEnv, portEnv, z } from '#libs/config';

export const gradingConfigSchema = z.object({ ...baseEnv, ...portEnv(3003) });
export type GradingConfig = z.infer<typeof gradingConfigSchema>;
