import { z } from 'zod';

/** Thrown at start-up when the environment does not satisfy an app's config schema. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${app}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, at boot, and returns a typed, frozen config.
 * Each problem is reported on its own line, naming the variable.
 */
export function loadConfig<S extends z.ZodType>(
  app: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): Readonly<z.infer<S>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const received = env[String(issue.path[0])];
      return received === undefined || received === ''
        ? `${name} is missing: ${issue.message}`
        : `${name} is malformed: ${issue.message}`;
    });
    throw new ConfigError(app, problems);
  }
  return Object.freeze(result.data);
}
