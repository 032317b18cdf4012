// The printable incident report ("keep the manual on paper"): summary, timeline of the lifecycle
// stamps, decisions (transitions) and the full work log. The print stylesheet hides navigation.
import { api, Incident, WorkLogEntry } from '../api';
import { formatTime, label, t } from '../i18n';
import { ErrorNote, Link, Loading, useAsync } from '../components/common';
import { IncidentSummary, WorkLogList } from './incident_detail';
import type { Session } from '../main';

export function PrintReportPage(props: { session: Session; id: string }) {
  const id = Number(props.id);
  const data = useAsync(async () => {
    const [incident, worklog] = await Promise.all([
      api<Incident>('GET', `/incidents/${id}`),
      api<{ items: WorkLogEntry[] }>('GET', `/incidents/${id}/worklog`),
    ]);
    return { incident, entries: worklog.items };
  }, [id]);
  if (!data.data) return <><ErrorNote message={data.error} /><Loading when={data.loading} /></>;
  const { incident, entries } = data.data;
  const timeline: [string, string | null][] = [
    ['reported_at', incident.reported_at], ['acknowledged_at', incident.acknowledged_at],
    ['contained_at', incident.contained_at], ['recovered_at', incident.recovered_at], ['closed_at', incident.closed_at],
  ];
  const decisions = entries.filter((entry) => entry.action === 'transition' || entry.action === 'created');
  return (
    <article class="print-report">
      <div class="no-print actions">
        <Link href={`/incidents/${id}`} class="button">← {t('back')}</Link>
        <button type="button" class="primary" onClick={() => window.print()}>{t('print')}</button>
      </div>
      <header>
        <p class="tlp-banner">{incident.tlp}</p>
        <h1>#{incident.id} {incident.title}</h1>
        <p class="muted">{t('printed_at', { at: formatTime(new Date().toISOString()), user: props.session.user.name })}</p>
      </header>
      <section>
        <h2>{t('summary')}</h2>
        <p class="prewrap">{incident.description}</p>
        <IncidentSummary incident={incident} />
      </section>
      <section>
        <h2>{t('timeline')}</h2>
        <table class="list">
          <tbody>
            {timeline.filter(([, at]) => at).map(([key, at]) => <tr key={key}><th scope="row">{t(key)}</th><td>{formatTime(at)}</td></tr>)}
          </tbody>
        </table>
      </section>
      <section>
        <h2>{t('decisions')}</h2>
        <WorkLogList entries={decisions} />
      </section>
      <section>
        <h2>{t('worklog')}</h2>
        <WorkLogList entries={entries} />
        <p class="muted mono small">{t('state')}: {label('state', incident.state)} · SHA-256 {entries[entries.length - 1]?.hash ?? ''}</p>
      </section>
    </article>
  );
}
