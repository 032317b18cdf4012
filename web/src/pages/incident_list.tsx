// The incident list: filters (state, category, lead, TLP, text) and the sort order kept in the
// URL, sorting and paging done by the server (GET /incidents?sort=&order=&cursor=, whose cursor
// continues the chosen order), and a form to open an incident.
import { useState } from 'preact/hooks';
import { api, canWrite, Incident, Page, query } from '../api';
import { formatTime, label, t } from '../i18n';
import { navigate, useLocation } from '../router';
import { ErrorNote, Link, Loading, Select, TextField, useAsync } from '../components/common';
import type { Session } from '../main';

const kPageSize = 50;
// Every column is a server sort key (doc/api.md); the default order is id descending.
type Column = 'id' | 'title' | 'state' | 'category' | 'severity' | 'tlp' | 'lead' | 'reported_at';
const kColumns: Column[] = ['id', 'title', 'state', 'category', 'severity', 'tlp', 'lead', 'reported_at'];

function SortFromUrl(search: URLSearchParams): { column: Column; ascending: boolean } {
  const column = search.get('sort') as Column | null;
  if (column === null || !kColumns.includes(column)) return { column: 'id', ascending: false };
  return { column, ascending: search.get('order') !== 'desc' };
}

function NewIncidentForm(props: { session: Session; onDone: () => void }) {
  const meta = props.session.meta;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState(meta.categories[0]?.name ?? 'other');
  const [severity, setSeverity] = useState('medium');
  const [tlp, setTlp] = useState('TLP:AMBER');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const incident = await api<Incident>('POST', '/incidents', { title, description, category, severity, tlp });
      navigate(`/incidents/${incident.id}`);
    } catch (failure) { setError((failure as Error).message); }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="new-incident-heading">
      <h2 id="new-incident-heading">{t('new_incident')}</h2>
      <TextField id="new-title" label={t('title')} value={title} onInput={setTitle} required maxLength={300} />
      <TextField id="new-description" label={t('description')} value={description} onInput={setDescription} multiline />
      <div class="row">
        <Select id="new-category" label={t('category')} value={category} onChange={setCategory}
          options={meta.categories.map((c) => ({ value: c.name, label: label('category', c.name) }))} />
        <Select id="new-severity" label={t('severity')} value={severity} onChange={setSeverity}
          options={meta.severities.map((s) => ({ value: s, label: label('severity', s) }))} />
        <Select id="new-tlp" label={t('tlp')} value={tlp} onChange={setTlp} options={meta.tlp.map((v) => ({ value: v, label: v }))} />
      </div>
      <ErrorNote message={error} />
      <div class="actions">
        <button type="submit" class="primary">{t('create')}</button>
        <button type="button" onClick={props.onDone}>{t('cancel')}</button>
      </div>
    </form>
  );
}

