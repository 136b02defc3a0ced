import { isLoopback, metricsAccessMode, metricsVerdict } from './metrics-access.js';

const TOKEN = 'a-metrics-token-of-24-chars-or-more';
const local = { socketAddress: '127.0.0.1', forwarded: false };

describe('metrics access', () => {
  it('picks the mode from the token, the public entry and the proxy', () => {
    expect(metricsAccessMode({ token: TOKEN, publicEntry: true, trustProxy: true })).toBe('token');
    expect(metricsAccessMode({ token: TOKEN, publicEntry: false, trustProxy: false })).toBe('token');
    expect(metricsAccessMode({ publicEntry: false, trustProxy: false })).toBe('open');
    expect(metricsAccessMode({ publicEntry: true, trustProxy: false })).toBe('loopback');
    expect(metricsAccessMode({ publicEntry: true, trustProxy: true })).toBe('closed');
  });

  it('with a token, lets in only its bearer, from anywhere', () => {
    expect(metricsVerdict('token', { ...local, authorization: `Bearer ${TOKEN}` }, TOKEN)).toBe('allowed');
    expect(
      metricsVerdict(
        'token',
        { socketAddress: '203.0.113.9', forwarded: true, authorization: `Bearer ${TOKEN}` },
        TOKEN,
      ),
    ).toBe('allowed');
    expect(metricsVerdict('token', local, TOKEN)).toBe('unauthorized');
    expect(metricsVerdict('token', { ...local, authorization: `Bearer ${TOKEN}x` }, TOKEN)).toBe('unauthorized');
    expect(metricsVerdict('token', { ...local, authorization: TOKEN }, TOKEN)).toBe('unauthorized');
    expect(metricsVerdict('token', { ...local, authorization: 'Bearer ' }, undefined)).toBe('unauthorized');
  });

  it('without a token, the gateway answers only its own machine, never through a proxy', () => {
    expect(metricsVerdict('loopback', local)).toBe('allowed');
    expect(metricsVerdict('loopback', { socketAddress: '::1', forwarded: false })).toBe('allowed');
    expect(metricsVerdict('loopback', { socketAddress: '::ffff:127.0.0.1', forwarded: false })).toBe('allowed');
    expect(metricsVerdict('loopback', { socketAddress: '10.0.0.8', forwarded: false })).toBe('forbidden');
    expect(metricsVerdict('loopback', { ...local, forwarded: true })).toBe('forbidden');
    expect(metricsVerdict('loopback', { forwarded: false })).toBe('forbidden');
    expect(metricsVerdict('closed', local)).toBe('forbidden');
    expect(metricsVerdict('open', { socketAddress: '10.0.0.8', forwarded: true })).toBe('allowed');
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '1270::1', '', undefined].some(isLoopback)).toBe(false);
  });
});
