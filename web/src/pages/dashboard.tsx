// The dashboard: GET /api/v1/stats as uPlot charts (per category, trend, response times, open
// incidents by age) with the numbers in tables and as CSV. Periods are quarters or months in JST.
import { useState } from 'preact/hooks';
import { api, query } from '../api';
import { formatDuration, formatPercent, label, t } from '../i18n';
import { ErrorNote, Loading, Select, TextField, useAsync } from '../components/common';
import { Chart } from '../components/chart';
import type { Session } from '../main';

interface Distribution { count: number; mean: number | null; median: number | null; p90: number | null; min: number | null; max: number | null; buckets: Record<string, number> }
interface PeriodStats {
  period: string; start: string; end: string; reports: number; reports_uncategorised: number; reports_not_incident: number;
  reports_by_category: Record<string, number>; reports_by_rsit: Record<string, number>;
  incidents: number; incidents_not_incident: number; incidents_by_category: Record<string, number>; incidents_by_rsit: Record<string, number>;
  time_to_acknowledge_seconds: Distribution; time_to_contain_seconds: Distribution; time_to_recover_seconds: Distribution;
  contained_within_hour: number; contained_within_hour_share: number | null;
}
interface Stats { by: string; as_of: string; truncated: boolean; periods: PeriodStats[]; total: PeriodStats; open: number; open_by_age: Record<string, number> }

const hours = (seconds: number | null) => (seconds === null ? null : Math.round((seconds / 3600) * 10) / 10);

