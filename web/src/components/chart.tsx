// A uPlot chart over categorical x values (periods, categories, buckets), drawn as bars or lines,
// with the numbers in a table below it for screen readers and copying. uPlot draws on canvas and
// styles through the CSSOM, which the Content-Security-Policy allows (no inline style attributes).
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { t } from '../i18n';

export interface Series { label: string; values: (number | null)[] }

const kColours = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b45309', '#0e7490'];

export function Chart(props: { id: string; title: string; labels: string[]; series: Series[]; kind: 'bars' | 'lines'; unit?: string }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const labels = props.labels;
    const xs = labels.map((_, i) => i);
    // Bars for a single series; several series are drawn as lines (grouped bars need uPlot
    // plugins that are not worth their weight here).
    const bars = props.kind === 'bars' && props.series.length === 1;
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth || 600),
      height: 240,
      scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, labels.length - 0.5)] } },
      axes: [
        // Long category names are turned so they do not overlap.
        { splits: () => xs, values: (_u, splits) => splits.map((i) => labels[i] ?? ''), grid: { show: false },
          ...(labels.length > 6 ? { rotate: -35, size: 90 } : {}) },
        { label: props.unit, size: 56 },
      ],
      legend: { show: props.series.length > 1 },
      cursor: { show: true, drag: { x: false, y: false } },
      series: [
        { label: props.unit === undefined ? '' : ' ', value: (_u, v) => (v === null ? '' : labels[v] ?? '') },
        ...props.series.map((series, index): uPlot.Series => ({
          label: series.label,
          stroke: kColours[index % kColours.length],
          fill: bars ? kColours[index % kColours.length] + 'cc' : undefined,
          width: bars ? 0 : 2,
          points: { show: !bars },
          paths: bars ? uPlot.paths.bars!({ size: [0.6, 80] }) : undefined,
        })),
      ],
    };
    const data: uPlot.AlignedData = [xs, ...props.series.map((s) => s.values as (number | null | undefined)[])];
    const plot = new uPlot(options, data, element);
    const observer = new ResizeObserver(() => plot.setSize({ width: Math.max(280, element.clientWidth), height: 240 }));
    observer.observe(element);
    return () => { observer.disconnect(); plot.destroy(); };
  }, [JSON.stringify(props)]);
  return (
    <figure class="chart" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <div ref={container} class="chart-canvas" role="img" aria-label={props.title} data-testid={props.id} />
      <details>
        <summary>{t('chart_table')}</summary>
        <table class="list">
          <thead><tr><th scope="col">{props.unit ?? ''}</th>{props.series.map((s) => <th key={s.label} scope="col">{s.label}</th>)}</tr></thead>
          <tbody>
            {props.labels.map((name, i) => (
              <tr key={name}><th scope="row">{name}</th>{props.series.map((s) => <td key={s.label} data-series={s.label}>{s.values[i] ?? '—'}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
