// Incident-detail sections backed by the coordination API (doc/api.md "Coordination"): the owner
// of an observable, why reports joined the incident (correlation links), the notices covering it
// with approve / send for writers, and the triage findings on its work log.
import { useState } from 'preact/hooks';
import { api, ApiError, CorrelationLink, Notification, OwnerLookup, WorkLogEntry } from '../api';
import { formatTime, label, t } from '../i18n';
import { ErrorNote, Link, Loading, useAsync } from './common';

// The owner of one observable: a button, then the ownership index's answer under it.
export function OwnerLookupButton(props: { value: string }) {
  const [result, setResult] = useState<OwnerLookup | 'none' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    try {
      setResult(await api<OwnerLookup>('GET', '/lookup?q=' + encodeURIComponent(props.value)));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 404) setResult('none');
      else setError((failure as Error).message);
    }
  };
  return (
    <>
      <button type="button" class="small" aria-label={t('owner_lookup_label', { value: props.value })} onClick={run}>{t('owner_lookup')}</button>
      <ErrorNote message={error} />
      {result === 'none' && <p class="muted" role="status">{t('owner_none', { value: props.value })}</p>}
      {result && result !== 'none' && (
        <dl class="summary owner" role="status" data-testid="owner-lookup">
          <div><dt>{t('owner')}</dt><dd>{result.owner || t('none')}</dd></div>
          <div><dt>{t('netblock')}</dt><dd class="mono">{result.netblock || t('none')}</dd></div>
          <div><dt>{t('country')}</dt><dd>{result.country || t('none')}</dd></div>
          <div><dt>{t('abuse_contacts')}</dt><dd class="mono">{result.abuse_mailboxes.join(', ') || t('none')}</dd></div>
          <div><dt>{t('national_csirt')}</dt><dd class="mono">{result.national_csirt || t('none')}</dd></div>
          <div><dt>{t('source')}</dt><dd>{result.source}{result.constituent ? ` (${t('constituent')})` : ''}</dd></div>
        </dl>
      )}
    </>
  );
}

