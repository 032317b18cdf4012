// The public report form for people outside the team: no login, no /meta (categories come from
// i18n.ts). Files are read in the browser and sent as base64 inside the JSON, bounded as the
// server bounds them (server/public_attachments.h); the receipt shows the number and hash.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { categoryNames, label, t } from '../i18n';
import { ErrorNote, Select, TextField } from '../components/common';

const kMaxFiles = 5;
const kMaxFileBytes = 512 * 1024;

interface Receipt { id: number; sha256: string; received_at: string; status: string; missing_evidence: string[] }

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function PublicReportPage() {
  const [form, setForm] = useState({ contact_email: '', contact_name: '', category: '', url: '', source_ip: '', event_time: '', logs: '', description: '' });
  const [consent, setConsent] = useState<'' | 'yes' | 'no'>('');
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const tooLarge = files.length > kMaxFiles || files.reduce((sum, file) => sum + file.size, 0) > kMaxFileBytes;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (tooLarge) { setError(t('files_too_large')); return; }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { contact_email: form.contact_email, consent: consent === 'yes', description: form.description };
      for (const name of ['contact_name', 'category', 'url', 'source_ip', 'logs'] as const) if (form[name]) body[name] = form[name];
      if (form.event_time) body.event_time = new Date(form.event_time).toISOString();
      if (files.length > 0) {
        body.attachments = await Promise.all(files.map(async (file) => ({
          name: file.name.replace(/[\r\n/\\]/g, '_').slice(0, 200) || 'file', content_type: file.type || 'application/octet-stream',
          data: toBase64(await file.arrayBuffer()),
        })));
      }
      setReceipt(await api<Receipt>('POST', '/public/reports', body));
    } catch (failure) { setError((failure as Error).message); } finally { setBusy(false); }
  };

  if (receipt) {
    return (
      <section class="card narrow" role="status" data-testid="receipt">
        <h1>{t('public_title')}</h1>
        <p>{t('receipt', { id: receipt.id })}</p>
        <p class="mono small">{t('receipt_hash', { sha: receipt.sha256 })}</p>
        {receipt.missing_evidence.length > 0 && <p>{t('receipt_missing', { missing: receipt.missing_evidence.map((m) => label('evidence', m)).join(', ') })}</p>}
      </section>
    );
  }
  return (
    <section class="card narrow">
      <h1>{t('public_title')}</h1>
      <p>{t('public_intro')}</p>
      <form onSubmit={submit}>
        <TextField id="pub-email" label={t('contact_email')} type="email" value={form.contact_email} onInput={set('contact_email')} required autocomplete="email" maxLength={254} />
        <TextField id="pub-name" label={t('contact_name')} value={form.contact_name} onInput={set('contact_name')} autocomplete="name" maxLength={200} />
        <fieldset>
          <legend>{t('consent_question')}</legend>
          <label class="check" for="pub-consent-yes"><input type="radio" id="pub-consent-yes" name="consent" value="yes" required checked={consent === 'yes'} onChange={() => setConsent('yes')} /><span>{t('consent_yes')}</span></label>
          <label class="check" for="pub-consent-no"><input type="radio" id="pub-consent-no" name="consent" value="no" checked={consent === 'no'} onChange={() => setConsent('no')} /><span>{t('consent_no')}</span></label>
        </fieldset>
        <Select id="pub-category" label={t('public_category')} value={form.category} anyLabel={t('dont_know')} onChange={set('category')}
          options={categoryNames.map((name) => ({ value: name, label: label('category', name) }))} />
        <TextField id="pub-description" label={t('public_description')} value={form.description} onInput={set('description')} required multiline rows={5} />
        <TextField id="pub-url" label={t('url')} value={form.url} onInput={set('url')} maxLength={4096} />
        <TextField id="pub-ip" label={t('source_ip')} value={form.source_ip} onInput={set('source_ip')} maxLength={100} />
        <TextField id="pub-time" label={t('event_time')} type="datetime-local" value={form.event_time} onInput={set('event_time')} />
        <TextField id="pub-logs" label={t('logs')} value={form.logs} onInput={set('logs')} multiline rows={6} />
        <label class="field" for="pub-files">
          <span>{t('files')}</span>
          <input id="pub-files" type="file" multiple onChange={(e) => setFiles(Array.from((e.currentTarget as HTMLInputElement).files ?? []))} />
        </label>
        {tooLarge && <p class="error" role="alert">{t('files_too_large')}</p>}
        <ErrorNote message={error} />
        <button type="submit" class="primary" disabled={busy}>{busy ? t('sending') : t('submit')}</button>
      </form>
    </section>
  );
}
