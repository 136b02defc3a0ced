import {
  CaseStatusChanged,
  OrganisationRegistered,
  ROUTE_LIST,
  ServiceRpcPattern,
  TaskAssigned,
  WhistleReportSubmitted,
} from '#libs/contracts';
import { natsAuthorizationConfig, natsPasswordVariable, natsUsers } from './nats-authorization.js';
import {
  type BrokerParty,
  operatorOnlySubjects,
  operatorPermissions,
  RESPONSE_WINDOW_MS,
  servicePermissions,
} from './nats-permissions.js';

/** nats-server's subject matching: `*` is one token, `>` the rest (one token at least). */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i += 1) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const allows = (list: string[], subject: string) => list.some((pattern) => matches(pattern, subject));

const options = { namespace: 'cw', attachmentsBucket: 'cw-files' };
const parties: BrokerParty[] = [
  { name: 'gateway', consumes: [], broker: { calls: ['intake.tip.get', 'dispatch.health.check'], attachments: true } },
  { name: 'intake', consumes: [CaseStatusChanged], broker: { attachments: true } },
  {
    name: 'dispatch',
    consumes: [WhistleReportSubmitted, OrganisationRegistered],
    broker: { calls: [ServiceRpcPattern.IntakeCheckAttachments] },
  },
  { name: 'grading', consumes: [WhistleReportSubmitted, CaseStatusChanged, TaskAssigned] },
  {
    name: 'notify',
    consumes: [TaskAssigned],
    broker: { streams: [{ name: (ns) => `${ns}_EXTRA`.toUpperCase(), subjects: (ns) => `${ns}.extra.>` }] },
  },
];
const rights = (name: string) =>
  servicePermissions(
    parties.find((party) => party.name === name)!,
    options,
  );
const publishes = (name: string, subject: string) => allows(rights(name).publish.allow, subject);
const subscribes = (name: string, subject: string) => allows(rights(name).subscribe.allow, subject);

