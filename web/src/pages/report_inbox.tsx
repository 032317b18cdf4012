// The report inbox: reports newest first (status filter, search), one report's text, evidence and
// triage, and the four triage actions (new incident, attach, not an incident, ask for info).
import { useState } from 'preact/hooks';
import { api, canWrite, Incident, Page, query, Report } from '../api';
import { formatTime, label, t } from '../i18n';
import { ErrorNote, Link, Loading, Select, TextField, useAsync } from '../components/common';
import type { Session } from '../main';

const kStatuses = ['received', 'new', 'needs-info', 'not-an-incident', 'accepted', 'duplicate'];
type Action = 'new-incident' | 'attach' | 'not-an-incident' | 'ask-info';

function TriageForm(props: { session: Session; report: Report; onDone: (report: Report, message: string) => void }) {
  const meta = props.session.meta;
  const [action, setAction] = useState<Action>('new-incident');
  const [title, setTitle] = useState(props.report.subject ?? '');
  const [severity, setSeverity] = useState('medium');
  const [incidentId, setIncidentId] = useState('');
  const [reason, setReason] = useState(meta.not_incident_reasons[0] ?? 'other');
  const [reply, setReply] = useState(props.report.draft_reply ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const body: Record<string, unknown> = { action };
    if (note) body.note = note;
    if (action === 'new-incident') { if (title) body.title = title; body.severity = severity; }
    if (action === 'attach') body.incident_id = Number(incidentId);
    if (action === 'not-an-incident') body.reason = reason;
    if (action === 'ask-info' && reply) body.reply = reply;
    try {
      const result = await api<{ report: Report; incident: Incident | null }>('POST', `/reports/${props.report.id}/triage`, body);
      props.onDone(result.report, result.incident ? t('done_accepted', { id: result.incident.id }) : t('done_status', { status: label('status', result.report.status) }));
    } catch (failure) { setError((failure as Error).message); }
  };
  const actions: [Action, string][] = [['new-incident', 'action_new_incident'], ['attach', 'action_attach'],
    ['not-an-incident', 'action_not_incident'], ['ask-info', 'action_ask_info']];
  return (
    <form class="card" onSubmit={submit} aria-labelledby="triage-heading">
      <h2 id="triage-heading">{t('triage_actions')}</h2>
      <fieldset>
        <legend class="visually-hidden">{t('triage_actions')}</legend>
        {actions.map(([value, key]) => (
          <label key={value} class="check" for={`triage-${value}`}>
            <input type="radio" id={`triage-${value}`} name="triage-action" value={value} checked={action === value} onChange={() => setAction(value)} />
            <span>{t(key)}</span>
          </label>
        ))}
      </fieldset>
      {action === 'new-incident' && (
        <div class="row">
          <TextField id="triage-title" label={t('title')} value={title} onInput={setTitle} maxLength={300} />
          <Select id="triage-severity" label={t('severity')} value={severity} onChange={setSeverity}
            options={meta.severities.map((s) => ({ value: s, label: label('severity', s) }))} />
        </div>
      )}
      {action === 'attach' && <TextField id="triage-incident" label={t('incident_number')} type="number" value={incidentId} onInput={setIncidentId} required />}
      {action === 'not-an-incident' && (
        <Select id="triage-reason" label={t('reason')} value={reason} onChange={setReason}
          options={meta.not_incident_reasons.map((r) => ({ value: r, label: label('reason', r) }))} />
      )}
      {action === 'ask-info' && <TextField id="triage-reply" label={t('reply')} value={reply} onInput={setReply} multiline rows={8} />}
      <TextField id="triage-note" label={t('note')} value={note} onInput={setNote} />
      <ErrorNote message={error} />
      <button type="submit" class="primary">{t(actions.find(([value]) => value === action)![1])}</button>
    </form>
  );
}

