import { sleep } from '#libs/testing';
import { type GatewayClient, NO_ANSWER, type Reply } from './http-client.js';

export interface LoadOptions {
  /** Whistle reports started per second (open loop: a slow system does not slow the load down). */
  ratePerSecond: number;
  /** Every n-th assigned task is acknowledged right away; the others reach their deadline. */
  acknowledgeEvery: number;
  /** Reports in flight beyond which a tick is skipped (counted), so a stalled system is not buried. */
  maxInFlight: number;
}

export interface LoadStats {
  /** Reports started, and those never started because too many were in flight. */
  attempted: number;
  skipped: number;
  /** Reports the gateway accepted (2xx), by id; retries of one report share its Idempotency-Key. */
  acceptedIds: string[];
  rejected: number;
  assignsAccepted: number;
  assignsFailed: number;
  acksAccepted: number;
  acksFailed: number;
  /** Identifies this load's reports in intake: each title is `<tag> <n>`. */
  tag: string;
}

const retryable = (reply: Reply) => reply.status === NO_ANSWER || reply.status >= 500;

/**
 * The steady load of a chaos scenario, through the gateway as real users would: a school
 * reporter blows the whistle, the dispatcher assigns each case (urgent, so its acknowledgement
 * deadline falls due during the run) and the police handler reports for duty on some tasks.
 * Clients retry as a careful client would: the same Idempotency-Key, a few times, then give up.
 */
export class LoadGenerator {
  private readonly stats: LoadStats;
  private readonly chains = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private tasks = 0;

  constructor(
    private readonly client: GatewayClient,
    private readonly leadUnitId: string,
    private readonly options: LoadOptions,
    tag: string,
  ) {
    this.stats = {
      attempted: 0,
      skipped: 0,
      acceptedIds: [],
      rejected: 0,
      assignsAccepted: 0,
      assignsFailed: 0,
      acksAccepted: 0,
      acksFailed: 0,
      tag,
    };
  }

  start(): void {
    const started = Date.now();
    let issued = 0;
    this.timer = setInterval(() => {
      const due = Math.floor(((Date.now() - started) / 1000) * this.options.ratePerSecond);
      for (; issued < due; issued += 1) {
        if (this.inFlight >= this.options.maxInFlight) {
          this.stats.skipped += 1;
          continue;
        }
        this.track(this.report(issued));
      }
    }, 50);
  }

  /** Stops starting reports and waits for every started one to finish its assign/acknowledge chain. */
  async stop(): Promise<LoadStats> {
    clearInterval(this.timer);
    while (this.chains.size > 0) await Promise.allSettled([...this.chains]);
    return this.stats;
  }

  private track(chain: Promise<void>): void {
    this.chains.add(chain);
    void chain.finally(() => this.chains.delete(chain));
  }

  private async report(n: number): Promise<void> {
    this.stats.attempted += 1;
    this.inFlight += 1;
    let reply: Reply<{ id: string }>;
    try {
      reply = await this.withRetries(4, 500, () =>
        this.client.call<{ id: string }>(
          'POST',
          '/api/whistle-reports',
          'school.reporter',
          {
            category: 'public-safety',
            severity: 'urgent',
            title: `${this.stats.tag} ${n}`,
            description: 'Chaos load',
            location: 'Yard',
          },
          { 'idempotency-key': `${this.stats.tag}-${n}` },
        ),
      );
    } finally {
      this.inFlight -= 1;
    }
    if (reply.status < 200 || reply.status >= 300) {
      this.stats.rejected += 1;
      return;
    }
    this.stats.acceptedIds.push(reply.body.id);
    await this.assign(reply.body.id);
  }

  private async assign(caseId: string): Promise<void> {
    // The case reaches dispatch through an event: until then the assignment answers 404.
    const reply = await this.withRetries(20, 1000, async () => {
      const answer = await this.client.call<{ tasks: Array<{ id: string }> }>(
        'POST',
        `/api/cases/${caseId}/assign`,
        'taskforce.dispatcher',
        { leadUnitId: this.leadUnitId, severity: 'urgent' },
      );
      return answer.status === 404 ? { ...answer, status: 503 } : answer;
    });
    if (reply.status < 200 || reply.status >= 300) {
      this.stats.assignsFailed += 1;
      return;
    }
    this.stats.assignsAccepted += 1;
    this.tasks += 1;
    if (this.tasks % this.options.acknowledgeEvery === 0) await this.acknowledge(reply.body.tasks[0].id);
  }

  private async acknowledge(taskId: string): Promise<void> {
    // Only right away, well before the deadline: a late acknowledgement would blur what "due" means.
    const reply = await this.withRetries(2, 300, () =>
      this.client.call('POST', `/api/tasks/${taskId}/acknowledge`, 'police.handler'),
    );
    if (reply.status >= 200 && reply.status < 300) this.stats.acksAccepted += 1;
    else this.stats.acksFailed += 1;
  }

  private async withRetries(attempts: number, pauseMs: number, attempt: () => Promise<Reply>): Promise<Reply> {
    let reply = await attempt().catch(() => ({ status: NO_ANSWER, body: undefined }));
    for (let i = 1; i < attempts && retryable(reply); i += 1) {
      await sleep(pauseMs);
      reply = await attempt().catch(() => ({ status: NO_ANSWER, body: undefined }));
    }
    return reply;
  }
}
