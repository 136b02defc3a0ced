import { RpcPattern, TaskAssigned, UserRegistered } from '#libs/contracts';
import { bootProblems } from './boot-checks.js';

const event = (pattern: string, count = 1) => ({ pattern, isEvent: true, count });
const rpc = (pattern: string, count = 1) => ({ pattern, isEvent: false, count });
/** Every pattern notify owns, so the passing case stays true as notify gains routes. */
const notifyRpc = Object.values(RpcPattern)
  .filter((pattern) => pattern.startsWith('notify.'))
  .map((pattern) => rpc(pattern));
const routed = new Map(notifyRpc.map((handler) => [handler.pattern, 1]));

describe('bootProblems', () => {
  it('passes a service whose handlers match its subscriptions and RPC patterns', () => {
    expect(bootProblems('notify', [TaskAssigned], [event(TaskAssigned.type), ...notifyRpc], routed)).toEqual([]);
  });

  it('names a subscribed event without a handler, with two, and a handler nobody subscribed to', () => {
    expect(bootProblems('notify', [TaskAssigned], notifyRpc, routed)).toEqual([
      'subscribed event dispatch.task.assigned has no @EventPattern handler',
    ]);
    expect(bootProblems('notify', [TaskAssigned], [event(TaskAssigned.type, 2), ...notifyRpc], routed)).toEqual([
      'subscribed event dispatch.task.assigned has more than one handler',
    ]);
    expect(bootProblems('notify', [], [event(UserRegistered.type), ...notifyRpc], routed)).toEqual([
      '@EventPattern(gateway.user.registered) handles an event the service does not subscribe to',
    ]);
  });

  it('refuses a mistyped RPC pattern, another service’s, and a pattern of its own left unanswered', () => {
    const allButListInbox = notifyRpc.filter((handler) => handler.pattern !== RpcPattern.NotifyListInbox);
    expect(bootProblems('notify', [], [rpc('notify.inbox.lst'), ...allButListInbox], routed)).toEqual([
      '@MessagePattern(notify.inbox.lst) is not an RpcPattern',
      'RpcPattern notify.inbox.list has no @MessagePattern handler',
    ]);
    expect(bootProblems('notify', [], [...notifyRpc, rpc(RpcPattern.DispatchListCases)], routed)).toEqual([
      '@MessagePattern(dispatch.case.list) belongs to another service',
    ]);
  });

  it('refuses a route of its own without an @OnRoute handler, and a route’s RPC bound by hand', () => {
    const byHand = new Map(routed);
    byHand.delete(RpcPattern.NotifyUnreadCount);
    expect(bootProblems('notify', [], notifyRpc, byHand)).toEqual([
      'route NotifyUnreadCount (GET /api/inbox/unread-count) has no @OnRoute handler',
      '@MessagePattern(notify.inbox.unread-count) answers route NotifyUnreadCount: bind it with @OnRoute',
    ]);
  });
});