function ReportView(props: { session: Session; id: number; onChanged: () => void }) {
  const loaded = useAsync(() => api<Report>('GET', `/reports/${props.id}`), [props.id]);
  const [message, setMessage] = useState<{ text: string; incident: number | null } | null>(null);
  const report = loaded.data;
  if (!report) return <><ErrorNote message={loaded.error} /><Loading when={loaded.loading} /></>;
  const consent = report.consent_to_share === null ? t('unknown') : report.consent_to_share ? t('yes') : t('no');
  return (
    <div data-testid="report-view">
      <section class="card" aria-labelledby="report-heading">
        <h2 id="report-heading">{t('report_n', { id: report.id })}: {report.subject ?? ''}</h2>
        <dl class="summary">
          <div><dt>{t('col_status')}</dt><dd data-field="status">{label('status', report.status)}</dd></div>
          <div><dt>{t('reporter')}</dt><dd>{report.reporter}{report.reporter_name ? ` (${report.reporter_name})` : ''}</dd></div>
          <div><dt>{t('col_received')}</dt><dd>{formatTime(report.received_at)}</dd></div>
          <div><dt>{t('category')}</dt><dd>{report.category ? label('category', report.category) : t('uncategorised')}</dd></div>
          <div><dt>{t('consent')}</dt><dd>{consent}</dd></div>
          <div><dt>{t('triage_rule')}</dt><dd>{report.triage_rule}</dd></div>
          {report.missing_evidence.length > 0 && <div><dt>{t('missing_evidence')}</dt><dd>{report.missing_evidence.map((m) => label('evidence', m)).join(', ')}</dd></div>}
          {report.incident_id && <div><dt>{t('incidents')}</dt><dd><Link href={`/incidents/${report.incident_id}`}>#{report.incident_id}</Link></dd></div>}
        </dl>
        <h3>{t('report_text')}</h3>
        <pre class="evidence">{report.text}</pre>
        {(report.observables ?? []).length > 0 && (
          <>
            <h3>{t('observables')}</h3>
            <ul class="plain">{report.observables!.map((o) => <li key={o.kind + o.value}><code>{o.kind}</code> <span class="mono">{o.value}</span></li>)}</ul>
          </>
        )}
        <p><a href={`/api/v1/reports/${report.id}/raw`} download>{t('raw_download')}</a> <span class="muted mono small">SHA-256 {report.sha256}</span></p>
      </section>
      {message && (
        <p class="notice" role="status">{message.text}{' '}
          {message.incident && <Link href={`/incidents/${message.incident}`}>{t('open_incident', { id: message.incident })}</Link>}
        </p>
      )}
      {canWrite(props.session.user) && (
        <TriageForm key={report.id} session={props.session} report={report} onDone={(updated, text) => {
          setMessage({ text, incident: updated.status === 'accepted' ? updated.incident_id : null });
          loaded.reload();
          props.onChanged();
        }} />
      )}
    </div>
  );
}

export function ReportInboxPage(props: { session: Session; selected: string | null }) {
  const [status, setStatus] = useState('');
  const [text, setText] = useState('');
  const [applied, setApplied] = useState({ status: '', q: '' });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const list = useAsync(() => api<Page<Report>>('GET', '/reports' + query({ status: applied.status, q: applied.q, limit: 50, cursor: cursors[page] })), [applied.status, applied.q, page]);
  const selected = props.selected ? Number(props.selected) : null;
  return (
    <section>
      <h1>{t('reports_title')}</h1>
      <form class="filters card" role="search" onSubmit={(e) => { e.preventDefault(); setCursors([null]); setApplied({ status, q: text }); }}>
        <Select id="report-status" label={t('filter_status')} value={status} anyLabel={t('any')} onChange={setStatus}
          options={kStatuses.map((s) => ({ value: s, label: label('status', s) }))} />
        <TextField id="report-q" label={t('search')} type="search" value={text} onInput={setText} />
        <div class="actions"><button type="submit" class="primary">{t('apply')}</button></div>
      </form>
      <div class="columns">
        <div>
          <ErrorNote message={list.error} />
          <Loading when={list.loading && !list.data} />
          <div class="table-wrap">
            <table class="list" data-testid="report-table">
              <caption class="visually-hidden">{t('reports_title')}</caption>
              <thead><tr><th scope="col">{t('col_id')}</th><th scope="col">{t('col_received')}</th><th scope="col">{t('col_reporter')}</th><th scope="col">{t('col_subject')}</th><th scope="col">{t('col_status')}</th></tr></thead>
              <tbody>
                {(list.data?.items ?? []).map((r) => (
                  <tr key={r.id} class={r.id === selected ? 'selected' : ''}>
                    <td>{r.id}</td>
                    <td>{formatTime(r.received_at)}</td>
                    <td>{r.reporter}</td>
                    <td><Link href={`/reports/${r.id}`} aria-current={r.id === selected ? 'page' : undefined}>{r.subject || t('report_n', { id: r.id })}</Link></td>
                    <td>{label('status', r.status)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.data && list.data.items.length === 0 && <p>{t('no_reports')}</p>}
          <nav class="pager" aria-label={t('page_n', { n: page + 1 })}>
            <button type="button" disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>{t('previous_page')}</button>
            <span>{t('page_n', { n: page + 1 })}</span>
            <button type="button" disabled={!list.data?.next} onClick={() => setCursors([...cursors, list.data!.next])}>{t('next_page')}</button>
          </nav>
        </div>
        <div>
          {selected ? <ReportView session={props.session} id={selected} onChanged={list.reload} /> : <p class="muted">{t('select_report')}</p>}
        </div>
      </div>
    </section>
  );
}
