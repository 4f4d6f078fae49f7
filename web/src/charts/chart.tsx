import { useEffect, useRef } from 'react';
import { init, type EChartsCoreOption } from './echarts';
import { saveBlob, toCsv } from '../download';

export interface ChartData {
  /** First column: the category (a bucket or an agent); the others: one series each. */
  header: string[];
  rows: (string | number | null)[][];
}

/**
 * One chart with its data beside it: a table for screen readers and keyboard users, and the same
 * rows as CSV.
 */
export function Chart(props: {
  id: string;
  title: string;
  data: ChartData;
  kind: 'bar' | 'line' | 'stacked';
  unit?: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  const { data, kind, title, unit } = props;
  useEffect(() => {
    if (!element.current) return;
    const chart = init(element.current, null, { renderer: 'svg' });
    const option: EChartsCoreOption = {
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 40, bottom: 40 },
      dataset: { source: [data.header, ...data.rows] },
      xAxis: { type: 'category', axisLabel: { formatter: shortLabel } },
      yAxis: { type: 'value', name: unit },
      series: data.header.slice(1).map(() => ({
        type: kind === 'line' ? 'line' : 'bar',
        stack: kind === 'stacked' ? 'total' : undefined,
        connectNulls: true,
      })),
    };
    chart.setOption(option);
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [data, kind, unit]);
  const csv = () =>
    saveBlob(new Blob([toCsv(data.header, data.rows)], { type: 'text/csv' }), `${props.id}.csv`);
  return (
    <figure className="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>
        <h2>{title}</h2>
        <button type="button" onClick={csv}>
          Download CSV<span className="visually-hidden"> of {title}</span>
        </button>
      </figcaption>
      {data.rows.length === 0 ? (
        <p>No data in this range.</p>
      ) : (
        <div ref={element} className="chart-canvas" data-testid={`chart-${props.id}`} />
      )}
      <details>
        <summary>
          Data<span className="visually-hidden"> of {title}</span>
        </summary>
        <table className="list" data-testid={`data-${props.id}`}>
          <thead>
            <tr>
              {data.header.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j}>{v ?? '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** ISO buckets shortened on the axis (the data table and CSV keep them whole). */
function shortLabel(value: string): string {
  const iso = /^(\d{4}-\d{2}-\d{2})T(\d{2}):00:00\.000Z$/.exec(value);
  if (!iso) return value;
  return iso[2] === '00' ? iso[1] : `${iso[1].slice(5)} ${iso[2]}h`;
}
