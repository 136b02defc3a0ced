import { collectDefaultMetrics, Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import { methodLabel, type RpcOutcome, secondsBetween, statusClass, stepKind } from './labels.js';

/** How often the event-loop lag is sampled (see start). */
const EVENT_LOOP_SAMPLE_MS = 100;

/** Request and handler latencies: from a few milliseconds to the RPC timeout and beyond. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** How late a deadline fires: a wake-up slot is 100 ms, a reconciliation round 30 s. */
const LATENESS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** A reading taken at scrape time waits this long at most (a database away must not hang the scrape). */
const READ_TIMEOUT_MS = 2000;

/** One labelled value read from the database at scrape time. */
export interface Reading<L extends string> {
  labels: Record<L, string>;
  value: number;
}

/** One series of a histogram, its labels already chosen. */
type Observer = Pick<ReturnType<Histogram<string>['labels']>, 'observe'>;

/** A deadline step just fired: its deadline (`ack`, `rectify`), step, due time and firing time (epoch ms). */
export interface FiredStep {
  kind: string;
  step: string;
  dueAtMs: number;
  firedAtMs: number;
}

/** What became of one delivery of a notification on a channel. */
export type DeliveryStatus = 'sent' | 'failed' | 'retried' | 'held';

/**
 * The one registry of a process (one process runs one service) and every metric it exports, each
 * behind a named method, so code that counts says what happened and never touches prom-client.
 * Labels take values from small fixed sets (see labels.ts): route templates, patterns, event types,
 * channels; never an id, a URL or a person. The metrics of one service's domain (deadlines,
 * notifications) are only exported by the service that declares them (`useDeadlineMetrics`, …).
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private started = false;
  private readonly exported = new Set<Metric>();

  private readonly httpDuration = this.histogram(
    'cw_http_request_duration_seconds',
    'HTTP requests served, by method, route template and status class',
    ['method', 'route', 'status_class'],
    LATENCY_BUCKETS,
  );
  private readonly rpcServerDuration = this.histogram(
    'cw_rpc_server_duration_seconds',
    'Request-reply calls answered by this service, by pattern and outcome',
    ['pattern', 'outcome'],
    LATENCY_BUCKETS,
  );
  private readonly rpcClientDuration = this.histogram(
    'cw_rpc_client_duration_seconds',
    'Request-reply calls made to other services, by pattern and outcome (timeouts are unavailable)',
    ['pattern', 'outcome'],
    LATENCY_BUCKETS,
  );
  private readonly consumed = this.counter(
    'cw_events_consumed_total',
    'Events handled and acknowledged after their transaction committed (a redelivery the inbox skipped included)',
    ['type'],
  );
  private readonly ignored = this.counter(
    'cw_events_ignored_total',
    'Events acked without a transaction because their handler does not act on them (its `when`)',
    ['type'],
  );
  private readonly redelivered = this.counter(
    'cw_events_redelivered_total',
    'Event deliveries that were not the first of their message (after a failure, a nak or an ack timeout)',
    ['type'],
  );
  private readonly parked = this.counter(
    'cw_events_parked_total',
    'Events set aside in parked_events (invalid, refused, or failing too often)',
    ['type'],
  );
  private readonly published = this.counter(
    'cw_events_published_total',
    'Events the outbox relay published to the broker',
    ['type'],
  );
  private readonly outboxLag = new Gauge({
    name: 'cw_outbox_lag_seconds',
    help: 'Age of the oldest outbox row not yet published, read from Postgres at scrape (0 when none; NaN when the database did not answer)',
    registers: [this.registry],
    collect: () => this.readOutboxLag(),
  });
  private outboxLagReader?: () => Promise<number>;

  // Domain metrics start unregistered: only the service that declares them exports them.
  private readonly deadlinesPending = this.scrapeGauge(
    'cw_deadlines_pending',
    'Deadline steps neither fired nor cancelled, by deadline kind, read from Postgres at scrape',
    ['kind'],
  );
  private readonly deadlinesFired = this.counter(
    'cw_deadlines_fired_total',
    'Deadline steps fired, by deadline kind and step kind',
    ['kind', 'step'],
    false,
  );
  private readonly deadlineLateness = this.histogram(
    'cw_deadline_lateness_seconds',
    "How late a deadline step fired: firing time minus due time, by the database's clock",
    ['kind', 'step'],
    LATENESS_BUCKETS,
    false,
  );
  private readonly deliveries = this.counter(
    'cw_notify_deliveries_total',
    'Deliveries per channel: sent, failed (given up), retried (another attempt scheduled), held (for quiet hours when written)',
    ['channel', 'status'],
    false,
  );
  private readonly deliveriesWaiting = this.scrapeGauge(
    'cw_notify_deliveries_waiting',
    'Deliveries not settled yet (queued, held, sending) per channel, read from Postgres at scrape',
    ['channel', 'status'],
  );

  /** Default process metrics (CPU, memory, event loop, GC) and the `service` label on every series. */
  start(service: string): void {
    if (this.started) return;
    this.started = true;
    this.registry.setDefaultLabels({ service });
    // The event-loop lag is sampled by a timer: prom-client's default (every 10 ms) woke each idle
    // service ~200 times a second, most of its idle CPU here. Every 100 ms still shows a stall.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /** The scrape: Prometheus text format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method: methodLabel(method), route, status_class: statusClass(status) }, seconds);
  }

  rpcServed(pattern: string, outcome: RpcOutcome, seconds: number): void {
    this.rpcServerDuration.observe({ pattern, outcome }, seconds);
  }

  rpcCalled(pattern: string, outcome: RpcOutcome, seconds: number): void {
    this.rpcClientDuration.observe({ pattern, outcome }, seconds);
  }

  eventsConsumed(type: string, count: number): void {
    if (count > 0) this.consumed.inc({ type }, count);
  }

  eventsIgnored(type: string, count: number): void {
    if (count > 0) this.ignored.inc({ type }, count);
  }

  eventsRedelivered(type: string, count: number): void {
    if (count > 0) this.redelivered.inc({ type }, count);
  }

  eventParked(type: string): void {
    this.parked.inc({ type });
  }

  eventPublished(type: string): void {
    this.published.inc({ type });
  }

  /** How the outbox lag is read at scrape time (one cheap query on the pending-rows index). */
  useOutboxLag(read: () => Promise<number>): void {
    this.outboxLagReader = read;
  }

  /** Dispatch: exports the deadline metrics, the pending count read at scrape time. */
  useDeadlineMetrics(readPending: () => Promise<Array<Reading<'kind'>>>): void {
    this.deadlinesPending.read = readPending;
    this.export(this.deadlinesPending.gauge, this.deadlinesFired, this.deadlineLateness);
  }

  deadlinesFiredNow(steps: readonly FiredStep[]): void {
    // A burst fires thousands of steps of a few kinds: the label set is looked up once per kind.
    const series = new Map<string, { labels: { kind: string; step: string }; count: number; lateness: Observer }>();
    for (const fired of steps) {
      const labels = { kind: fired.kind, step: stepKind(fired.step) };
      const key = `${labels.kind}\n${labels.step}`;
      let one = series.get(key);
      if (!one) {
        one = { labels, count: 0, lateness: this.deadlineLateness.labels(labels) };
        series.set(key, one);
      }
      one.count += 1;
      one.lateness.observe(Math.max(0, secondsBetween(fired.dueAtMs, fired.firedAtMs)));
    }
    for (const { labels, count } of series.values()) this.deadlinesFired.inc(labels, count);
  }

  /** Notify: exports the delivery metrics, the unsettled deliveries read at scrape time. */
  useNotificationMetrics(readWaiting: () => Promise<Array<Reading<'channel' | 'status'>>>): void {
    this.deliveriesWaiting.read = readWaiting;
    this.export(this.deliveries, this.deliveriesWaiting.gauge);
  }

  delivery(channel: string, status: DeliveryStatus, count = 1): void {
    if (count > 0) this.deliveries.inc({ channel, status }, count);
  }

  private async readOutboxLag(): Promise<void> {
    if (!this.outboxLagReader) return;
    const seconds = await withTimeout(this.outboxLagReader()).catch(() => Number.NaN);
    this.outboxLag.set(seconds);
  }

  private export(...metrics: Metric[]): void {
    for (const metric of metrics) {
      if (this.exported.has(metric)) continue;
      this.exported.add(metric);
      this.registry.registerMetric(metric);
    }
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[], exported = true): Counter<L> {
    return new Counter({ name, help, labelNames, registers: exported ? [this.registry] : [] });
  }

  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    buckets: number[],
    exported = true,
  ): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: exported ? [this.registry] : [] });
  }

  /** A gauge set at scrape time from a reading; a reading that fails leaves no series rather than a stale one. */
  private scrapeGauge<L extends string>(name: string, help: string, labelNames: L[]): ScrapeGauge<L> {
    const slot: ScrapeGauge<L> = {} as ScrapeGauge<L>;
    slot.gauge = new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [],
      async collect() {
        if (!slot.read) return;
        const readings = await withTimeout(slot.read()).catch(() => []);
        this.reset();
        for (const reading of readings) this.set(reading.labels as Partial<Record<L, string>>, reading.value);
      },
    });
    return slot;
  }
}

interface ScrapeGauge<L extends string> {
  gauge: Gauge<L>;
  read?: () => Promise<Array<Reading<L>>>;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('metrics reading timed out')), READ_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The process's metrics: one process runs one service. */
export const metrics = new ServiceMetrics();
