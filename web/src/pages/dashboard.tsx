import { useMemo, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { useSearchParams } from 'wouter';
import { Chart } from '../charts/chart';
import { chartsOf } from '../charts/report-data';
import type { ReportGranularity, ReportGroupBy } from '../gql/graphql';
import { ReportQuery } from '../operations';

const DAY = 86_400_000;

function defaults() {
  const today = new Date(Math.floor(Date.now() / DAY) * DAY);
  return {
    from: new Date(today.getTime() - 6 * DAY).toISOString().slice(0, 10),
    to: today.toISOString().slice(0, 10),
  };
}

/** reports:read keys. The range is whole UTC days, `to` included; all of it lives in the URL. */
export default function Dashboard() {
  const [params, setParams] = useSearchParams();
  const fallback = defaults();
  const from = params.get('from') ?? fallback.from;
  const to = params.get('to') ?? fallback.to;
  const granularity: ReportGranularity = params.get('granularity') === 'HOUR' ? 'HOUR' : 'DAY';
  const groupBy: ReportGroupBy = params.get('groupBy') === 'AGENT' ? 'AGENT' : 'CHANNEL';
  const variables = {
    from: `${from}T00:00:00.000Z`,
    to: new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY).toISOString(),
    granularity,
    groupBy,
  };
  const [{ data, error, fetching }] = useQuery({ query: ReportQuery, variables });
  const charts = useMemo(
    () => (data ? chartsOf(data.conversationReport, data.whispersByAgent) : null),
    [data],
  );
  const by = groupBy === 'AGENT' ? 'agent' : 'channel';
  return (
    <>
      <h1 tabIndex={-1}>Reports</h1>
      <RangeForm
        key={params.toString()}
        initial={{ from, to, granularity, groupBy }}
        onApply={(next) => setParams(new URLSearchParams(next))}
      />
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div aria-live="polite" className="count">
        {fetching && !data ? 'Loading…' : ''}
      </div>
      {charts && (
        <div className="charts">
          <Chart
            id="volume"
            title={`Conversations and messages per ${granularity.toLowerCase()} (summed over ${by}s)`}
            data={charts.volume}
            kind="bar"
          />
          <Chart
            id="visibility"
            title="Customer-visible and agent-only messages"
            data={charts.visibility}
            kind="stacked"
          />
          <Chart
            id="first-response"
            title={`First response per ${by} (median and p90)`}
            data={charts.firstResponse}
            kind="line"
            unit="seconds"
          />
          <Chart
            id="handle-time"
            title={`Handle time per ${by} (median and p90)`}
            data={charts.handleTime}
            kind="line"
            unit="seconds"
          />
          <Chart id="whispers" title="Whispers per agent" data={charts.whispers} kind="bar" />
        </div>
      )}
    </>
  );
}

function RangeForm(props: {
  initial: { from: string; to: string; granularity: string; groupBy: string };
  onApply: (values: Record<string, string>) => void;
}) {
  const [values, setValues] = useState(props.initial);
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onApply(values);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Time range">
      <label>
        From (UTC day)
        <input type="date" required value={values.from} onChange={set('from')} />
      </label>
      <label>
        To (UTC day, included)
        <input type="date" required value={values.to} onChange={set('to')} />
      </label>
      <label>
        Per
        <select value={values.granularity} onChange={set('granularity')}>
          <option value="DAY">Day</option>
          <option value="HOUR">Hour</option>
        </select>
      </label>
      <label>
        By
        <select value={values.groupBy} onChange={set('groupBy')}>
          <option value="CHANNEL">Channel</option>
          <option value="AGENT">Agent</option>
        </select>
      </label>
      <button type="submit">Show</button>
    </form>
  );
}