describe('servicePermissions', () => {
  it('publishes its own events and no other service’s', () => {
    expect(publishes('dispatch', 'cw.dispatch.case.status-changed')).toBe(true);
    expect(publishes('dispatch', 'cw.intake.whistle-report.submitted')).toBe(false);
    expect(publishes('gateway', 'cw.dispatch.case.status-changed')).toBe(false);
    expect(publishes('gateway', 'cw.gateway.user.registered')).toBe(true);
    expect(publishes('gateway', 'other.gateway.user.registered')).toBe(false);
  });

  it('calls only the RPC its manifest declares, and answers only its own', () => {
    expect(publishes('gateway', 'cw.rpc.intake.tip.get')).toBe(true);
    expect(publishes('gateway', 'cw.rpc.intake.tip.triage')).toBe(false);
    expect(publishes('dispatch', 'cw.rpc.intake.attachment.check')).toBe(true);
    expect(publishes('grading', 'cw.rpc.intake.attachment.check')).toBe(false);
    expect(subscribes('dispatch', 'cw.rpc.dispatch.case.list')).toBe(true);
    expect(subscribes('intake', 'cw.rpc.dispatch.case.list')).toBe(false);
    expect(subscribes('intake', 'cw.rpc.>')).toBe(false);
    // It answers requests it received, once each, rather than publishing to any inbox.
    expect(publishes('intake', '_INBOX.cw.gateway.abc.1')).toBe(false);
    expect(rights('intake').allow_responses).toEqual({ max: 1, expires: `${RESPONSE_WINDOW_MS / 1000}s` });
  });

  it('reads its own inbox and no other party’s, nor any event subject', () => {
    expect(subscribes('gateway', '_INBOX.cw.gateway.abc.1')).toBe(true);
    expect(subscribes('gateway', '_INBOX.cw.intake.abc.1')).toBe(false);
    expect(subscribes('gateway', '_INBOX.abc')).toBe(false);
    expect(subscribes('notify', 'cw.dispatch.task.assigned')).toBe(false);
  });

  it('never lets a service call the operator’s verbs, of any service', () => {
    for (const party of parties) {
      for (const target of parties) {
        for (const subject of operatorOnlySubjects('cw', target.name)) {
          expect({ user: party.name, subject, allowed: publishes(party.name, subject) }).toEqual({
            user: party.name,
            subject,
            allowed: false,
          });
        }
      }
    }
  });

  it('pulls and acks its own durable consumers only', () => {
    const own = 'dispatch__intake_whistle-report_submitted';
    expect(publishes('dispatch', `$JS.API.CONSUMER.MSG.NEXT.CW_INTAKE.${own}`)).toBe(true);
    expect(publishes('dispatch', `$JS.API.CONSUMER.INFO.CW_INTAKE.${own}`)).toBe(true);
    expect(publishes('dispatch', `$JS.API.CONSUMER.CREATE.CW_INTAKE.${own}.cw.intake.whistle-report.submitted`)).toBe(
      true,
    );
    expect(publishes('dispatch', `$JS.API.CONSUMER.DURABLE.CREATE.CW_INTAKE.${own}`)).toBe(true);
    expect(publishes('dispatch', `$JS.ACK.CW_INTAKE.${own}.1.5.5.1700000000.0`)).toBe(true);
    const grading = 'grading__intake_whistle-report_submitted';
    expect(publishes('dispatch', `$JS.API.CONSUMER.MSG.NEXT.CW_INTAKE.${grading}`)).toBe(false);
    expect(publishes('dispatch', `$JS.ACK.CW_INTAKE.${grading}.1.5.5.1700000000.0`)).toBe(false);
    expect(publishes('dispatch', `$JS.API.CONSUMER.DELETE.CW_INTAKE.${own}`)).toBe(false);
    expect(publishes('dispatch', '$JS.API.CONSUMER.CREATE.CW_INTAKE')).toBe(false);
  });

  it('makes and updates its own stream; makes a producer’s again but never changes it; deletes or purges none', () => {
    expect(publishes('dispatch', '$JS.API.STREAM.UPDATE.CW_DISPATCH')).toBe(true);
    expect(publishes('dispatch', '$JS.API.STREAM.CREATE.CW_INTAKE')).toBe(true);
    expect(publishes('dispatch', '$JS.API.STREAM.UPDATE.CW_INTAKE')).toBe(false);
    expect(publishes('dispatch', '$JS.API.STREAM.CREATE.CW_NOTIFY')).toBe(false);
    for (const party of parties) {
      for (const target of ['CW_GATEWAY', 'CW_INTAKE', 'CW_DISPATCH', 'CW_GRADING', 'CW_NOTIFY', 'OBJ_cw-files']) {
        for (const verb of ['DELETE', 'PURGE']) {
          if (verb === 'PURGE' && target.startsWith('OBJ_')) continue;
          expect(publishes(party.name, `$JS.API.STREAM.${verb}.${target}`)).toBe(false);
        }
      }
      expect(publishes(party.name, '$JS.API.STREAM.MSG.DELETE.CW_DISPATCH')).toBe(false);
    }
  });

  it('gives the attachments bucket to the services that keep files, without deleting it', () => {
    for (const name of ['gateway', 'intake']) {
      expect(publishes(name, '$O.cw-files.C.abc')).toBe(true);
      expect(publishes(name, '$JS.API.STREAM.CREATE.OBJ_cw-files')).toBe(true);
      expect(publishes(name, '$JS.API.STREAM.PURGE.OBJ_cw-files')).toBe(true);
      expect(publishes(name, '$JS.API.DIRECT.GET.OBJ_cw-files.$O.cw-files.M.abc')).toBe(true);
      expect(publishes(name, '$JS.API.CONSUMER.MSG.NEXT.OBJ_cw-files.reader')).toBe(true);
      expect(publishes(name, '$JS.API.STREAM.DELETE.OBJ_cw-files')).toBe(false);
      expect(publishes(name, '$O.other.C.abc')).toBe(false);
    }
    for (const name of ['dispatch', 'grading', 'notify']) {
      expect(publishes(name, '$O.cw-files.C.abc')).toBe(false);
      expect(publishes(name, '$JS.API.STREAM.INFO.OBJ_cw-files')).toBe(false);
    }
  });

  it('makes and appends to the streams of its own its manifest names', () => {
    expect(publishes('notify', 'cw.extra.checkpoint')).toBe(true);
    expect(publishes('notify', '$JS.API.STREAM.CREATE.CW_EXTRA')).toBe(true);
    expect(publishes('notify', '$JS.API.STREAM.PURGE.CW_EXTRA')).toBe(false);
    expect(publishes('gateway', 'cw.extra.checkpoint')).toBe(false);
  });

  it('remembers a request long enough for the slowest route to answer', () => {
    const slowest = Math.max(...ROUTE_LIST.map((route) => route.timeoutMs ?? 0));
    expect(RESPONSE_WINDOW_MS).toBeGreaterThan(slowest);
  });
});

