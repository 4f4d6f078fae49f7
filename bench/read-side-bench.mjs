// Times the read side's real SQL (as the repositories build it) with EXPLAIN ANALYZE.
// Usage: npm run build && BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cim_bench node bench/read-side-bench.mjs
// Fill the database first with bench/read-side-explain.sql (about 1,000,000 messages).
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../dist/storage/generated/prisma/client.js';
import { ConversationRepository } from '../dist/storage/conversation.repository.js';
import { CollaborationRepository } from '../dist/storage/collaboration.repository.js';
import { ExportRepository } from '../dist/storage/export.repository.js';
import { ReportRepository } from '../dist/storage/report.repository.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('Set BENCH_DATABASE_URL');
// JIT off, as the service runs its aggregate queries (src/storage/analytics-query.ts).
const pool = new pg.Pool({ connectionString: url, max: 2, options: '-c jit=off' });
const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });

// Capture the SQL each repository sends, then run it again under EXPLAIN ANALYZE.
let captured = [];
const capturing = new Proxy(prisma, {
  get(target, prop) {
    if (prop === '$queryRaw') {
      return (sql, ...rest) => {
        if (sql?.sql !== undefined) captured.push(sql);
        return target.$queryRaw(sql, ...rest);
      };
    }
    return Reflect.get(target, prop);
  },
});

async function measure(label, run) {
  captured = [];
  const started = performance.now();
  await run();
  const wall = performance.now() - started;
  for (const sql of captured) {
    const sqlText = sql.sql.replace(
      /\?/g,
      (() => {
        let i = 0;
        return () => `$${++i}`;
      })(),
    );
    const { rows } = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sqlText}`, sql.values);
    const plan = rows[0]['QUERY PLAN'][0];
    if (process.env.BENCH_PLAN && label.includes(process.env.BENCH_PLAN)) {
      const text = await pool.query(`EXPLAIN (ANALYZE) ${sqlText}`, sql.values);
      console.log(text.rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    console.log(
      `${label.padEnd(58)} execution ${plan['Execution Time'].toFixed(1).padStart(8)} ms   (call ${wall.toFixed(1)} ms)`,
    );
  }
}

const conversations = new ConversationRepository(capturing);
const collaboration = new CollaborationRepository(capturing);
const exports = new ExportRepository(capturing);
const reports = new ReportRepository(capturing);
const from = new Date('2026-01-03T00:00:00Z');
const to = new Date('2026-01-10T00:00:00Z');
const { rows: counts } = await pool.query(
  'SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM conversations) AS conversations, (SELECT count(*) FROM events) AS events',
);
console.log(`data: ${JSON.stringify(counts[0])}`);

for (const view of ['AGENT', 'CUSTOMER']) {
  await measure(`conversations page (${view}, 2-day range, channel)`, () =>
    conversations.findPage(
      { from: new Date('2026-01-05'), to: new Date('2026-01-07'), channelId: 'ch3' },
      view,
      21,
      null,
    ),
  );
  await measure(`conversations totalCount (${view}, 2-day range)`, () =>
    conversations.count({ from: new Date('2026-01-05'), to: new Date('2026-01-07') }, view),
  );
  await measure(`conversations page (${view}, agent filter)`, () =>
    conversations.findPage({ agentId: 'agent7' }, view, 21, null),
  );
  const ids = Array.from({ length: 100 }, (_, i) => `c${1000 + i}`);
  await measure(`messageCount x100 (${view})`, () => conversations.countMessages(ids, view));
  await measure(`participants x100 (${view})`, () => conversations.findParticipants(ids, view));
  await measure(`lastMessage x100 (${view})`, () => conversations.findLastMessages(ids, view));
  await measure(`export page of 500 (${view})`, () =>
    exports.findMessagePage('c500', view, null, 500),
  );
}
await measure('conversations page (AGENT, hasWhispers)', () =>
  conversations.findPage({ hasWhispers: true }, 'AGENT', 21, null),
);
for (const groupBy of ['channel', 'agent']) {
  for (const bucket of ['day', 'hour']) {
    await measure(`report 7 days by ${groupBy} per ${bucket}`, () =>
      reports.report({ from, to, bucket, groupBy }),
    );
  }
}
await measure('report 1 day by channel per hour', () =>
  reports.report({
    from,
    to: new Date('2026-01-04T00:00:00Z'),
    bucket: 'hour',
    groupBy: 'channel',
  }),
);
await measure('agentCollaboration 7 days', () => collaboration.agentCollaboration({ from, to }));
await measure('agentCollaboration 7 days, one agent', () =>
  collaboration.agentCollaboration({ from, to, agentId: 'agent7' }),
);
await prisma.$disconnect();
await pool.end();
