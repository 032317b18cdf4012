import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { onLinkClick } from '../router';
import { t } from '../i18n';

export function Link(props: { href: string; children: ComponentChildren; class?: string; 'aria-current'?: 'page' | undefined }) {
  return <a href={props.href} class={props.class} aria-current={props['aria-current']} onClick={onLinkClick}>{props.children}</a>;
}

export interface Async<T> { data: T | null; error: string | null; loading: boolean; reload: () => void }

// Runs `load` whenever a dependency changes; keeps the last data while reloading.
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => { if (live) setState({ data, error: null, loading: false }); },
      (error: Error) => { if (live) setState({ data: null, error: error.message, loading: false }); },
    );
    return () => { live = false; };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}

export function ErrorNote(props: { message: string | null }) {
  if (!props.message) return null;
  return <p class="error" role="alert">{t('error', { message: props.message })}</p>;
}

export function Loading(props: { when: boolean }) {
  return props.when ? <p class="muted" aria-live="polite">{t('loading')}</p> : null;
}

// A select over vocabulary values with translated labels; '' is "any" when `anyLabel` is given.
export function Select(props: { id: string; label: string; value: string; options: { value: string; label: string }[];
  onChange: (value: string) => void; anyLabel?: string; required?: boolean; name?: string }) {
  return (
    <label class="field" for={props.id}>
      <span>{props.label}</span>
      <select id={props.id} name={props.name ?? props.id} value={props.value} required={props.required}
        onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}>
        {props.anyLabel !== undefined && <option value="">{props.anyLabel}</option>}
        {props.options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
    </label>
  );
}

export function TextField(props: { id: string; label: string; value: string; onInput: (value: string) => void;
  type?: string; required?: boolean; autocomplete?: string; multiline?: boolean; rows?: number; maxLength?: number; name?: string }) {
  const handler = (event: Event) => props.onInput((event.currentTarget as HTMLInputElement).value);
  return (
    <label class="field" for={props.id}>
      <span>{props.label}</span>
      {props.multiline
        ? <textarea id={props.id} name={props.name ?? props.id} value={props.value} rows={props.rows ?? 4} required={props.required} maxLength={props.maxLength} onInput={handler} />
        : <input id={props.id} name={props.name ?? props.id} type={props.type ?? 'text'} value={props.value} required={props.required} autoComplete={props.autocomplete} maxLength={props.maxLength} onInput={handler} />}
    </label>
  );
}
