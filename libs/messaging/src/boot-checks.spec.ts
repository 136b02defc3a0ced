import { RpcPattern, TaskAssigned, UserRegistered } from '#libs/contracts';
import { bootProblems } from './boot-checks.js';

const event = (pattern: string, count = 1) => ({ pattern, isEvent: true, count });
const rpc = (pattern: string, count = 1) => ({ pattern, isEvent: false, count });
/** Every pattern notify owns, so the passing case stays true as notify gains routes. */
const notifyRpc = Object.values(RpcPattern)
  .filter((pattern) => pattern.startsWith('notify.'))
  .map((pattern) => rpc(pattern));

describe('bootProblems', () => {
  it('passes a service whose handlers match its subscriptions and RPC patterns', () => {
    expect(bootProblems('notify', [TaskAssigned], [event(TaskAssigned.type), ...notifyRpc])).toEqual([]);
  });

  it('names a subscribed event without a handler, with two, and a handler nobody subscribed to', () => {
    expect(bootProblems('notify', [TaskAssigned], notifyRpc)).toEqual([
      'subscribed event dispatch.task.assigned has no @EventPattern handler',
    ]);
    expect(bootProblems('notify', [TaskAssigned], [event(TaskAssigned.type, 2), ...notifyRpc])).toEqual([
      'subscribed event dispatch.task.assigned has more than one handler',
    ]);
    expect(bootProblems('notify', [], [event(UserRegistered.type), ...notifyRpc])).toEqual([
      '@EventPattern(gateway.user.registered) handles an event the service does not subscribe to',
    ]);
  });

  it('refuses a mistyped RPC pattern, another service’s, and a pattern of its own left unanswered', () => {
    const allButListInbox = notifyRpc.filter((handler) => handler.pattern !== RpcPattern.NotifyListInbox);
    expect(bootProblems('notify', [], [rpc('notify.inbox.lst'), ...allButListInbox])).toEqual([
      '@MessagePattern(notify.inbox.lst) is not an RpcPattern',
      'RpcPattern notify.inbox.list has no @MessagePattern handler',
    ]);
    expect(bootProblems('notify', [], [...notifyRpc, rpc(RpcPattern.DispatchListCases)])).toEqual([
      '@MessagePattern(dispatch.case.list) belongs to another service',
    ]);
  });
});