export function LinksSection(props: { incidentId: number }) {
  const links = useAsync(() => api<{ items: CorrelationLink[] }>('GET', `/incidents/${props.incidentId}/links`), [props.incidentId]);
  const items = links.data?.items ?? [];
  return (
    <section class="card" aria-labelledby="links-heading" data-testid="links-section">
      <h2 id="links-heading">{t('correlation_links')}</h2>
      <Loading when={links.loading} />
      <ErrorNote message={links.error} />
      {links.data && items.length === 0 && <p>{t('no_links')}</p>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <thead><tr><th scope="col">{t('link_rule')}</th><th scope="col">{t('link_key')}</th><th scope="col">{t('link_reports')}</th><th scope="col">{t('link_at')}</th></tr></thead>
            <tbody>
              {items.map((link) => (
                <tr key={link.id}>
                  <td>{label('rule', link.rule)}</td>
                  <td class="mono">{link.key}</td>
                  <td>{link.report_ids.map((id, index) => <span key={id}>{index > 0 && ', '}<Link href={`/reports/${id}`}>#{id}</Link></span>)}</td>
                  <td>{formatTime(link.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// Notices covering the incident; approve (draft) and send (approved) only for writers. After an
// action the list is reloaded and the work log too (approval logs a decision on the incident).
export function NotificationsSection(props: { incidentId: number; writer: boolean; onAction: () => void }) {
  const notices = useAsync(() => api<{ items: Notification[] }>('GET', `/incidents/${props.incidentId}/notifications`), [props.incidentId]);
  const [error, setError] = useState<string | null>(null);
  const act = async (id: number, action: 'approve' | 'send') => {
    setError(null);
    try {
      await api('POST', `/notifications/${id}/${action}`);
    } catch (failure) { setError((failure as Error).message); }
    notices.reload();
    props.onAction();
  };
  // Drafts by hand (POST /incidents/{id}/notifications): one notice per owner of the addresses,
  // URLs and domains the incident's reports name; drafting again adds nothing new.
  const [drafting, setDrafting] = useState(false);
  const [skipped, setSkipped] = useState<{ address: string; reason: string }[]>([]);
  const draft = async () => {
    setError(null);
    setDrafting(true);
    try {
      const result = await api<{ items: Notification[]; skipped: { address: string; reason: string }[] }>(
        'POST', `/incidents/${props.incidentId}/notifications`, {});
      setSkipped(result.skipped);
    } catch (failure) { setError((failure as Error).message); }
    setDrafting(false);
    notices.reload();
    props.onAction();
  };
  const items = notices.data?.items ?? [];
  return (
    <section class="card" aria-labelledby="notifications-heading" data-testid="notifications-section">
      <h2 id="notifications-heading">{t('notifications')}</h2>
      {props.writer && (
        <p>
          <button type="button" data-testid="draft-notices" disabled={drafting} onClick={draft}>{t('draft_notices')}</button>
        </p>
      )}
      {skipped.length > 0 && (
        <ul class="small" data-testid="draft-skipped">
          {skipped.map((entry) => <li key={entry.address}>{t('draft_skipped', { address: entry.address, reason: entry.reason })}</li>)}
        </ul>
      )}
      <Loading when={notices.loading} />
      <ErrorNote message={notices.error} />
      <ErrorNote message={error} />
      {notices.data && items.length === 0 && <p>{t('no_notifications')}</p>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <thead>
              <tr>
                <th scope="col" class="nowrap">{t('notification_id')}</th><th scope="col" class="nowrap">{t('notification_kind')}</th>
                <th scope="col" class="nowrap">{t('notification_state')}</th><th scope="col">{t('notification_recipient')}</th>
                <th scope="col">{t('notification_subject')}</th>
                {props.writer && <th scope="col" class="nowrap">{t('notification_actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((notice) => (
                <tr key={notice.id}>
                  <td class="nowrap">#{notice.id}</td>
                  <td class="nowrap">{notice.kind}</td>
                  <td class="nowrap">{label('nstate', notice.state)}{notice.last_error ? <div class="error small">{t('notification_error', { message: notice.last_error })}</div> : null}</td>
                  <td class="mono">{notice.recipient}{notice.cc ? <div class="small">Cc: {notice.cc}</div> : null}{notice.recipient_source ? <div class="small">{t('notification_recipient_source', { source: label('rsource', notice.recipient_source) })}</div> : null}{notice.pgp_fingerprint ? <div class="small">PGP {notice.pgp_fingerprint}</div> : null}</td>
                  <td>{notice.subject}</td>
                  {props.writer && (
                    <td class="nowrap">
                      {notice.state === 'draft' && <button type="button" class="small" aria-label={t('approve_label', { id: notice.id })} onClick={() => act(notice.id, 'approve')}>{t('approve')}</button>}
                      {notice.state === 'approved' && <button type="button" class="small" aria-label={t('send_label', { id: notice.id })} onClick={() => act(notice.id, 'send')}>{t('send')}</button>}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// Triage findings (`hikeshi triage --incident`) are work-log entries of action "finding".
export function FindingsSection(props: { entries: WorkLogEntry[] | null }) {
  const findings = (props.entries ?? []).filter((entry) => entry.action === 'finding');
  return (
    <section class="card" aria-labelledby="findings-heading" data-testid="findings-section">
      <h2 id="findings-heading">{t('findings')}</h2>
      {props.entries && findings.length === 0 && <p>{t('no_findings')}</p>}
      {findings.length > 0 && (
        <div class="table-wrap">
          <table class="list">
            <thead><tr><th scope="col" class="nowrap">{t('finding_at')}</th><th scope="col" class="nowrap">{t('finding_by')}</th><th scope="col">{t('finding_text')}</th></tr></thead>
            <tbody>
              {findings.map((entry) => (
                <tr key={entry.seq}><td class="nowrap">{formatTime(entry.at)}</td><td class="nowrap">{entry.responder}</td><td class="prewrap">{entry.text}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