describe('operatorPermissions', () => {
  const operator = operatorPermissions({ namespace: 'cw' });

  it('calls the operational verbs of every service, and administers JetStream', () => {
    for (const party of parties) {
      for (const subject of operatorOnlySubjects('cw', party.name))
        expect(allows(operator.publish.allow, subject)).toBe(true);
    }
    expect(allows(operator.publish.allow, '$JS.API.CONSUMER.CREATE.CW_AUDIT.reader')).toBe(true);
    expect(allows(operator.subscribe.allow, '_INBOX.cw.operator.abc.1')).toBe(true);
  });

  it('publishes no event, calls no route and reads no service’s inbox', () => {
    expect(allows(operator.publish.allow, 'cw.dispatch.case.status-changed')).toBe(false);
    expect(allows(operator.publish.allow, 'cw.rpc.dispatch.case.assign')).toBe(false);
    expect(allows(operator.subscribe.allow, '_INBOX.cw.gateway.abc.1')).toBe(false);
    expect(allows(operator.subscribe.allow, 'cw.rpc.dispatch.case.assign')).toBe(false);
  });
});

describe('natsUsers and natsAuthorizationConfig', () => {
  const passwords = {
    gateway: 'g'.repeat(24),
    intake: 'i'.repeat(24),
    dispatch: 'd'.repeat(24),
    grading: 'r'.repeat(24),
    notify: 'n'.repeat(24),
    operator: 'o'.repeat(24),
  };

  it('makes one user per service and the operator', () => {
    const users = natsUsers(parties, { ...options, passwords });
    expect(users.map((user) => user.user)).toEqual(['gateway', 'intake', 'dispatch', 'grading', 'notify', 'operator']);
    expect(users.find((user) => user.user === 'intake')?.permissions).toEqual(rights('intake'));
  });

  it('refuses a missing or weak password, naming its variable and never the value', () => {
    expect(() => natsUsers(parties, { ...options, passwords: { ...passwords, grading: undefined } })).toThrow(
      'no password for the NATS user grading: set GRADING_NATS_PASSWORD',
    );
    for (const weak of ['short', 'has "quote" inside it', 'has$dollar-and-more-chars', 'back\\slash-and-more-chars']) {
      try {
        natsUsers(parties, { ...options, passwords: { ...passwords, operator: weak } });
        throw new Error(`accepted ${weak}`);
      } catch (error) {
        expect((error as Error).message).toMatch(/^OPERATOR_NATS_PASSWORD must be 16 or more/);
        expect((error as Error).message).not.toContain(weak);
      }
    }
  });

  it('refuses when a service has no manifest', () => {
    expect(() => natsUsers(parties.slice(1), { ...options, passwords })).toThrow('no manifest for gateway');
  });

  it('names the environment variable of each user', () => {
    expect(natsPasswordVariable('intake')).toBe('INTAKE_NATS_PASSWORD');
    expect(natsPasswordVariable('operator')).toBe('OPERATOR_NATS_PASSWORD');
  });

  it('writes an authorization block whose users are the ones given', () => {
    const users = natsUsers(parties, { ...options, passwords });
    const text = natsAuthorizationConfig(users, 'Written by a test.');
    expect(text.startsWith('# Written by a test.\n')).toBe(true);
    const block = /^authorization \{\n {2}users = \[\n([\s\S]*)\n {2}\]\n\}\n$/m.exec(text);
    expect(block).not.toBeNull();
    expect(JSON.parse(`[${block![1]}]`)).toEqual(users);
  });
});