export function DashboardPage(_props: { session: Session }) {
  const [by, setBy] = useState('quarter');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [taxonomy, setTaxonomy] = useState<'jpcert' | 'rsit'>('jpcert');
  const [applied, setApplied] = useState({ by: 'quarter', from: '', to: '' });
  const stats = useAsync(() => api<Stats>('GET', '/stats' + query(applied)), [applied.by, applied.from, applied.to]);
  const data = stats.data;
  const categoryKeys = data ? Object.keys(taxonomy === 'jpcert' ? data.total.incidents_by_category : data.total.incidents_by_rsit) : [];
  const categoryLabel = (key: string) => (taxonomy === 'jpcert' ? label('category', key) : key);
  const pick = (p: PeriodStats, kind: 'reports' | 'incidents') => (taxonomy === 'jpcert' ? p[`${kind}_by_category`] : p[`${kind}_by_rsit`]);
  const total = data?.total;
  return (
    <section>
      <div class="heading-row">
        <h1>{t('dashboard_title')}</h1>
        <a class="button" href={'/api/v1/stats' + query({ ...applied, format: 'csv' })} download="hikeshi-stats.csv">{t('download_csv')}</a>
      </div>
      <form class="filters card" onSubmit={(e) => { e.preventDefault(); setApplied({ by, from, to }); }}>
        <Select id="stats-by" label={t('period_by')} value={by} onChange={setBy}
          options={[{ value: 'quarter', label: t('by_quarter') }, { value: 'month', label: t('by_month') }]} />
        <TextField id="stats-from" label={`${t('from')} (2026Q1 / 2026-01)`} value={from} onInput={setFrom} />
        <TextField id="stats-to" label={`${t('to')} (2026Q4 / 2026-12)`} value={to} onInput={setTo} />
        <Select id="stats-taxonomy" label={t('taxonomy')} value={taxonomy} onChange={(v) => setTaxonomy(v as 'jpcert' | 'rsit')}
          options={[{ value: 'jpcert', label: t('taxonomy_jpcert') }, { value: 'rsit', label: t('taxonomy_rsit') }]} />
        <div class="actions"><button type="submit" class="primary">{t('apply')}</button></div>
      </form>
      <ErrorNote message={stats.error} />
      <Loading when={stats.loading && !data} />
      {data && total && (
        <>
          <div class="tiles">
            <div class="tile" data-testid="tile-incidents"><span class="number">{total.incidents}</span><span>{t('incidents')}</span></div>
            <div class="tile" data-testid="tile-reports"><span class="number">{total.reports}</span><span>{t('reports')}</span></div>
            <div class="tile" data-testid="tile-open"><span class="number">{data.open}</span><span>{t('open_label')}</span></div>
            <div class="tile" data-testid="tile-contained">
              <span class="number">{total.contained_within_hour_share === null ? '—' : formatPercent(total.contained_within_hour_share)}</span>
              <span>{t('contained_within_hour')}</span>
              <span class="small">{t('contained_share', { within: total.contained_within_hour, count: total.time_to_contain_seconds.count, share: total.contained_within_hour_share === null ? '—' : formatPercent(total.contained_within_hour_share) })}</span>
            </div>
          </div>
          <div class="chart-grid">
            <Chart id="chart-trend" title={t('trend')} kind="lines" labels={data.periods.map((p) => p.period)}
              series={[{ label: t('reports'), values: data.periods.map((p) => p.reports) }, { label: t('incidents'), values: data.periods.map((p) => p.incidents) }]} />
            <Chart id="chart-incidents-category" title={t('incidents_per_category')} kind="bars" labels={categoryKeys.map(categoryLabel)}
              series={[{ label: t('incidents'), values: categoryKeys.map((k) => pick(total, 'incidents')[k] ?? 0) }]} />
            <Chart id="chart-reports-category" title={t('reports_per_category')} kind="bars" labels={categoryKeys.map(categoryLabel)}
              series={[{ label: t('reports'), values: categoryKeys.map((k) => pick(total, 'reports')[k] ?? 0) }]} />
            <Chart id="chart-response" title={t('response_times')} kind="lines" unit="h" labels={data.periods.map((p) => p.period)}
              series={[
                { label: t('mtta'), values: data.periods.map((p) => hours(p.time_to_acknowledge_seconds.median)) },
                { label: t('mttc'), values: data.periods.map((p) => hours(p.time_to_contain_seconds.median)) },
                { label: t('mttr'), values: data.periods.map((p) => hours(p.time_to_recover_seconds.median)) },
              ]} />
            <Chart id="chart-contain-distribution" title={`${t('distribution')}: ${t('mttc')}`} kind="bars"
              labels={Object.keys(total.time_to_contain_seconds.buckets).map((b) => t('bucket_' + b))}
              series={[{ label: t('count'), values: Object.values(total.time_to_contain_seconds.buckets) }]} />
            <Chart id="chart-open-age" title={t('open_by_age')} kind="bars" labels={Object.keys(data.open_by_age).map((b) => t('age_' + b))}
              series={[{ label: t('incidents'), values: Object.values(data.open_by_age) }]} />
          </div>
          <section class="card">
            <h2>{t('distribution')}</h2>
            <table class="list" data-testid="distribution-table">
              <thead><tr><th scope="col"></th><th scope="col">{t('count')}</th><th scope="col">{t('mean')}</th><th scope="col">{t('median')}</th><th scope="col">{t('p90')}</th></tr></thead>
              <tbody>
                {([['mtta', total.time_to_acknowledge_seconds], ['mttc', total.time_to_contain_seconds], ['mttr', total.time_to_recover_seconds]] as const).map(([key, d]) => (
                  <tr key={key}><th scope="row">{t(key)}</th><td>{d.count}</td><td>{formatDuration(d.mean)}</td><td>{formatDuration(d.median)}</td><td>{formatDuration(d.p90)}</td></tr>
                ))}
              </tbody>
            </table>
          </section>
          <section class="card">
            <h2>{t('incidents_per_category')} / {t('period')}</h2>
            <div class="table-wrap">
              <table class="list" data-testid="category-table">
                <thead><tr><th scope="col">{t('category')}</th>{data.periods.map((p) => <th key={p.period} scope="col">{p.period}</th>)}<th scope="col">{t('total')}</th></tr></thead>
                <tbody>
                  {categoryKeys.map((k) => (
                    <tr key={k}><th scope="row">{categoryLabel(k)}</th>{data.periods.map((p) => <td key={p.period}>{pick(p, 'reports')[k]} / {pick(p, 'incidents')[k]}</td>)}<td>{pick(total, 'reports')[k]} / {pick(total, 'incidents')[k]}</td></tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p class="muted small">{t('reports')} / {t('incidents')}</p>
          </section>
        </>
      )}
    </section>
  );
}
