// One incident: summary, lead, the lifecycle buttons the API says are legal (next_states), the
// work log with quick append, linked reports and their observables (each with an owner lookup),
// correlation links, notifications and triage findings (components/coordination.tsx). Write
// controls are shown only to roles that may write (the API refuses the others anyway).
import { useState } from 'preact/hooks';
import { api, canWrite, Incident, Observable, Page, query, Report, WorkLogEntry } from '../api';
import { formatDuration, formatTime, label, t } from '../i18n';
import { ErrorNote, Link, Loading, Select, TextField, useAsync } from '../components/common';
import { FindingsSection, LinksSection, NotificationsSection, OwnerLookupButton } from '../components/coordination';
import type { Session } from '../main';

// Every report accepted into or attached to the incident, newest first, asked of the server by
// incident (GET /reports?incident=ID); at most 20 pages of 500, so a runaway list stays bounded.
export async function loadLinkedReports(id: number): Promise<Report[]> {
  const reports: Report[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 20; pages++) {
    const page: Page<Report> = await api<Page<Report>>('GET', '/reports' + query({ incident: id, limit: 500, cursor }));
    reports.push(...page.items);
    cursor = page.next;
    if (!cursor) break;
  }
  return reports;
}

function Lifecycle(props: { session: Session; incident: Incident; onChange: (incident: Incident) => void }) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState(props.session.meta.not_incident_reasons[0] ?? 'other');
  const [error, setError] = useState<string | null>(null);
  const move = async (to: string) => {
    setError(null);
    try {
      const body: Record<string, string> = { to };
      if (note) body.note = note;
      if (to === 'not-an-incident') body.reason = reason;
      props.onChange(await api<Incident>('POST', `/incidents/${props.incident.id}/transition`, body));
      setNote('');
    } catch (failure) { setError((failure as Error).message); }
  };
  const next = props.incident.next_states;
  return (
    <section class="card" aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t('lifecycle')}</h2>
      {next.length === 0 ? <p>{t('no_transitions')}</p> : (
        <>
          <TextField id="transition-note" label={t('transition_note')} value={note} onInput={setNote} />
          {next.includes('not-an-incident') && (
            <Select id="transition-reason" label={t('reason')} value={reason} onChange={setReason}
              options={props.session.meta.not_incident_reasons.map((r) => ({ value: r, label: label('reason', r) }))} />
          )}
          <div class="actions">
            {next.map((state) => (
              <button key={state} type="button" class="primary" data-testid={`transition-${state}`} onClick={() => move(state)}>
                {t('move_to', { state: label('state', state) })}
              </button>
            ))}
          </div>
        </>
      )}
      <ErrorNote message={error} />
    </section>
  );
}

