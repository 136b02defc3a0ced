import { loadConfig } from '#libs/config';
import { attachmentsEnvSchema as schema } from './attachments-env.js';

describe('attachment store settings', () => {
  it('defaults to the local folder, with a bucket ready for the NATS store', () => {
    expect(loadConfig('test', schema, {})).toEqual({
      ATTACHMENTS_STORE: 'folder',
      ATTACHMENTS_DIR: '.data/attachments',
      ATTACHMENTS_BUCKET: 'cw-attachments',
    });
    expect(
      loadConfig('test', schema, { ATTACHMENTS_STORE: 'nats', ATTACHMENTS_BUCKET: 'county_7-files' }),
    ).toMatchObject({ ATTACHMENTS_STORE: 'nats', ATTACHMENTS_BUCKET: 'county_7-files' });
  });

  it('names the variable and what it accepts when a value is wrong', () => {
    expect(() => loadConfig('test', schema, { ATTACHMENTS_STORE: 's3' })).toThrow(
      /ATTACHMENTS_STORE is malformed: must be "folder" .* or "nats"/,
    );
    expect(() => loadConfig('test', schema, { ATTACHMENTS_BUCKET: 'cw.attachments' })).toThrow(
      /ATTACHMENTS_BUCKET is malformed: letters, digits, "-" and "_" only/,
    );
  });
});
