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
  // An empty variable means "not set", as in most shells' and compose files' usage.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(set);
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
