/** RPC patterns bound with `@OnRoute`, and how often: the boot check reads them. */
const routeBindings = new Map<string, number>();

export const recordRouteBinding = (pattern: string): void => {
  routeBindings.set(pattern, (routeBindings.get(pattern) ?? 0) + 1);
};
export const boundRoutePatterns = (): ReadonlyMap<string, number> => routeBindings;
