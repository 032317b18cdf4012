// The JSON API client (doc/api.md). The session is an HttpOnly cookie the script never sees;
// every write echoes the CSRF token from login or /auth/me in X-CSRF-Token.

export interface User { name: string; role: 'admin' | 'responder' | 'viewer'; disabled: boolean; created_at: string }
export interface CategoryMeta { name: string; label_en: string; label_ja: string; rsit: string }
export interface StateMeta { name: string; nist: string; jpcert: string; jpcert_step: number; next: string[] }
export interface Meta {
  categories: CategoryMeta[];
  states: StateMeta[];
  severities: string[];
  tlp: string[];
  not_incident_reasons: string[];
}
export interface Incident {
  id: number; title: string; description: string; category: string; rsit: string;
  severity: string; tlp: string; state: string; phase: { nist: string; jpcert: string };
  next_states: string[]; lead: string | null; not_incident_reason: string | null;
  reported_at: string; created_at: string; updated_at: string;
  acknowledged_at: string | null; contained_at: string | null; recovered_at: string | null;
  closed_at: string | null;
  metrics: { time_to_acknowledge_seconds: number | null; time_to_contain_seconds: number | null;
    time_to_recover_seconds: number | null };
  version: number;
}
export interface WorkLogEntry { seq: number; at: string; responder: string; action: string; text: string; hash: string }
export interface Observable { kind: string; value: string; original: string }
export interface Report {
  id: number; channel: string; format: string; sha256: string; raw_bytes: number; received_at: string;
  reporter: string; reporter_name: string | null; subject: string | null; language: string;
  event_time: string | null; consent_to_share: boolean | null; status: string; category: string | null;
  rsit: string | null; triage_rule: string; not_incident_reason: string | null; missing_evidence: string[];
  draft_reply: string | null; incident_id: number | null; duplicate_of: number | null;
  observables?: Observable[]; text?: string; anomalies?: string[];
}
export interface Page<T> { items: T[]; next: string | null }

// Coordination (doc/api.md "Coordination", "GET /lookup").
export interface OwnerLookup {
  query: string; netblock: string; owner: string; country: string; abuse_mailboxes: string[];
  national_csirt: string; language: string; source: string; constituent: boolean;
}
export interface CorrelationLink { id: number; incident_id: number; rule: string; key: string; report_ids: number[]; at: string }
export interface Notification {
  id: number; kind: string; state: string; category: string; recipient: string; cc: string;
  language: string; subject: string; body: string; incident_ids: number[]; approved_by: string;
  attempts: number; last_error: string; created_at: string; updated_at: string; sent_at: string | null; version: number;
  // Which source chose the recipient (doc/coordination.md "Choosing recipients"); the chosen
  // directory contact's PGP fingerprint (carried, mail is not encrypted yet).
  recipient_source: string; pgp_fingerprint: string;
}
export const contactKinds = ['internal', 'network-owner', 'vendor', 'authority', 'coordination-centre', 'peer-csirt', 'reporter'];
export interface ContactFields {
  name: string; organisation: string; kind: string; emails: string[]; language: string;
  country: string; pgp_fingerprint: string; notes: string;
  networks: string[]; asns: string[]; domains: string[];  // what the contact covers
}
export interface Contact extends ContactFields { id: number }

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string) { super(message); }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null) { csrfToken = token; }

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch('/api/v1' + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: any = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!response.ok) {
    throw new ApiError(response.status, json?.error?.code ?? 'error', json?.error?.message ?? response.statusText);
  }
  return json as T;
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? '?' + text : '';
}

export function canWrite(user: User | null): boolean {
  return user !== null && (user.role === 'responder' || user.role === 'admin');
}
