// The Hikeshi web UI: the shell (navigation, language and time-zone switches, session) and the
// route table. Screens live in pages/; the API client in api.ts; every string in i18n.ts.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { api, ApiError, Meta, setCsrfToken, User } from './api';
import { browserZone, currentLang, Lang, setLang, setZone, t, zoneSetting } from './i18n';
import { navigate, useLocation } from './router';
import { Link } from './components/common';
import { LoginPage } from './pages/login';
import { IncidentListPage } from './pages/incident_list';
import { IncidentDetailPage } from './pages/incident_detail';
import { PrintReportPage } from './pages/print_report';
import { ReportInboxPage } from './pages/report_inbox';
import { PublicReportPage } from './pages/public_report';
import { DashboardPage } from './pages/dashboard';
import { ContactsPage } from './pages/contacts';

export interface Session { user: User; meta: Meta }

function Preferences(props: { onChange: () => void }) {
  const zones = Array.from(new Set(['', 'Asia/Tokyo', 'UTC', browserZone()]));
  return (
    <div class="preferences">
      <label class="inline" for="pref-lang">
        <span>{t('language')}</span>
        <select id="pref-lang" value={currentLang()} onChange={(event) => { setLang((event.currentTarget as HTMLSelectElement).value as Lang); props.onChange(); }}>
          <option value="en" lang="en">English</option>
          <option value="ja" lang="ja">日本語</option>
        </select>
      </label>
      <label class="inline" for="pref-zone">
        <span>{t('time_zone')}</span>
        <select id="pref-zone" value={zoneSetting()} onChange={(event) => { setZone((event.currentTarget as HTMLSelectElement).value); props.onChange(); }}>
          {zones.map((zone) => <option key={zone} value={zone}>{zone === '' ? (currentLang() === 'ja' ? 'Asia/Tokyo (JST)' : `${t('tz_browser')} (${browserZone()})`) : zone}</option>)}
        </select>
      </label>
    </div>
  );
}

function App() {
  const { path } = useLocation();
  const [session, setSession] = useState<Session | null>(null);
  const [checked, setChecked] = useState(false);
  const [, setRevision] = useState(0);
  const rerender = () => setRevision((n) => n + 1);
  const isPublic = path === '/report';

  const start = async () => {
    try {
      const me = await api<{ user: User; csrf_token: string | null }>('GET', '/auth/me');
      setCsrfToken(me.csrf_token);
      const meta = await api<Meta>('GET', '/meta');
      setSession({ user: me.user, meta });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
      setSession(null);
    }
    setChecked(true);
  };
  useEffect(() => { if (!isPublic) start(); else setChecked(true); }, []);

  const logout = async () => {
    try { await api('POST', '/auth/logout'); } catch { /* already gone */ }
    setCsrfToken(null);
    setSession(null);
    navigate('/login');
  };

  let page;
  let title = t('app_name');
  if (isPublic) {
    page = <PublicReportPage />;
  } else if (!checked) {
    page = <p class="muted">{t('loading')}</p>;
  } else if (!session) {
    page = <LoginPage onLogin={async () => { await start(); if (path === '/login' || path === '/') navigate('/incidents', true); }} />;
  } else {
    const parts = path.split('/').filter(Boolean);
    if (parts.length === 0 || path === '/login') { navigate('/incidents', true); return null; }
    if (parts[0] === 'incidents' && parts.length === 1) page = <IncidentListPage session={session} />;
    else if (parts[0] === 'incidents' && parts.length === 2) page = <IncidentDetailPage session={session} id={parts[1]} />;
    else if (parts[0] === 'incidents' && parts[2] === 'print') page = <PrintReportPage session={session} id={parts[1]} />;
    else if (parts[0] === 'reports') page = <ReportInboxPage session={session} selected={parts[1] ?? null} />;
    else if (parts[0] === 'dashboard') page = <DashboardPage session={session} />;
    else if (parts[0] === 'contacts') page = <ContactsPage session={session} />;
    else page = <p>{t('not_found')}</p>;
  }
  useEffect(() => { document.title = title; });

  const nav = [
    ['/incidents', 'nav_incidents'], ['/reports', 'nav_reports'], ['/dashboard', 'nav_dashboard'],
    ['/contacts', 'nav_contacts'],
  ] as const;
  return (
    <div class="shell">
      <a class="skip" href="#main">{t('skip_to_content')}</a>
      <header class="topbar no-print">
        <span class="brand">{t('app_name')}</span>
        {session && !isPublic && (
          <nav aria-label={t('nav_main')}>
            <ul>
              {nav.map(([href, key]) => (
                <li key={href}><Link href={href} aria-current={path.startsWith(href) ? 'page' : undefined}>{t(key)}</Link></li>
              ))}
              <li><a href="/report">{t('nav_public_form')}</a></li>
            </ul>
          </nav>
        )}
        <Preferences onChange={rerender} />
        {session && !isPublic && (
          <div class="who">
            <span data-testid="whoami">{t('signed_in_as', { name: session.user.name, role: t('role_' + session.user.role) })}</span>
            <button type="button" onClick={logout}>{t('sign_out')}</button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
