import { natsConnectionOptions } from './nats-url.js';

describe('natsConnectionOptions', () => {
  it('takes a plain server URL as it is', () => {
    expect(natsConnectionOptions('nats://127.0.0.1:4222')).toEqual({ servers: ['nats://127.0.0.1:4222'] });
  });

  it('takes user and password out of the URL', () => {
    expect(natsConnectionOptions('nats://cw:s%40cret@nats.internal:4222')).toEqual({
      servers: ['nats://nats.internal:4222'],
      user: 'cw',
      pass: 's@cret',
    });
  });

  it('reads a lone user part as a token', () => {
    expect(natsConnectionOptions('tls://t0ken@nats.internal:4222')).toEqual({
      servers: ['tls://nats.internal:4222'],
      token: 't0ken',
    });
  });

  it('takes a comma-separated cluster with one set of credentials', () => {
    expect(natsConnectionOptions('nats://cw:pw@a:4222, nats://b:4222,nats://cw:pw@c:4222')).toEqual({
      servers: ['nats://a:4222', 'nats://b:4222', 'nats://c:4222'],
      user: 'cw',
      pass: 'pw',
    });
  });

  it.each([
    ['not a URL', '127.0.0.1:4222', /server 1 .*nats:\/\//],
    ['another protocol', 'http://127.0.0.1:4222', /server 1 must be a nats:\/\/ or tls:\/\//],
    ['an empty second server', 'nats://a:4222,', /server 2 is not a URL/],
    ['two sets of credentials', 'nats://a:1@a:4222,nats://b:2@b:4222', /different credentials/],
  ])('refuses %s without echoing the value', (_problem, value, message) => {
    expect(() => natsConnectionOptions(value)).toThrow(message);
    try {
      natsConnectionOptions(value);
    } catch (error) {
      expect((error as Error).message).not.toContain(value);
    }
  });
});
