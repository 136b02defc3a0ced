import {
  consumerName,
  type EventContract,
  inboxPrefix,
  OPERATOR_USER,
  OperationalVerb,
  producerOf,
  rpcSubject,
  type ServiceName,
  streamName,
  streamSubjects,
} from '#libs/contracts';

/** What a service does on the broker besides publishing its events, answering its RPC and consuming. */
export interface BrokerUse {
  /** RPC patterns it calls on other services (a call it does not declare is refused, see RpcClient). */
  calls?: readonly string[];
  /** JetStream streams of its own besides its events' (the audit checkpoints): made and appended to. */
  streams?: ReadonlyArray<{ name: (namespace: string) => string; subjects: (namespace: string) => string }>;
  /** It keeps files in the attachments bucket (`ATTACHMENTS_STORE=nats`). */
  attachments?: boolean;
}

/** A service as the broker sees it; a service manifest is one. */
export interface BrokerParty {
  name: ServiceName;
  consumes: readonly EventContract[];
  broker?: BrokerUse;
}

/** One user's rights in nats-server's `permissions` block. */
export interface NatsPermissions {
  publish: { allow: string[] };
  subscribe: { allow: string[] };
  /** May answer each request it received once, within `expires`, whatever the reply subject. */
  allow_responses?: { max: number; expires: string };
}

/**
 * How long a service may take to answer a request it received: longer than the longest call
 * (a quarterly grading run, 2 minutes). The broker remembers each request's reply subject this long.
 */
export const RESPONSE_WINDOW_MS = 3 * 60 * 1000;

const API = '$JS.API';

/** The verbs only the operator may call: they replay and republish events. */
const OPERATOR_VERBS = [
  OperationalVerb.ListParkedEvents,
  OperationalVerb.ReplayParkedEvent,
  OperationalVerb.RepublishOutbox,
];

/**
 * A service's rights, from its manifest: publish its own events (`<ns>.<service>.>`) and the RPC it
 * calls; answer the RPC it serves (`<ns>.rpc.<service>.>`) and nothing else; read replies on its own
 * inbox only; on JetStream, its own stream, the streams it consumes from (made again if the broker lost
 * them, never changed), its own durable consumers and their acks, and the attachments bucket if it
 * keeps files. No user may delete or purge a stream of events.
 */
export function servicePermissions(
  party: BrokerParty,
  options: { namespace: string; attachmentsBucket: string },
): NatsPermissions {
  const ns = options.namespace;
  const own = streamName(ns, party.name);
  const producers = [...new Set(party.consumes.map((contract) => producerOf(contract.type)))].filter(
    (producer) => producer !== party.name,
  );
  const publish = [
    streamSubjects(ns, party.name),
    ...(party.broker?.calls ?? []).map((pattern) => rpcSubject(ns, pattern)),
    `${API}.INFO`,
    ...streamRights(own, ['INFO', 'CREATE', 'UPDATE']),
    ...producers.flatMap((producer) => streamRights(streamName(ns, producer), ['INFO', 'CREATE'])),
    ...party.consumes.flatMap((contract) =>
      durableRights(streamName(ns, producerOf(contract.type)), consumerName(party.name, contract.type)),
    ),
    ...(party.broker?.streams ?? []).flatMap((stream) => [
      stream.subjects(ns),
      ...streamRights(stream.name(ns), ['INFO', 'CREATE']),
    ]),
    ...(party.broker?.attachments ? bucketRights(options.attachmentsBucket) : []),
  ];
  return {
    publish: { allow: distinct(publish) },
    subscribe: { allow: [`${inboxPrefix(ns, party.name)}.>`, `${rpcSubject(ns, party.name)}.>`] },
    allow_responses: { max: 1, expires: `${RESPONSE_WINDOW_MS / 1000}s` },
  };
}

/**
 * The operator's rights: the operational verbs of every service (list and replay parked events,
 * republish the outbox, health) and the JetStream API (streams, consumers, the audit checkpoints), with
 * its own inbox. Not the services' event subjects nor their other RPC: an operator replays an event
 * through the service that parked it, never publishes one.
 */
export function operatorPermissions(options: { namespace: string }): NatsPermissions {
  const ns = options.namespace;
  return {
    publish: {
      allow: [...OPERATOR_VERBS, OperationalVerb.Health].map((verb) => rpcSubject(ns, `*.${verb}`)).concat(`${API}.>`),
    },
    subscribe: { allow: [`${inboxPrefix(ns, OPERATOR_USER)}.>`] },
  };
}

/** The operational verbs' RPC subjects a service user must never be able to call. */
export const operatorOnlySubjects = (namespace: string, service: ServiceName): string[] =>
  OPERATOR_VERBS.map((verb) => rpcSubject(namespace, `${service}.${verb}`));

function streamRights(stream: string, verbs: readonly string[]): string[] {
  return verbs.map((verb) => `${API}.STREAM.${verb}.${stream}`);
}

/** One durable pull consumer: look it up, make or update it (every API form of 2.9), pull, ack. */
function durableRights(stream: string, durable: string): string[] {
  return [
    `${API}.CONSUMER.INFO.${stream}.${durable}`,
    `${API}.CONSUMER.CREATE.${stream}.${durable}`,
    `${API}.CONSUMER.CREATE.${stream}.${durable}.>`,
    `${API}.CONSUMER.DURABLE.CREATE.${stream}.${durable}`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.${durable}`,
    `$JS.ACK.${stream}.${durable}.>`,
  ];
}

/**
 * The object store bucket (stream `OBJ_<bucket>`, subjects `$O.<bucket>.>`): make it, write chunks and
 * metadata, read them back (direct gets, short-lived consumers that read one file), purge a removed
 * file's chunks. Not deleting the bucket.
 */
function bucketRights(bucket: string): string[] {
  const stream = `OBJ_${bucket}`;
  return [
    `$O.${bucket}.>`,
    ...streamRights(stream, ['INFO', 'CREATE', 'PURGE', 'MSG.GET']),
    `${API}.DIRECT.GET.${stream}`,
    `${API}.DIRECT.GET.${stream}.>`,
    `${API}.CONSUMER.CREATE.${stream}`,
    `${API}.CONSUMER.CREATE.${stream}.>`,
    `${API}.CONSUMER.INFO.${stream}.>`,
    `${API}.CONSUMER.DELETE.${stream}.>`,
    `${API}.CONSUMER.MSG.NEXT.${stream}.>`,
  ];
}

const distinct = (subjects: string[]): string[] => [...new Set(subjects)];
