import { DeskRoutes } from './desk.js';
import { DispatchRoutes } from './dispatch.js';
import { GatewayRoutes } from './gateway.js';
import { GradingRoutes } from './grading.js';
import { IntakeRoutes } from './intake.js';
import { NotifyRoutes } from './notify.js';
import type { RouteDefinition } from './route.js';

export * from './route.js';
export * from './views.js';
export * from './gateway.js';
export * from './openapi.js';
export type { OverviewStatsView, ReviewView, UnitStatsView } from './desk.js';

/** Every route of the API, by name: one definition each (see README.md in this folder). */
export const Routes = {
  ...GatewayRoutes,
  ...IntakeRoutes,
  ...DispatchRoutes,
  ...DeskRoutes,
  ...GradingRoutes,
  ...NotifyRoutes,
};
export type RouteName = keyof typeof Routes;

/** The routes as a list, each with its name. */
export const ROUTE_LIST: ReadonlyArray<RouteDefinition & { name: RouteName }> = Object.entries(Routes).map(
  ([name, route]) => ({ ...(route as RouteDefinition), name: name as RouteName }),
);
