// klavi-sandbox's settings: flags over environment variables over the config file, each value
// checked, and a bad one refused naming the flag, the variable or the field.
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../src/config.js';

const files = (content: Record<string, unknown> | string) => () =>
  typeof content === 'string' ? content : JSON.stringify(content);
const run = (argv: string[], env: Record<string, string> = {}, read?: (path: string) => string) => {
  const resolved = resolveConfig(argv, env, read);
  if (resolved.kind !== 'run') throw new Error(`expected settings, got ${resolved.kind}`);
  return resolved.settings;
};

describe('resolveConfig', () => {
  it('defaults to 127.0.0.1:4010, the system clock and memory only', () => {
    expect(run([])).toEqual({ port: 4010, host: '127.0.0.1', quiet: false });
  });

  it('takes PORT and HOST as containers set them, and the KLAVI_SANDBOX_ variables over those', () => {
    expect(run([], { PORT: '8080', HOST: '0.0.0.0' })).toMatchObject({ port: 8080, host: '0.0.0.0' });
    expect(run([], { PORT: '8080', KLAVI_SANDBOX_PORT: '9090' })).toMatchObject({ port: 9090 });
  });

  it('puts flags over variables over the config file', () => {
    const read = files({ port: 7000, seed: 3, clock: '2026-11-21T12:00:00Z', maxRecords: 50, quiet: true });
    expect(run(['--config', 'sandbox.json'], {}, read)).toEqual({
      port: 7000,
      host: '127.0.0.1',
      seed: 3,
      clock: Date.parse('2026-11-21T12:00:00Z'),
      maxRecords: 50,
      quiet: true,
    });
    expect(run(['--config', 'sandbox.json'], { KLAVI_SANDBOX_SEED: '4' }, read)).toMatchObject({ seed: 4 });
    expect(run(['--config', 'sandbox.json', '--seed', '5'], { KLAVI_SANDBOX_SEED: '4' }, read)).toMatchObject({
      seed: 5,
    });
    expect(run([], { KLAVI_SANDBOX_CONFIG: 'sandbox.json' }, read)).toMatchObject({ port: 7000 });
  });

  it('reads the clock as system, an ISO 8601 time with a zone, or epoch milliseconds', () => {
    expect(run(['--clock', 'system'])).toMatchObject({ clock: 'system' });
    expect(run(['--clock', '2026-11-21T09:00:00-03:00'])).toMatchObject({ clock: Date.parse('2026-11-21T12:00:00Z') });
    expect(run([], { KLAVI_SANDBOX_CLOCK: '1795000000000' })).toMatchObject({ clock: 1_795_000_000_000 });
  });

  it('takes credentials and apps from the config file', () => {
    const credentials = {
      CustomerBearer: [{ accessKey: 'ck', secretKey: 'cs', merchantId: 'm1', appId: 'a1' }],
      ManagementBearer: [{ accessKey: 'mk', secretKey: 'ms', merchantId: 'm1' }],
    };
    const apps = [{ appId: 'a1', name: 'Shop', merchantId: 'm1' }];
    expect(run(['--config', 'c.json'], {}, files({ credentials, apps }))).toMatchObject({ credentials, apps });
  });

  it.each([
    [['--port', 'many'], {}, '--port must be an integer from 0 to 65535, got "many"'],
    [[], { PORT: '70000' }, 'PORT must be an integer from 0 to 65535, got "70000"'],
    [['--seed', '1.5'], {}, '--seed must be an integer, got "1.5"'],
    [['--max-records', '0'], {}, '--max-records must be an integer from 1'],
    [['--clock', 'tomorrow'], {}, "--clock must be 'system' or an ISO 8601 time with a zone"],
    [['--clock', '2026-11-21T12:00:00'], {}, "--clock must be 'system' or an ISO 8601 time with a zone"],
    [[], { KLAVI_SANDBOX_QUIET: 'maybe' }, 'KLAVI_SANDBOX_QUIET must be 1 or 0'],
    [['--data', ''], {}, '--data needs a file name'],
    [['--nope'], {}, "Unknown option '--nope'"],
  ])('refuses %j %j, naming where the value came from', (argv, env, message) => {
    expect(() => resolveConfig(argv, env as Record<string, string>)).toThrow(ConfigError);
    expect(() => resolveConfig(argv, env as Record<string, string>)).toThrow(message);
  });

  it('refuses a config file that cannot be read, is not JSON or does not fit, naming the field', () => {
    expect(() =>
      resolveConfig(['--config', 'x.json'], {}, () => {
        throw new Error('ENOENT: no such file');
      }),
    ).toThrow('--config: cannot read x.json: ENOENT: no such file');
    expect(() => resolveConfig(['--config', 'x.json'], {}, files('{port: 1}'))).toThrow('--config: x.json is not JSON');
    expect(() => resolveConfig(['--config', 'x.json'], {}, files({ port: 'high' }))).toThrow(
      '--config: x.json: config.port must be of type integer',
    );
    expect(() => resolveConfig(['--config', 'x.json'], {}, files({ prot: 1 }))).toThrow(/prot/);
    expect(() =>
      resolveConfig(['--config', 'x.json'], {}, files({ __proto__: null, constructor: 1 } as never)),
    ).toThrow(/constructor/);
    const credentials = {
      CustomerBearer: [{ accessKey: 'ck', secretKey: 'cs', merchantId: 'm1' }],
      ManagementBearer: [{ accessKey: 'mk', secretKey: 'ms', merchantId: 'm1' }],
    };
    expect(() => resolveConfig(['--config', 'x.json'], {}, files({ credentials }))).toThrow(
      /config\.credentials\.CustomerBearer\[0\]\.appId is required/,
    );
  });

  it('refuses a Customer pair whose app is not one of its merchant', () => {
    const credentials = {
      CustomerBearer: [{ accessKey: 'ck', secretKey: 'cs', merchantId: 'm1', appId: 'a9' }],
      ManagementBearer: [{ accessKey: 'mk', secretKey: 'ms', merchantId: 'm1' }],
    };
    expect(() =>
      resolveConfig(
        ['--config', 'x.json'],
        {},
        files({ credentials, apps: [{ appId: 'a1', name: 'Shop', merchantId: 'm1' }] }),
      ),
    ).toThrow('x.json: credentials.CustomerBearer[0].appId a9 is not an app of merchant m1 in apps');
  });

  it('takes the public URL of the bank links from a flag, a variable or the file, and refuses one that is not a URL', () => {
    expect(run(['--public-url', 'http://localhost:8080/'])).toMatchObject({ publicUrl: 'http://localhost:8080' });
    expect(run([], { KLAVI_SANDBOX_PUBLIC_URL: 'https://sandbox.example.com' })).toMatchObject({
      publicUrl: 'https://sandbox.example.com',
    });
    expect(run(['--config', 'c.json'], {}, files({ publicUrl: 'https://sandbox.example.com/klavi' }))).toMatchObject({
      publicUrl: 'https://sandbox.example.com/klavi',
    });
    expect(run([])).not.toHaveProperty('publicUrl');
    expect(() => resolveConfig(['--public-url', 'localhost:8080'], {})).toThrow(
      /--public-url: publicUrl must be an absolute http or https URL/,
    );
  });

  it('takes the webhook URL from a flag, a variable or the file, per app too, and refuses one that is not http(s)', () => {
    expect(run(['--webhook-url', 'http://127.0.0.1:3000/hook'])).toMatchObject({
      webhookUrl: 'http://127.0.0.1:3000/hook',
    });
    expect(run([], { KLAVI_SANDBOX_WEBHOOK_URL: 'https://shop.example/klavi' })).toMatchObject({
      webhookUrl: 'https://shop.example/klavi',
    });
    expect(run(['--config', 'c.json'], {}, files({ webhookUrl: 'https://shop.example/events' }))).toMatchObject({
      webhookUrl: 'https://shop.example/events',
    });
    const apps = [{ appId: 'app-1', name: 'Shop', merchantId: 'merchant-1', webhookUrl: 'https://shop.example/a' }];
    expect(run(['--config', 'c.json'], {}, files({ apps })).apps).toEqual(apps);
    expect(run([])).not.toHaveProperty('webhookUrl');
    expect(() => resolveConfig(['--webhook-url', 'ftp://shop.example'], {})).toThrow(
      '--webhook-url must be an absolute http or https URL without credentials or fragment, got "ftp://shop.example"',
    );
    expect(() =>
      resolveConfig(['--config', 'c.json'], {}, files({ apps: [{ ...apps[0], webhookUrl: 'nope' }] })),
    ).toThrow('c.json: apps[0].webhookUrl must be an absolute http or https URL');
  });

  it('answers --help and --version before anything else', () => {
    expect(resolveConfig(['--help', '--port', 'bad'])).toEqual({ kind: 'help' });
    expect(resolveConfig(['--version'])).toEqual({ kind: 'version' });
  });
});
