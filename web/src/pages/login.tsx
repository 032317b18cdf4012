import { useState } from 'preact/hooks';
import { api, setCsrfToken, User } from '../api';
import { t } from '../i18n';
import { ErrorNote, TextField } from '../components/common';

export function LoginPage(props: { onLogin: () => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ user: User; csrf_token: string }>('POST', '/auth/login', { username, password });
      setCsrfToken(result.csrf_token);
      await props.onLogin();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card narrow">
      <h1>{t('sign_in')}</h1>
      <form onSubmit={submit}>
        <TextField id="login-username" label={t('username')} value={username} onInput={setUsername} required autocomplete="username" />
        <TextField id="login-password" label={t('password')} type="password" value={password} onInput={setPassword} required autocomplete="current-password" />
        <ErrorNote message={error} />
        <button type="submit" class="primary" disabled={busy}>{t('sign_in')}</button>
      </form>
      <p><a href="/report">{t('nav_public_form')}</a></p>
    </section>
  );
}
