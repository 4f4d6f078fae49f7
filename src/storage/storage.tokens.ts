export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');
/** Where reads go: a read replica's connection when READ_DATABASE_URL is set, else the primary's. */
export const READ_DATABASE_CONNECTION = Symbol('READ_DATABASE_CONNECTION');
/** A Prisma client over READ_DATABASE_CONNECTION (the primary's own client when there is no replica). */
export const READ_PRISMA = Symbol('READ_PRISMA');
/** The migrations this build ships, read once: applied at start, the newest checked by readiness. */
export const MIGRATIONS = Symbol('MIGRATIONS');
