import { describe, expect, it } from '@jest/globals';
import { ConfigError, MIN_SECRET_LENGTH, loadConfig, type AppConfig } from './app-config.js';

const DEFAULTS: AppConfig = {
  databaseUrl: undefined,
  readDatabaseUrl: undefined,
  dataDir: './data',
  port: 3000,
  host: '0.0.0.0',
  apiKeys: [],
  maxEventBytes: 1_048_576,
  maxBatchEvents: 1000,
  databasePoolSize: 10,
  migrationsDir: 'prisma/migrations',
  consoleDir: 'dist/web',
  logLevel: 'info',
  graphqlIntrospection: true,
  graphqlMaxDepth: 8,
  graphqlMaxComplexity: 10_000,
  metricsEnabled: false,
  commitMaxBatch: 500,
  commitConcurrency: 2,
  retentionDays: null,
  retentionIntervalMinutes: 60,
  retentionBatchSize: 20,
};

const SECRET = 'correct-horse-battery-staple';
const SHORT_SECRET = 'fifteen-chars!!';

const apiKeys = (...keys: unknown[]) => ({ API_KEYS: JSON.stringify(keys) });

/** Matches the ConfigError that `loadConfig` must throw, with exactly these problems. */
const configError = (problems: string[]) =>
  expect.objectContaining({
    name: 'ConfigError',
    problems,
    message: `Invalid configuration:\n  - ${problems.join('\n  - ')}`,
  });

