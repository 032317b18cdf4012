// The contact directory (doc/api.md "/contacts"): everyone the team may have to tell. All roles
// see the list; writers add, edit and delete (the API refuses the others anyway). Deleting asks
// for a second click in place rather than a browser dialog.
import { useState } from 'preact/hooks';
import { api, canWrite, Contact, ContactFields, contactKinds } from '../api';
import { label, t } from '../i18n';
import { ErrorNote, Loading, Select, TextField, useAsync } from '../components/common';
import type { Session } from '../main';

const emptyContact: ContactFields = {
  name: '', organisation: '', kind: 'network-owner', emails: [], language: 'en', country: '',
  pgp_fingerprint: '', notes: '', networks: [], asns: [], domains: [],
};

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line !== '');

function ContactForm(props: { initial: Contact | null; onDone: () => void; onCancel: () => void }) {
  const start = props.initial ?? emptyContact;
  const [fields, setFields] = useState<ContactFields>({ ...emptyContact, ...start });
  const [emails, setEmails] = useState(start.emails.join('\n'));
  const [networks, setNetworks] = useState((start.networks ?? []).join('\n'));
  const [asns, setAsns] = useState((start.asns ?? []).join('\n'));
  const [domains, setDomains] = useState((start.domains ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  const set = (name: keyof ContactFields) => (value: string) => setFields({ ...fields, [name]: value });
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const body: ContactFields = {
      name: fields.name, organisation: fields.organisation, kind: fields.kind,
      emails: lines(emails),
      language: fields.language, country: fields.country.trim().toUpperCase(),
      pgp_fingerprint: fields.pgp_fingerprint.trim(), notes: fields.notes,
      networks: lines(networks), asns: lines(asns), domains: lines(domains),
    };
    try {
      if (props.initial) await api('PUT', `/contacts/${props.initial.id}`, body);
      else await api('POST', '/contacts', body);
      props.onDone();
    } catch (failure) { setError((failure as Error).message); }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="contact-form-heading" data-testid="contact-form">
      <h2 id="contact-form-heading">{props.initial ? t('contact_edit') : t('contact_new')}</h2>
      <TextField id="contact-name" label={t('person_name')} value={fields.name} onInput={set('name')} required maxLength={1024} />
      <TextField id="contact-organisation" label={t('contact_organisation')} value={fields.organisation} onInput={set('organisation')} maxLength={1024} />
      <Select id="contact-kind" label={t('contact_kind')} value={fields.kind} onChange={set('kind')}
        options={contactKinds.map((kind) => ({ value: kind, label: label('kind', kind) }))} />
      <TextField id="contact-emails" label={t('contact_emails')} value={emails} onInput={setEmails} multiline rows={3} />
      <Select id="contact-language" label={t('contact_language')} value={fields.language} onChange={set('language')}
        options={['ja', 'en'].map((lang) => ({ value: lang, label: label('lang', lang) }))} />
      <TextField id="contact-country" label={t('contact_country')} value={fields.country} onInput={set('country')} maxLength={2} />
      <TextField id="contact-pgp" label={t('contact_pgp')} value={fields.pgp_fingerprint} onInput={set('pgp_fingerprint')} maxLength={128} />
      <TextField id="contact-networks" label={t('contact_networks')} value={networks} onInput={setNetworks} multiline rows={2} />
      <TextField id="contact-asns" label={t('contact_asns')} value={asns} onInput={setAsns} multiline rows={1} />
      <TextField id="contact-domains" label={t('contact_domains')} value={domains} onInput={setDomains} multiline rows={2} />
      <p class="small">{t('contact_covers_help')}</p>
      <TextField id="contact-notes" label={t('contact_notes')} value={fields.notes} onInput={set('notes')} multiline rows={3} />
      <div class="actions">
        <button type="submit" class="primary">{t('save')}</button>
        <button type="button" onClick={props.onCancel}>{t('cancel')}</button>
      </div>
      <ErrorNote message={error} />
    </form>
  );
}

function ContactRow(props: { contact: Contact; writer: boolean; onEdit: () => void; onDeleted: () => void }) {
  const c = props.contact;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setError(null);
    try {
      await api('DELETE', `/contacts/${c.id}`);
      props.onDeleted();
    } catch (failure) { setError((failure as Error).message); setConfirming(false); }
  };
  return (
    <tr>
      <td>{c.name}</td>
      <td>{c.organisation}</td>
      <td>{label('kind', c.kind)}</td>
      <td class="mono">{c.emails.join(', ')}</td>
      <td>{label('lang', c.language)}</td>
      <td>{c.country}</td>
      <td class="mono small">{[...(c.networks ?? []), ...(c.asns ?? []), ...(c.domains ?? [])].join(', ')}</td>
      <td class="mono small">{c.pgp_fingerprint}</td>
      <td class="prewrap">{c.notes}</td>
      {props.writer && (
        <td>
          <button type="button" class="small" aria-label={t('contact_edit_label', { name: c.name })} onClick={props.onEdit}>{t('contact_edit')}</button>{' '}
          {confirming ? (
            <span role="group" aria-label={t('contact_confirm_delete', { name: c.name })}>
              <span>{t('contact_confirm_delete', { name: c.name })}</span>{' '}
              <button type="button" class="small" onClick={remove}>{t('contact_confirm')}</button>{' '}
              <button type="button" class="small" onClick={() => setConfirming(false)}>{t('cancel')}</button>
            </span>
          ) : (
            <button type="button" class="small" aria-label={t('contact_delete_label', { name: c.name })} onClick={() => setConfirming(true)}>{t('contact_delete')}</button>
          )}
          <ErrorNote message={error} />
        </td>
      )}
    </tr>
  );
}

export function ContactsPage(props: { session: Session }) {
  const contacts = useAsync(() => api<{ items: Contact[] }>('GET', '/contacts'), []);
  // null: no form; 'new': the add form; a contact: its edit form.
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const writer = canWrite(props.session.user);
  const items = contacts.data?.items ?? [];
  const done = () => { setEditing(null); contacts.reload(); };
  return (
    <section>
      <div class="heading-row">
        <h1>{t('contacts_title')}</h1>
        {writer && editing === null && <button type="button" class="primary" onClick={() => setEditing('new')}>{t('contact_add')}</button>}
      </div>
      {writer && editing !== null && (
        <ContactForm key={editing === 'new' ? 'new' : editing.id} initial={editing === 'new' ? null : editing}
          onDone={done} onCancel={() => setEditing(null)} />
      )}
      <Loading when={contacts.loading} />
      <ErrorNote message={contacts.error} />
      {contacts.data && items.length === 0 && <p>{t('contacts_empty')}</p>}
      {items.length > 0 && (
        <div class="table-wrap">
          <table class="list" data-testid="contact-table">
            <thead>
              <tr>
                <th scope="col">{t('person_name')}</th><th scope="col">{t('contact_organisation')}</th>
                <th scope="col">{t('contact_kind')}</th><th scope="col">{t('contact_emails_short')}</th>
                <th scope="col">{t('contact_language')}</th><th scope="col">{t('country')}</th>
                <th scope="col">{t('contact_covers')}</th>
                <th scope="col">{t('contact_pgp')}</th><th scope="col">{t('contact_notes')}</th>
                {writer && <th scope="col">{t('contact_actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((contact) => (
                <ContactRow key={contact.id} contact={contact} writer={writer} onEdit={() => setEditing(contact)} onDeleted={contacts.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
