import { parsePrometheusText, sampleSum } from './prometheus-text.js';

describe('parsePrometheusText', () => {
  const text = [
    '# HELP cw_requests_seconds Requests, by route',
    '# TYPE cw_requests_seconds histogram',
    'cw_requests_seconds_bucket{le="0.1",route="/api/x/:id",service="gateway"} 1',
    'cw_requests_seconds_bucket{le="+Inf",route="/api/x/:id",service="gateway"} 2',
    'cw_requests_seconds_sum{route="/api/x/:id",service="gateway"} 0.35',
    'cw_requests_seconds_count{route="/api/x/:id",service="gateway"} 2',
    '# HELP cw_lag_seconds Lag',
    '# TYPE cw_lag_seconds gauge',
    'cw_lag_seconds NaN',
    '# HELP cw_quoted_total With "quotes"',
    '# TYPE cw_quoted_total counter',
    'cw_quoted_total{reason="a \\"b\\", c"} 3',
    '',
  ].join('\n');

  it('reads families, their HELP and TYPE, samples and labels', () => {
    const families = parsePrometheusText(text);
    expect([...families.keys()]).toEqual(['cw_requests_seconds', 'cw_lag_seconds', 'cw_quoted_total']);
    expect(families.get('cw_requests_seconds')).toMatchObject({ type: 'histogram', help: 'Requests, by route' });
    expect(families.get('cw_requests_seconds')!.samples).toHaveLength(4);
    expect(families.get('cw_quoted_total')!.samples[0].labels).toEqual({ reason: 'a "b", c' });
    expect(families.get('cw_lag_seconds')!.samples[0].value).toBeNaN();
    expect(sampleSum(families, 'cw_requests_seconds_count', { route: '/api/x/:id' })).toBe(2);
    expect(sampleSum(families, 'cw_requests_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(sampleSum(families, 'cw_requests_seconds_count', { route: '/other' })).toBe(0);
  });

  it('refuses a sample without HELP and TYPE, a bad value or bad labels, naming the line', () => {
    expect(() => parsePrometheusText('cw_x_total 1')).toThrow(/line 1: cw_x_total 1/);
    expect(() => parsePrometheusText('# HELP a A\n# TYPE a gauge\na one')).toThrow(/not a number at line 3/);
    expect(() => parsePrometheusText('# HELP a A\n# TYPE a gauge\na{b=c} 1')).toThrow(/malformed labels at line 3/);
    expect(() => parsePrometheusText('# HELP a A\n# TYPE a wobbly')).toThrow(/unknown type/);
  });
});
