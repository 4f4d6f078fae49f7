import { isScope, type Scope } from '../auth/scopes.js';

export const MIN_SECRET_LENGTH = 16;

export interface ConfiguredApiKey {
  name: string;
  secret: string;
  scopes: Scope[];
}

export interface AppConfig {
  /** PostgreSQL URL; undefined means the embedded PGlite database in `dataDir`. */
  databaseUrl: string | undefined;
  /** A read replica for the read side (GraphQL reads, exports); unset: reads use DATABASE_URL. */
  readDatabaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  apiKeys: ConfiguredApiKey[];
  maxEventBytes: number;
  maxBatchEvents: number;
  databasePoolSize: number;
  migrationsDir: string;
  /** The built supervisor console served at /console (npm run build writes it). */
  consoleDir: string;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** GraphQL introspection; default on unless NODE_ENV=production. */
  graphqlIntrospection: boolean;
  /** Deepest GraphQL selection accepted. */
  graphqlMaxDepth: number;
  /** Largest estimated GraphQL cost accepted (list fields count `first` times). */
  graphqlMaxComplexity: number;
  /** Serve Prometheus metrics at /metrics (without authentication: expose it on an internal network only). */
  metricsEnabled: boolean;
  /** Group commit: most single events one transaction carries. */
  commitMaxBatch: number;
  /** Group commit: most transactions in flight at once (each holds a pool connection). */
  commitConcurrency: number;
  /** Erase conversations whose last activity is older than this many days; null: keep forever. */
  retentionDays: number | null;
  /** Minutes between retention passes (one runs at start too). */
  retentionIntervalMinutes: number;
  /** Conversations erased per retention transaction. */
  retentionBatchSize: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** The only reader of the environment: validates everything at boot and fails with every problem at once. */
export function loadConfig(env: Env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['silent', 'error', 'warn', 'info', 'debug'].includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of silent, error, warn, info, debug (got "${logLevel}")`);
  }
  const bool = (name: string, fallback: boolean) => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must be a postgresql:// URL (unset it to use the embedded database)',
    );
  }
  const readDatabaseUrl = env.READ_DATABASE_URL === '' ? undefined : env.READ_DATABASE_URL;
  if (readDatabaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(readDatabaseUrl)) {
    problems.push('READ_DATABASE_URL must be a postgresql:// URL (a read replica of DATABASE_URL)');
  } else if (readDatabaseUrl !== undefined && databaseUrl === undefined) {
    problems.push('READ_DATABASE_URL needs DATABASE_URL: the embedded database has no replicas');
  }
  const config: AppConfig = {
    databaseUrl,
    readDatabaseUrl,
    dataDir: env.DATA_DIR || './data',
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    apiKeys: parseApiKeys(env.API_KEYS, problems),
    maxEventBytes: int('MAX_EVENT_BYTES', 1_048_576, 1024),
    maxBatchEvents: int('MAX_BATCH_EVENTS', 1000, 1, 100_000),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
    retentionDays: env.RETENTION_DAYS?.trim() ? int('RETENTION_DAYS', 0, 1, 365_000) : null,
    retentionIntervalMinutes: int('RETENTION_INTERVAL_MINUTES', 60, 1, 525_600),
    retentionBatchSize: int('RETENTION_BATCH_SIZE', 20, 1, 10_000),
    migrationsDir: env.MIGRATIONS_DIR || 'prisma/migrations',
    consoleDir: env.CONSOLE_DIR || 'dist/web',
    logLevel: logLevel as AppConfig['logLevel'],
    graphqlIntrospection: bool('GRAPHQL_INTROSPECTION', env.NODE_ENV !== 'production'),
    graphqlMaxDepth: int('GRAPHQL_MAX_DEPTH', 8, 2, 100),
    graphqlMaxComplexity: int('GRAPHQL_MAX_COMPLEXITY', 10_000, 10, 10_000_000),
    metricsEnabled: bool('METRICS_ENABLED', false),
    commitMaxBatch: int('COMMIT_MAX_BATCH', 500, 1, 100_000),
    commitConcurrency: int('COMMIT_CONCURRENCY', 2, 1, 1000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function parseApiKeys(raw: string | undefined, problems: string[]): ConfiguredApiKey[] {
  if (raw === undefined || raw.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push('API_KEYS is not valid JSON (expected [{"name","secret","scopes"}])');
    return [];
  }
  if (!Array.isArray(parsed)) {
    problems.push('API_KEYS must be a JSON array of {"name","secret","scopes"}');
    return [];
  }
  const keys: ConfiguredApiKey[] = [];
  const names = new Set<string>();
  parsed.forEach((item: unknown, i) => {
    const at = `API_KEYS[${i}]`;
    if (typeof item !== 'object' || item === null) {
      problems.push(`${at} must be an object`);
      return;
    }
    const { name, secret, scopes } = item as Record<string, unknown>;
    const before = problems.length;
    if (typeof name !== 'string' || name.trim() === '')
      problems.push(`${at}.name must be a non-empty string`);
    else if (names.has(name)) problems.push(`${at}.name "${name}" is used twice`);
    if (typeof name === 'string') names.add(name);
    // Never echo the secret itself.
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      problems.push(`${at}.secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
    }
    if (!Array.isArray(scopes) || scopes.length === 0) {
      problems.push(`${at}.scopes must be a non-empty array of scopes`);
    } else {
      scopes
        .filter((s) => !isScope(s))
        .forEach((s) => problems.push(`${at}.scopes has unknown scope ${JSON.stringify(s)}`));
    }
    if (problems.length === before) {
      keys.push({
        name: name as string,
        secret: secret as string,
        scopes: [...new Set(scopes as Scope[])],
      });
    }
  });
  return keys;
}