describe(loadConfig.name, () => {
  it('should use the documented defaults when the environment is empty', () => {
    expect(loadConfig({})).toEqual(DEFAULTS);
  });

  it('should use the defaults when every variable is an empty string', () => {
    const env = {
      DATABASE_URL: '',
      DATA_DIR: '',
      PORT: '',
      HOST: '',
      API_KEYS: '',
      MAX_EVENT_BYTES: '',
      MAX_BATCH_EVENTS: '',
      DATABASE_POOL_SIZE: '',
      MIGRATIONS_DIR: '',
      METRICS_ENABLED: '',
      COMMIT_MAX_BATCH: '',
      COMMIT_CONCURRENCY: '',
    };

    expect(loadConfig(env)).toEqual(DEFAULTS);
  });

  it('should read every variable when each is set to a valid value', () => {
    const env = {
      DATABASE_URL: 'postgresql://app:pw@db:5432/transcripts',
      DATA_DIR: '/var/lib/transcripts',
      PORT: '8080',
      HOST: '127.0.0.1',
      API_KEYS: JSON.stringify([{ name: 'ingest', secret: SECRET, scopes: ['events:write'] }]),
      MAX_EVENT_BYTES: '2048',
      MAX_BATCH_EVENTS: '50',
      DATABASE_POOL_SIZE: '4',
      MIGRATIONS_DIR: 'dist/migrations',
      CONSOLE_DIR: '/srv/console',
      LOG_LEVEL: 'debug',
      METRICS_ENABLED: 'true',
      COMMIT_MAX_BATCH: '64',
      COMMIT_CONCURRENCY: '3',
      RETENTION_DAYS: '365',
      RETENTION_INTERVAL_MINUTES: '15',
      RETENTION_BATCH_SIZE: '50',
    };

    expect(loadConfig(env)).toEqual({
      databaseUrl: 'postgresql://app:pw@db:5432/transcripts',
      dataDir: '/var/lib/transcripts',
      port: 8080,
      host: '127.0.0.1',
      apiKeys: [{ name: 'ingest', secret: SECRET, scopes: ['events:write'] }],
      maxEventBytes: 2048,
      maxBatchEvents: 50,
      databasePoolSize: 4,
      migrationsDir: 'dist/migrations',
      consoleDir: '/srv/console',
      logLevel: 'debug',
      graphqlIntrospection: true,
      graphqlMaxDepth: 8,
      graphqlMaxComplexity: 10_000,
      metricsEnabled: true,
      commitMaxBatch: 64,
      commitConcurrency: 3,
      retentionDays: 365,
      retentionIntervalMinutes: 15,
      retentionBatchSize: 50,
    });
  });

  it.each(['0', '-3', '1.5', 'forever'])('should refuse RETENTION_DAYS=%s, naming it', (value) => {
    expect(() => loadConfig({ RETENTION_DAYS: value })).toThrow(
      /RETENTION_DAYS must be an integer/,
    );
  });

  it('should keep everything forever when RETENTION_DAYS is unset or empty', () => {
    expect(loadConfig({}).retentionDays).toBeNull();
    expect(loadConfig({ RETENTION_DAYS: ' ' }).retentionDays).toBeNull();
  });

  it.each([
    { env: {}, expected: true },
    { env: { NODE_ENV: 'production' }, expected: false },
    { env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }, expected: true },
    { env: { GRAPHQL_INTROSPECTION: 'false' }, expected: false },
    { env: { GRAPHQL_INTROSPECTION: '0' }, expected: false },
  ])(
    'should set graphqlIntrospection to $expected when the environment is $env',
    ({ env, expected }) => {
      expect(loadConfig(env).graphqlIntrospection).toBe(expected);
    },
  );

  it('should name GRAPHQL_INTROSPECTION when it is not a boolean', () => {
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'maybe' })).toThrow(
      configError(['GRAPHQL_INTROSPECTION must be true or false (got "maybe")']),
    );
  });

  it.each([
    { label: 'unset', value: undefined, expected: undefined },
    { label: 'empty', value: '', expected: undefined },
    { label: 'a postgresql:// URL', value: 'postgresql://u@h/db', expected: 'postgresql://u@h/db' },
    {
      label: 'a postgres:// URL',
      value: 'postgres://u@h:5433/db',
      expected: 'postgres://u@h:5433/db',
    },
  ])('should set databaseUrl to $expected when DATABASE_URL is $label', ({ value, expected }) => {
    expect(loadConfig({ DATABASE_URL: value }).databaseUrl).toBe(expected);
  });

  it.each([
    { label: 'a MySQL URL', value: 'mysql://u@h/db' },
    { label: 'a file path', value: './data/pg' },
    { label: 'missing its scheme separator', value: 'postgresql:u@h/db' },
  ])('should reject DATABASE_URL when it is $label', ({ value }) => {
    expect(() => loadConfig({ DATABASE_URL: value })).toThrow(
      configError([
        'DATABASE_URL must be a postgresql:// URL (unset it to use the embedded database)',
      ]),
    );
  });

  it('should take READ_DATABASE_URL as the read replica beside DATABASE_URL', () => {
    const sut = loadConfig({
      DATABASE_URL: 'postgresql://u@primary/db',
      READ_DATABASE_URL: 'postgresql://u@replica/db',
    });
    expect(sut.readDatabaseUrl).toBe('postgresql://u@replica/db');
  });

  it.each([
    {
      label: 'not a PostgreSQL URL',
      env: { DATABASE_URL: 'postgresql://u@h/db', READ_DATABASE_URL: 'mysql://u@h/db' },
      problem: 'READ_DATABASE_URL must be a postgresql:// URL (a read replica of DATABASE_URL)',
    },
    {
      label: 'set without DATABASE_URL',
      env: { READ_DATABASE_URL: 'postgresql://u@replica/db' },
      problem: 'READ_DATABASE_URL needs DATABASE_URL: the embedded database has no replicas',
    },
  ])('should reject READ_DATABASE_URL when it is $label', ({ env, problem }) => {
    expect(() => loadConfig(env)).toThrow(configError([problem]));
  });

  it.each([
    { name: 'PORT', value: '0', key: 'port', expected: 0 },
    { name: 'PORT', value: '65535', key: 'port', expected: 65535 },
    { name: 'MAX_EVENT_BYTES', value: '1024', key: 'maxEventBytes', expected: 1024 },
    { name: 'MAX_BATCH_EVENTS', value: '1', key: 'maxBatchEvents', expected: 1 },
    { name: 'MAX_BATCH_EVENTS', value: '100000', key: 'maxBatchEvents', expected: 100_000 },
    { name: 'DATABASE_POOL_SIZE', value: '1000', key: 'databasePoolSize', expected: 1000 },
  ] as const)(
    'should read $name as $expected when it is "$value"',
    ({ name, value, key, expected }) => {
      expect(loadConfig({ [name]: value })[key]).toBe(expected);
    },
  );

  it.each([
    { name: 'PORT', value: 'http', range: '0 to 65535' },
    { name: 'PORT', value: '-1', range: '0 to 65535' },
    { name: 'PORT', value: '65536', range: '0 to 65535' },
    { name: 'PORT', value: '3000.5', range: '0 to 65535' },
    { name: 'MAX_EVENT_BYTES', value: '1023', range: '1024 to 9007199254740991' },
    { name: 'MAX_EVENT_BYTES', value: '1MB', range: '1024 to 9007199254740991' },
    { name: 'MAX_EVENT_BYTES', value: '9007199254740992', range: '1024 to 9007199254740991' },
    { name: 'MAX_BATCH_EVENTS', value: '0', range: '1 to 100000' },
    { name: 'MAX_BATCH_EVENTS', value: '100001', range: '1 to 100000' },
    { name: 'DATABASE_POOL_SIZE', value: '0', range: '1 to 1000' },
    { name: 'DATABASE_POOL_SIZE', value: 'ten', range: '1 to 1000' },
  ])('should reject $name when it is "$value"', ({ name, value, range }) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      configError([`${name} must be an integer from ${range} (got "${value}")`]),
    );
  });

  it.each([
    { value: 'true', expected: true },
    { value: 'ON', expected: true },
    { value: '1', expected: true },
    { value: 'false', expected: false },
    { value: 'no', expected: false },
    { value: '0', expected: false },
  ])(
    'should set metricsEnabled to $expected when METRICS_ENABLED is "$value"',
    ({ value, expected }) => {
      expect(loadConfig({ METRICS_ENABLED: value }).metricsEnabled).toBe(expected);
    },
  );

  it('should reject METRICS_ENABLED when it is not a boolean', () => {
    expect(() => loadConfig({ METRICS_ENABLED: 'maybe' })).toThrow(
      configError(['METRICS_ENABLED must be true or false (got "maybe")']),
    );
  });

  it.each(['silent', 'error', 'warn', 'info', 'debug'] as const)(
    'should set logLevel when LOG_LEVEL is %s',
    (level) => {
      expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
    },
  );

  it.each(['verbose', 'INFO'])('should reject LOG_LEVEL when it is "%s"', (level) => {
    expect(() => loadConfig({ LOG_LEVEL: level })).toThrow(
      configError([`LOG_LEVEL must be one of silent, error, warn, info, debug (got "${level}")`]),
    );
  });

  it.each([
    { label: 'unset', env: {} },
    { label: 'empty', env: { API_KEYS: '' } },
    { label: 'blank', env: { API_KEYS: '  \n' } },
    { label: 'an empty array', env: { API_KEYS: '[]' } },
  ])('should configure no keys when API_KEYS is $label', ({ env }) => {
    expect(loadConfig(env).apiKeys).toEqual([]);
  });

  it('should keep each key with its scopes deduplicated when API_KEYS is valid', () => {
    const env = apiKeys(
      { name: 'ingest', secret: SECRET, scopes: ['events:write', 'events:write'] },
      {
        name: 'agent-desk',
        secret: 'x'.repeat(MIN_SECRET_LENGTH),
        scopes: ['transcripts:agent', 'audit:read'],
      },
    );

    expect(loadConfig(env).apiKeys).toEqual([
      { name: 'ingest', secret: SECRET, scopes: ['events:write'] },
      { name: 'agent-desk', secret: 'x'.repeat(16), scopes: ['transcripts:agent', 'audit:read'] },
    ]);
  });

  it.each([
    { label: 'truncated', raw: `[{"name":"ingest","secret":"${SECRET}"` },
    { label: 'a trailing comma', raw: `[{"name":"ingest","secret":"${SECRET}","scopes":[]},]` },
    { label: 'single-quoted', raw: `[{'name':'ingest','secret':'${SECRET}'}]` },
  ])('should reject API_KEYS without echoing it when the JSON is $label', ({ raw }) => {
    expect(() => loadConfig({ API_KEYS: raw })).toThrow(
      configError(['API_KEYS is not valid JSON (expected [{"name","secret","scopes"}])']),
    );
    expect(() => loadConfig({ API_KEYS: raw })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(SECRET) }),
    );
  });

  it.each([
    {
      label: 'an object',
      raw: JSON.stringify({ name: 'ingest', secret: SECRET, scopes: ['events:write'] }),
    },
    { label: 'a string', raw: '"events:write"' },
    { label: 'null', raw: 'null' },
    { label: 'a number', raw: '1' },
  ])('should reject API_KEYS when it is $label instead of an array', ({ raw }) => {
    expect(() => loadConfig({ API_KEYS: raw })).toThrow(
      configError(['API_KEYS must be a JSON array of {"name","secret","scopes"}']),
    );
  });

  it.each([
    { label: 'null', item: null },
    { label: 'a string', item: SECRET },
    { label: 'a number', item: 3 },
  ])('should name the item when an API_KEYS item is $label', ({ item }) => {
    expect(() => loadConfig(apiKeys(item))).toThrow(configError(['API_KEYS[0] must be an object']));
  });

  it.each([
    { label: 'missing', name: undefined },
    { label: 'empty', name: '' },
    { label: 'blank', name: '   ' },
    { label: 'a number', name: 7 },
  ])('should name API_KEYS[0].name when the name is $label', ({ name }) => {
    expect(() => loadConfig(apiKeys({ name, secret: SECRET, scopes: ['events:write'] }))).toThrow(
      configError(['API_KEYS[0].name must be a non-empty string']),
    );
  });

  it.each([
    { label: '15 characters', secret: SHORT_SECRET },
    { label: '1 character', secret: 's' },
    { label: 'empty', secret: '' },
  ])('should reject the secret when it is $label', ({ secret }) => {
    const env = apiKeys({ name: 'ingest', secret, scopes: ['events:write'] });

    expect(() => loadConfig(env)).toThrow(
      configError(['API_KEYS[0].secret must be a string of at least 16 characters']),
    );
  });

  it('should keep the short secret out of the message when the secret is too short', () => {
    const env = apiKeys({ name: 'ingest', secret: SHORT_SECRET, scopes: ['events:write'] });

    expect(SHORT_SECRET).toHaveLength(MIN_SECRET_LENGTH - 1);
    expect(() => loadConfig(env)).toThrow(
      expect.objectContaining({
        problems: ['API_KEYS[0].secret must be a string of at least 16 characters'],
        message: expect.not.stringContaining(SHORT_SECRET),
      }),
    );
  });

  it.each([
    { label: 'missing', secret: undefined },
    { label: 'a number', secret: 1234567890123456 },
    { label: 'an array', secret: [SECRET] },
  ])('should name API_KEYS[0].secret when the secret is $label', ({ secret }) => {
    expect(() => loadConfig(apiKeys({ name: 'ingest', secret, scopes: ['events:write'] }))).toThrow(
      configError(['API_KEYS[0].secret must be a string of at least 16 characters']),
    );
  });

  it.each([
    {
      label: 'a scope is unknown',
      keys: [{ name: 'ingest', secret: SECRET, scopes: ['events:write', 'admin'] }],
      problems: ['API_KEYS[0].scopes has unknown scope "admin"'],
    },
    {
      label: 'several scopes are unknown',
      keys: [{ name: 'ingest', secret: SECRET, scopes: ['events:read', 42, null] }],
      problems: [
        'API_KEYS[0].scopes has unknown scope "events:read"',
        'API_KEYS[0].scopes has unknown scope 42',
        'API_KEYS[0].scopes has unknown scope null',
      ],
    },
    {
      label: 'a name is used twice',
      keys: [
        { name: 'ingest', secret: SECRET, scopes: ['events:write'] },
        { name: 'ingest', secret: `${SECRET}-2`, scopes: ['reports:read'] },
      ],
      problems: ['API_KEYS[1].name "ingest" is used twice'],
    },
    {
      label: 'the scopes are empty',
      keys: [{ name: 'ingest', secret: SECRET, scopes: [] }],
      problems: ['API_KEYS[0].scopes must be a non-empty array of scopes'],
    },
    {
      label: 'the scopes are missing',
      keys: [{ name: 'ingest', secret: SECRET }],
      problems: ['API_KEYS[0].scopes must be a non-empty array of scopes'],
    },
    {
      label: 'the scopes are a string',
      keys: [{ name: 'ingest', secret: SECRET, scopes: 'events:write' }],
      problems: ['API_KEYS[0].scopes must be a non-empty array of scopes'],
    },
  ])('should report it without the secret when $label', ({ keys, problems }) => {
    expect(() => loadConfig(apiKeys(...keys))).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        problems,
        message: expect.not.stringContaining(SECRET),
      }),
    );
  });

  it('should number the items when a later API_KEYS item is wrong', () => {
    const env = apiKeys(
      { name: 'ingest', secret: SECRET, scopes: ['events:write'] },
      { name: 'reports', secret: SECRET, scopes: ['reports:read'] },
      { name: 'audit', secret: SHORT_SECRET, scopes: ['audit'] },
    );

    expect(() => loadConfig(env)).toThrow(
      configError([
        'API_KEYS[2].secret must be a string of at least 16 characters',
        'API_KEYS[2].scopes has unknown scope "audit"',
      ]),
    );
  });

  it('should throw a ConfigError when the configuration is invalid', () => {
    expect(() => loadConfig({ PORT: 'x' })).toThrow(ConfigError);
  });

  it('should report every problem at once when several variables are wrong', () => {
    const env = {
      LOG_LEVEL: 'loud',
      DATABASE_URL: 'mysql://u@h/db',
      PORT: 'eighty',
      API_KEYS: JSON.stringify([
        { name: '', secret: SHORT_SECRET, scopes: ['nope'] },
        { name: 'ok', secret: SECRET, scopes: ['events:write'] },
        42,
      ]),
      MAX_EVENT_BYTES: '10',
      MAX_BATCH_EVENTS: '0',
      DATABASE_POOL_SIZE: '5000',
    };

    expect(() => loadConfig(env)).toThrow(
      configError([
        'LOG_LEVEL must be one of silent, error, warn, info, debug (got "loud")',
        'DATABASE_URL must be a postgresql:// URL (unset it to use the embedded database)',
        'PORT must be an integer from 0 to 65535 (got "eighty")',
        'API_KEYS[0].name must be a non-empty string',
        'API_KEYS[0].secret must be a string of at least 16 characters',
        'API_KEYS[0].scopes has unknown scope "nope"',
        'API_KEYS[2] must be an object',
        'MAX_EVENT_BYTES must be an integer from 1024 to 9007199254740991 (got "10")',
        'MAX_BATCH_EVENTS must be an integer from 1 to 100000 (got "0")',
        'DATABASE_POOL_SIZE must be an integer from 1 to 1000 (got "5000")',
      ]),
    );
    expect(() => loadConfig(env)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(SHORT_SECRET) }),
    );
  });
});

describe(ConfigError.name, () => {
  it.each([
    { problems: ['one'], message: 'Invalid configuration:\n  - one' },
    { problems: ['one', 'two'], message: 'Invalid configuration:\n  - one\n  - two' },
  ])('should list each problem on its own line when given $problems', ({ problems, message }) => {
    const sut = new ConfigError(problems);

    expect(sut).toBeInstanceOf(Error);
    expect(sut.name).toBe('ConfigError');
    expect(sut.message).toBe(message);
    expect(sut.problems).toEqual(problems);
  });
});
