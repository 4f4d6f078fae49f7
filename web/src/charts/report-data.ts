import type { ReportQuery } from '../gql/graphql';
import type { ChartData } from './chart';

type Rows = ReportQuery['conversationReport'];
type Whispers = ReportQuery['whispersByAgent'];

/** The chart tables, computed from the API's rows as they are (sums only, never re-estimated). */
export function chartsOf(rows: Rows, whispers: Whispers) {
  const buckets = [...new Set(rows.map((r) => r.bucket))].sort();
  const keys = [...new Set(rows.map((r) => r.key ?? '(none)'))].sort();
  const sum = (bucket: string, pick: (r: Rows[number]) => number) =>
    rows.filter((r) => r.bucket === bucket).reduce((n, r) => n + pick(r), 0);
  const perKey = (stat: 'firstResponse' | 'handleTime'): ChartData => ({
    header: ['bucket', ...keys.flatMap((k) => [`${k} median (s)`, `${k} p90 (s)`])],
    rows: buckets
      .map((b) => [
        b,
        ...keys.flatMap((k) => {
          const s = rows.find((r) => r.bucket === b && (r.key ?? '(none)') === k)?.[stat];
          return s ? [s.medianSeconds, s.p90Seconds] : [null, null];
        }),
      ])
      .filter((r) => r.slice(1).some((v) => v !== null)),
  });
  const agents = new Map<string, number>();
  for (const w of whispers) {
    const name = w.agent.name ? `${w.agent.name} (${w.agent.id})` : w.agent.id;
    agents.set(name, (agents.get(name) ?? 0) + w.whispers);
  }
  return {
    volume: {
      header: ['bucket', 'conversations', 'messages'],
      rows: buckets.map((b) => [b, sum(b, (r) => r.conversations), sum(b, (r) => r.messages)]),
    } satisfies ChartData,
    visibility: {
      header: ['bucket', 'customer-visible', 'agent-only'],
      rows: buckets.map((b) => [
        b,
        sum(b, (r) => r.customerVisibleMessages),
        sum(b, (r) => r.agentOnlyMessages),
      ]),
    } satisfies ChartData,
    firstResponse: perKey('firstResponse'),
    handleTime: perKey('handleTime'),
    whispers: {
      header: ['agent', 'whispers'],
      rows: [...agents].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    } satisfies ChartData,
  };
}
