import { ROUTE_LIST } from '#libs/contracts';
import { routeTableProblems } from './route-table.js';

const mappedAll = () => ROUTE_LIST.map((route) => ({ method: route.method, url: route.path }));

describe('routeTableProblems', () => {
  it('passes when each definition has exactly one handler, ignoring HEAD copies and routes outside /api', () => {
    const mapped = [...mappedAll(), { method: 'HEAD', url: '/api/cases' }, { method: 'GET', url: '/health' }];
    expect(routeTableProblems(ROUTE_LIST, mapped)).toEqual([]);
  });

  it('names a definition without a handler, one with two, and a route without a definition', () => {
    const mapped = mappedAll().filter((route) => route.url !== '/api/taxonomy');
    mapped.push({ method: 'GET', url: '/api/cases' }, { method: 'GET', url: '/api/gossip' });
    expect(routeTableProblems(ROUTE_LIST, mapped)).toEqual([
      'route IntakeGetTaxonomy (GET /api/taxonomy) has no handler',
      'route DispatchListCases (GET /api/cases) has 2 handlers',
      'GET /api/gossip is mapped without a route definition',
    ]);
  });
});