export function IncidentListPage(props: { session: Session }) {
  const { search } = useLocation();
  const meta = props.session.meta;
  const filters = {
    state: search.get('state') ?? '', category: search.get('category') ?? '', tlp: search.get('tlp') ?? '',
    lead: search.get('lead'), q: search.get('q') ?? '',
  };
  const [draft, setDraft] = useState({ ...filters, lead: filters.lead ?? '', unassigned: filters.lead === '' });
  const sort = SortFromUrl(search);
  const isDefaultSort = sort.column === 'id' && !sort.ascending;
  const [creating, setCreating] = useState(false);
  const key = search.toString();
  // The pages' cursors belong to one URL (filters and order); any other URL starts at page 1.
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = paging.key === key ? paging.cursors : [null];
  const setCursors = (next: (string | null)[]) => setPaging({ key, cursors: next });
  const page = cursors.length - 1;
  const result = useAsync(() => {
    const params: Record<string, string | number | null> = {
      state: filters.state, category: filters.category, tlp: filters.tlp, q: filters.q,
      sort: isDefaultSort ? null : sort.column, order: isDefaultSort ? null : (sort.ascending ? 'asc' : 'desc'),
      limit: kPageSize, cursor: cursors[page],
    };
    let path = '/incidents' + query(params);
    if (filters.lead !== null) path += (path.includes('?') ? '&' : '?') + 'lead=' + encodeURIComponent(filters.lead);
    return api<Page<Incident>>('GET', path);
  }, [key, page]);

  const apply = (event: Event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const name of ['state', 'category', 'tlp', 'q'] as const) if (draft[name]) params.set(name, draft[name]);
    if (draft.unassigned) params.set('lead', ''); else if (draft.lead) params.set('lead', draft.lead);
    if (!isDefaultSort) { params.set('sort', sort.column); params.set('order', sort.ascending ? 'asc' : 'desc'); }
    navigate('/incidents' + (params.toString() ? '?' + params.toString() : ''));
  };

  // A header click asks the server for that order (ascending first, then toggling), page 1.
  const sortBy = (column: Column) => {
    const ascending = sort.column === column ? !sort.ascending : true;
    const params = new URLSearchParams(search);
    params.delete('sort'); params.delete('order');
    if (column !== 'id' || ascending) { params.set('sort', column); params.set('order', ascending ? 'asc' : 'desc'); }
    navigate('/incidents' + (params.toString() ? '?' + params.toString() : ''));
  };
  const rows = result.data?.items ?? [];

  const columns: [Column, string][] = [['id', 'col_id'], ['title', 'col_title'], ['state', 'col_state'], ['category', 'col_category'],
    ['severity', 'col_severity'], ['tlp', 'col_tlp'], ['lead', 'col_lead'], ['reported_at', 'col_reported']];
  return (
    <section>
      <div class="heading-row">
        <h1>{t('incidents_title')}</h1>
        {canWrite(props.session.user) && !creating && <button type="button" class="primary" onClick={() => setCreating(true)}>{t('new_incident')}</button>}
      </div>
      {creating && <NewIncidentForm session={props.session} onDone={() => setCreating(false)} />}
      <form class="filters card" role="search" onSubmit={apply}>
        <Select id="filter-state" label={t('filter_state')} value={draft.state} anyLabel={t('any')} onChange={(v) => setDraft({ ...draft, state: v })}
          options={meta.states.map((s) => ({ value: s.name, label: label('state', s.name) }))} />
        <Select id="filter-category" label={t('filter_category')} value={draft.category} anyLabel={t('any')} onChange={(v) => setDraft({ ...draft, category: v })}
          options={meta.categories.map((c) => ({ value: c.name, label: label('category', c.name) }))} />
        <Select id="filter-tlp" label={t('filter_tlp')} value={draft.tlp} anyLabel={t('any')} onChange={(v) => setDraft({ ...draft, tlp: v })}
          options={meta.tlp.map((v) => ({ value: v, label: v }))} />
        <TextField id="filter-lead" label={t('filter_lead')} value={draft.lead} onInput={(v) => setDraft({ ...draft, lead: v })} />
        <label class="check" for="filter-unassigned">
          <input id="filter-unassigned" type="checkbox" checked={draft.unassigned} onChange={(e) => setDraft({ ...draft, unassigned: (e.currentTarget as HTMLInputElement).checked })} />
          <span>{t('unassigned')}</span>
        </label>
        <TextField id="filter-q" label={t('filter_text')} type="search" value={draft.q} onInput={(v) => setDraft({ ...draft, q: v })} maxLength={300} />
        <div class="actions">
          <button type="submit" class="primary">{t('apply')}</button>
          <button type="button" onClick={() => { setDraft({ state: '', category: '', tlp: '', lead: '', q: '', unassigned: false }); navigate('/incidents'); }}>{t('clear')}</button>
        </div>
      </form>
      <ErrorNote message={result.error} />
      <Loading when={result.loading && !result.data} />
      <div class="table-wrap">
        <table class="list" aria-busy={result.loading} data-testid="incident-table">
          <caption class="visually-hidden">{t('incidents_title')} — {t('page_n', { n: page + 1 })}</caption>
          <thead>
            <tr>
              {columns.map(([column, key]) => (
                <th key={column} scope="col" aria-sort={sort.column === column ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" class="sort" aria-label={t('sort_by', { column: t(key) })}
                    onClick={() => sortBy(column)}>
                    {t(key)}{sort.column === column ? (sort.ascending ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((incident) => (
              <tr key={incident.id}>
                <td>{incident.id}</td>
                <td><Link href={`/incidents/${incident.id}`}>{incident.title}</Link></td>
                <td><span class={`badge state-${incident.state}`}>{label('state', incident.state)}</span></td>
                <td>{label('category', incident.category)}</td>
                <td>{label('severity', incident.severity)}</td>
                <td>{incident.tlp}</td>
                <td>{incident.lead ?? t('unassigned')}</td>
                <td>{formatTime(incident.reported_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.data && result.data.items.length === 0 && <p>{t('no_incidents')}</p>}
      <nav class="pager" aria-label={t('page_n', { n: page + 1 })}>
        <button type="button" disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>{t('previous_page')}</button>
        <span>{t('page_n', { n: page + 1 })}</span>
        <button type="button" disabled={!result.data?.next} onClick={() => setCursors([...cursors, result.data!.next])}>{t('next_page')}</button>
      </nav>
    </section>
  );
}
