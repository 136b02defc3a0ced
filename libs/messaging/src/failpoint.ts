/**
 * Crash-testing hook: when CW_FAILPOINTS names this point (optionally `point:detail`), the process
 * kills itself with SIGKILL right here, as a power cut would. Unset in every real deployment.
 */
export function failpoint(point: string, detail?: string): void {
  const armed = process.env.CW_FAILPOINTS;
  if (!armed) return;
  const names = armed.split(',').map((name) => name.trim());
  if (names.includes(point) || (detail !== undefined && names.includes(`${point}:${detail}`))) {
    process.kill(process.pid, 'SIGKILL');
  }
}
