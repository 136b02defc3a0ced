/**
 * Operator command for parked (dead-lettered) events and for a broker that lost events:
 *   npm run events -- list <service>
 *   npm run events -- replay <service> <parked-id>
 *   npm run events -- republish <service> --since <ISO-8601 time>
 * It asks the running service over NATS, so a replay goes through the same handler, inbox and
 * transaction as a normal delivery, and a republish through the same outbox relay (consumers'
 * inboxes drop what they had already handled). On a broker with a user per service, these verbs need
 * the operator's credentials in NATS_URL (`nats://operator:<password>@host:4222`); a service's are refused.
 */
import { connect } from '@nats-io/transport-node';
import { natsConnectionOptions } from '#libs/config';
import {
  inboxPrefix,
  OPERATOR_USER,
  OperationalVerb,
  operationalPattern,
  rpcSubject,
  SERVICES,
  type ServiceName,
} from '#libs/contracts';

const [command, service, ...rest] = process.argv.slice(2);
const usage =
  'usage: events list <service> | events replay <service> <parked-id> | events republish <service> --since <time>';
const since = rest[0] === '--since' && rest[1] && !Number.isNaN(Date.parse(rest[1])) ? new Date(rest[1]) : undefined;
const id = command === 'replay' ? rest[0] : undefined;

if (
  !SERVICES.includes(service as ServiceName) ||
  !['list', 'replay', 'republish'].includes(command ?? '') ||
  (command === 'replay' && !id) ||
  (command === 'republish' && !since)
) {
  process.stderr.write(`${usage}\nservices: ${SERVICES.join(', ')}\n`);
  process.exit(2);
}

const namespace = process.env.NATS_NAMESPACE ?? 'cw';
// A malformed NATS_URL throws while its options are read: report it like an unreachable server.
const nats = await Promise.resolve()
  .then(() =>
    connect({
      ...natsConnectionOptions(process.env.NATS_URL || 'nats://127.0.0.1:4222'),
      // The operator's own inbox: the only one its broker user may read.
      inboxPrefix: inboxPrefix(namespace, OPERATOR_USER),
    }),
  )
  .catch((error: Error) => {
    process.stderr.write(`cannot reach NATS (NATS_URL): ${error.message}\n`);
    process.exit(1);
  });
try {
  const [verb, request] =
    command === 'list'
      ? [OperationalVerb.ListParkedEvents, {}]
      : command === 'replay'
        ? [OperationalVerb.ReplayParkedEvent, { id }]
        : [OperationalVerb.RepublishOutbox, { since: since!.toISOString() }];
  const reply = await nats.request(rpcSubject(namespace, operationalPattern(service, verb)), JSON.stringify(request), {
    timeout: 10_000,
  });
  const body = reply.json<{ ok: boolean; data?: unknown; error?: { message: string } }>();
  if (!body.ok) {
    process.stderr.write(`${body.error?.message ?? 'failed'}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`${JSON.stringify(body.data, null, 2)}\n`);
  }
} catch (error) {
  process.stderr.write(`the ${service} service did not answer: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await nats.close();
}