function LeadEditor(props: { session: Session; incident: Incident; onChange: (incident: Incident) => void }) {
  const [lead, setLead] = useState(props.incident.lead ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async (value: string) => {
    setError(null);
    try {
      props.onChange(await api<Incident>('PATCH', `/incidents/${props.incident.id}`, { lead: value, version: props.incident.version }));
    } catch (failure) { setError((failure as Error).message); }
  };
  return (
    <form class="inline-form" onSubmit={(e) => { e.preventDefault(); save(lead); }}>
      <TextField id="lead-input" label={t('lead')} value={lead} onInput={setLead} />
      <button type="submit">{t('set_lead')}</button>
      <button type="button" onClick={() => { setLead(props.session.user.name); save(props.session.user.name); }}>{t('assign_me')}</button>
      <ErrorNote message={error} />
    </form>
  );
}

export function WorkLogList(props: { entries: WorkLogEntry[] }) {
  if (props.entries.length === 0) return <p>{t('worklog_empty')}</p>;
  return (
    <ol class="worklog" data-testid="worklog">
      {props.entries.map((entry) => (
        <li key={entry.seq}>
          <span class="entry-when">{formatTime(entry.at)}</span> · <span class="entry-responder">{entry.responder}</span> · <span class="entry-action">{entry.action}</span>
          <div class="text">{entry.text}</div>
        </li>
      ))}
    </ol>
  );
}

function Observables(props: { reports: Report[] }) {
  const details = useAsync(() => Promise.all(props.reports.slice(0, 20).map((r) => api<Report>('GET', `/reports/${r.id}`))), [props.reports.map((r) => r.id).join(',')]);
  const [lookups, setLookups] = useState<Record<string, string>>({});
  const observables = new Map<string, Observable>();
  for (const report of details.data ?? []) for (const o of report.observables ?? []) observables.set(o.kind + ' ' + o.value, o);
  const lookup = async (value: string) => {
    try {
      const result = await api<{ report_ids: number[]; incident_ids: number[] }>('GET', '/observables?q=' + encodeURIComponent(value));
      setLookups({ ...lookups, [value]: t('seen_in', { reports: result.report_ids.map((id) => '#' + id).join(', ') || '—', incidents: result.incident_ids.map((id) => '#' + id).join(', ') || '—' }) });
    } catch (failure) { setLookups({ ...lookups, [value]: (failure as Error).message }); }
  };
  return (
    <section class="card" aria-labelledby="observables-heading">
      <h2 id="observables-heading">{t('observables')}</h2>
      <Loading when={details.loading} />
      {observables.size === 0 && !details.loading ? <p>{t('no_observables')}</p> : (
        <ul class="plain">
          {[...observables.values()].map((o) => (
            <li key={o.kind + o.value}>
              <code>{o.kind}</code> <span class="mono">{o.value}</span>{' '}
              <button type="button" class="small" aria-label={`${t('lookup')}: ${o.value}`} onClick={() => lookup(o.value)}>{t('lookup')}</button>
              {lookups[o.value] && <span class="muted"> {lookups[o.value]}</span>}{' '}
              <OwnerLookupButton value={o.value} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function IncidentSummary(props: { incident: Incident }) {
  const i = props.incident;
  const rows: [string, string][] = [
    ['state', label('state', i.state)], ['phase', `${i.phase.nist} / ${i.phase.jpcert}`],
    ['category', `${label('category', i.category)} (RSIT ${i.rsit})`], ['severity', label('severity', i.severity)],
    ['tlp', i.tlp], ['lead', i.lead ?? t('unassigned')], ['reported_at', formatTime(i.reported_at)],
    ['acknowledged_at', formatTime(i.acknowledged_at)], ['contained_at', formatTime(i.contained_at)],
    ['recovered_at', formatTime(i.recovered_at)], ['closed_at', formatTime(i.closed_at)],
    ['time_to_acknowledge', formatDuration(i.metrics.time_to_acknowledge_seconds)],
    ['time_to_contain', formatDuration(i.metrics.time_to_contain_seconds)],
    ['time_to_recover', formatDuration(i.metrics.time_to_recover_seconds)],
  ];
  if (i.not_incident_reason) rows.splice(1, 0, ['reason', label('reason', i.not_incident_reason)]);
  return (
    <dl class="summary" data-testid="incident-summary">
      {rows.map(([key, value]) => <div key={key}><dt>{t(key)}</dt><dd data-field={key}>{value}</dd></div>)}
    </dl>
  );
}

export function IncidentDetailPage(props: { session: Session; id: string }) {
  const id = Number(props.id);
  const [override, setOverride] = useState<Incident | null>(null);
  const loaded = useAsync(() => api<Incident>('GET', `/incidents/${id}`), [id]);
  const worklog = useAsync(() => api<{ items: WorkLogEntry[] }>('GET', `/incidents/${id}/worklog`), [id]);
  const linked = useAsync(() => loadLinkedReports(id), [id]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const incident = override && override.id === id && override.version >= (loaded.data?.version ?? 0) ? override : loaded.data;
  const writer = canWrite(props.session.user);
  const changed = (next: Incident) => { setOverride(next); worklog.reload(); };
  const append = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      await api('POST', `/incidents/${id}/worklog`, { text });
      setText('');
      worklog.reload();
    } catch (failure) { setError((failure as Error).message); }
  };
  if (!incident) return <><ErrorNote message={loaded.error} /><Loading when={loaded.loading} /></>;
  return (
    <article>
      <p class="no-print"><Link href="/incidents">← {t('nav_incidents')}</Link></p>
      <div class="heading-row">
        <h1><span class="muted">#{incident.id}</span> {incident.title}</h1>
        <Link href={`/incidents/${incident.id}/print`} class="button">{t('print_view')}</Link>
      </div>
      <div class="columns">
        <div>
          <section class="card" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t('summary')}</h2>
            <p class="prewrap">{incident.description}</p>
            <IncidentSummary incident={incident} />
            {writer && <LeadEditor session={props.session} incident={incident} onChange={changed} />}
          </section>
          {writer && <Lifecycle session={props.session} incident={incident} onChange={changed} />}
          <section class="card" aria-labelledby="linked-heading">
            <h2 id="linked-heading">{t('linked_reports')}</h2>
            <Loading when={linked.loading} />
            {linked.data && linked.data.length === 0 && <p>{t('no_linked_reports')}</p>}
            <ul class="plain">
              {(linked.data ?? []).map((r) => <li key={r.id}><Link href={`/reports/${r.id}`}>{t('report_n', { id: r.id })}</Link> · {r.reporter} · {r.subject ?? ''} · {formatTime(r.received_at)}</li>)}
            </ul>
          </section>
          {linked.data && <Observables reports={linked.data} />}
          <LinksSection incidentId={id} />
          <NotificationsSection incidentId={id} writer={writer} onAction={worklog.reload} />
          <FindingsSection entries={worklog.data?.items ?? null} />
        </div>
        <section class="card" aria-labelledby="worklog-heading">
          <h2 id="worklog-heading">{t('worklog')}</h2>
          {writer && (
            <form onSubmit={append} class="quick-append">
              <TextField id="worklog-text" label={t('worklog_text')} value={text} onInput={setText} required multiline rows={2} />
              <button type="submit" class="primary">{t('append')}</button>
              <ErrorNote message={error} />
            </form>
          )}
          <ErrorNote message={worklog.error} />
          {worklog.data && <WorkLogList entries={worklog.data.items} />}
        </section>
      </div>
    </article>
  );
}
