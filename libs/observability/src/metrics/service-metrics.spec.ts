import { parsePrometheusText, sampleSum } from '#libs/testing';
import { ServiceMetrics } from './service-metrics.js';

const scrape = async (metrics: ServiceMetrics) => parsePrometheusText(await metrics.text());

describe('ServiceMetrics', () => {
  it('exports the core metrics with HELP and TYPE, and counts what it is told', async () => {
    const metrics = new ServiceMetrics();
    metrics.httpRequest('GET', '/api/cases/:id', 200, 0.012);
    metrics.httpRequest('GET', '/api/cases/:id', 404, 0.003);
    metrics.httpRequest('BREW', '(no route)', 400, 0.001);
    metrics.rpcServed('dispatch.case.get', 'ok', 0.004);
    metrics.rpcCalled('dispatch.case.get', 'unavailable', 5);
    metrics.eventsConsumed('intake.whistle-report.submitted', 3);
    metrics.eventsConsumed('intake.whistle-report.submitted', 0);
    metrics.eventsRedelivered('intake.whistle-report.submitted', 1);
    metrics.eventParked('intake.whistle-report.submitted');
    metrics.eventPublished('dispatch.case.opened');
    metrics.useOutboxLag(() => Promise.resolve(2.5));

    const families = await scrape(metrics);
    const http = families.get('cw_http_request_duration_seconds')!;
    expect(http).toMatchObject({ type: 'histogram', help: expect.stringContaining('route template') });
    expect(sampleSum(families, 'cw_http_request_duration_seconds_count', { route: '/api/cases/:id' })).toBe(2);
    expect(sampleSum(families, 'cw_http_request_duration_seconds_count', { status_class: '4xx' })).toBe(2);
    expect(sampleSum(families, 'cw_http_request_duration_seconds_count', { method: 'OTHER' })).toBe(1);
    expect(
      sampleSum(families, 'cw_http_request_duration_seconds_bucket', { route: '/api/cases/:id', le: '0.005' }),
    ).toBe(1);
    expect(sampleSum(families, 'cw_rpc_server_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sampleSum(families, 'cw_rpc_client_duration_seconds_sum', { outcome: 'unavailable' })).toBe(5);
    expect(sampleSum(families, 'cw_events_consumed_total')).toBe(3);
    expect(sampleSum(families, 'cw_events_redelivered_total')).toBe(1);
    expect(sampleSum(families, 'cw_events_parked_total')).toBe(1);
    expect(sampleSum(families, 'cw_events_published_total', { type: 'dispatch.case.opened' })).toBe(1);
    expect(sampleSum(families, 'cw_outbox_lag_seconds')).toBe(2.5);
    // Domain metrics stay out of a service that does not declare them.
    expect(families.has('cw_deadlines_pending')).toBe(false);
    expect(families.has('cw_notify_deliveries_total')).toBe(false);
  });

  it("exports deadline metrics once declared: pending read at scrape, fired by kind, lateness from the database's times", async () => {
    const metrics = new ServiceMetrics();
    let pending = 7;
    metrics.useDeadlineMetrics(() => Promise.resolve([{ labels: { kind: 'ack' }, value: pending }]));
    const due = Date.parse('2026-12-01T08:00:00.000Z');
    metrics.deadlinesFiredNow([
      { kind: 'ack', step: 'breach', dueAtMs: due, firedAtMs: due + 80 },
      { kind: 'ack', step: 'reminder:0.5', dueAtMs: due, firedAtMs: due + 3000 },
      // A clock a little behind never makes a negative lateness.
      { kind: 'rectify', step: 'escalation:1', dueAtMs: due, firedAtMs: due - 10 },
      { kind: 'ack', step: 'breach', dueAtMs: due, firedAtMs: due + 50 },
    ]);
    let families = await scrape(metrics);
    expect(families.get('cw_deadlines_pending')!.type).toBe('gauge');
    expect(sampleSum(families, 'cw_deadlines_pending', { kind: 'ack' })).toBe(7);
    expect(sampleSum(families, 'cw_deadlines_fired_total', { kind: 'ack' })).toBe(3);
    expect(sampleSum(families, 'cw_deadlines_fired_total', { kind: 'ack', step: 'breach' })).toBe(2);
    expect(sampleSum(families, 'cw_deadlines_fired_total', { step: 'escalation' })).toBe(1);
    expect(sampleSum(families, 'cw_deadline_lateness_seconds_bucket', { step: 'breach', le: '0.1' })).toBe(2);
    expect(sampleSum(families, 'cw_deadline_lateness_seconds_bucket', { step: 'reminder', le: '2.5' })).toBe(0);
    expect(sampleSum(families, 'cw_deadline_lateness_seconds_sum')).toBeCloseTo(3.13);

    pending = 4;
    families = await scrape(metrics);
    expect(sampleSum(families, 'cw_deadlines_pending', { kind: 'ack' })).toBe(4);
  });

  it('leaves no stale series when a reading fails, and NaN for an outbox lag it could not read', async () => {
    const metrics = new ServiceMetrics();
    let fail = false;
    metrics.useNotificationMetrics(() =>
      fail
        ? Promise.reject(new Error('down'))
        : Promise.resolve([{ labels: { channel: 'sms', status: 'held' }, value: 2 }]),
    );
    metrics.useOutboxLag(() => Promise.reject(new Error('down')));
    metrics.delivery('sms', 'sent');
    metrics.delivery('sms', 'retried', 2);
    let families = await scrape(metrics);
    expect(sampleSum(families, 'cw_notify_deliveries_waiting', { status: 'held' })).toBe(2);
    expect(sampleSum(families, 'cw_notify_deliveries_total', { channel: 'sms', status: 'retried' })).toBe(2);
    expect(families.get('cw_outbox_lag_seconds')!.samples[0].value).toBeNaN();

    fail = true;
    families = await scrape(metrics);
    expect(families.get('cw_notify_deliveries_waiting')!.samples).toEqual([]);
    expect(sampleSum(families, 'cw_notify_deliveries_total', { status: 'sent' })).toBe(1);
  });

  it('labels every series with the service, default process metrics included', async () => {
    const metrics = new ServiceMetrics();
    metrics.start('dispatch');
    metrics.start('dispatch'); // a second start adds nothing
    metrics.eventPublished('dispatch.case.opened');
    const families = await scrape(metrics);
    expect(families.get('process_cpu_user_seconds_total')?.type).toBe('counter');
    const samples = [...families.values()].flatMap((family) => family.samples);
    expect(samples.length).toBeGreaterThan(10);
    expect(samples.every((sample) => sample.labels.service === 'dispatch')).toBe(true);
  });
});
