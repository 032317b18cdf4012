// Every string the UI shows, in English and Japanese. The language comes from the browser
// (navigator.languages) unless the user picked one (kept in localStorage); dates are shown in the
// chosen time zone: JST by default for Japanese, the browser's zone for English.

export type Lang = 'en' | 'ja';

const en = {
  app_name: 'Hikeshi',
  skip_to_content: 'Skip to content',
  nav_main: 'Main',
  nav_incidents: 'Incidents',
  nav_reports: 'Report inbox',
  nav_dashboard: 'Dashboard',
  nav_contacts: 'Contacts',
  nav_public_form: 'Public report form',
  language: 'Language',
  time_zone: 'Time zone',
  tz_browser: 'This computer',
  sign_in: 'Sign in',
  sign_out: 'Sign out',
  username: 'User name',
  password: 'Password',
  signed_in_as: 'Signed in as {name} ({role})',
  role_admin: 'admin', role_responder: 'responder', role_viewer: 'viewer (read only)',
  loading: 'Loading…',
  error: 'Error: {message}',
  save: 'Save',
  cancel: 'Cancel',
  search: 'Search',
  apply: 'Apply filters',
  clear: 'Clear',
  any: 'Any',
  none: '(none)',
  unassigned: 'Unassigned',
  previous_page: 'Previous page',
  next_page: 'Next page',
  page_n: 'Page {n}',
  // incidents
  incidents_title: 'Incidents',
  new_incident: 'New incident',
  create: 'Create',
  filter_state: 'State', filter_category: 'Category', filter_lead: 'Lead', filter_tlp: 'TLP',
  filter_text: 'Text search',
  col_id: 'No.', col_title: 'Title', col_state: 'State', col_category: 'Category',
  col_severity: 'Severity', col_tlp: 'TLP', col_lead: 'Lead', col_reported: 'Reported',
  sort_by: 'Sort by {column}',
  no_incidents: 'No incidents match.',
  title: 'Title', description: 'Description', category: 'Category', severity: 'Severity',
  tlp: 'TLP', lead: 'Lead', state: 'State', reported_at: 'Reported at',
  summary: 'Summary',
  phase: 'Phase',
  acknowledged_at: 'Acknowledged', contained_at: 'Contained', recovered_at: 'Recovered',
  closed_at: 'Closed',
  time_to_acknowledge: 'Time to acknowledge', time_to_contain: 'Time to contain',
  time_to_recover: 'Time to recover',
  lifecycle: 'Lifecycle',
  move_to: 'Move to: {state}',
  transition_note: 'Note for the transition',
  reason: 'Reason',
  no_transitions: 'No further transitions.',
  set_lead: 'Set lead',
  assign_me: 'Lead it myself',
  worklog: 'Work log',
  worklog_add: 'Add to the work log',
  worklog_text: 'What was done',
  append: 'Append',
  worklog_empty: 'Nothing logged yet.',
  linked_reports: 'Linked reports',
  no_linked_reports: 'No reports attached.',
  observables: 'Observables',
  no_observables: 'No observables in the linked reports.',
  lookup: 'Look up',
  seen_in: 'Seen in reports {reports}; incidents {incidents}',
  owner_lookup_pending: 'Owner lookup (network owner, abuse contact) appears here once the coordination API exists.',
  notifications: 'Notifications',
  notifications_pending: 'Notifications (drafts, approve and send) appear here once the notification API exists.',
  print_view: 'Printable report',
  print: 'Print',
  back: 'Back',
  timeline: 'Timeline',
  decisions: 'Decisions',
  printed_at: 'Printed {at} by {user}',
  // reports
  reports_title: 'Report inbox',
  filter_status: 'Status',
  col_received: 'Received', col_reporter: 'Reporter', col_subject: 'Subject', col_status: 'Status',
  no_reports: 'No reports.',
  report_n: 'Report #{id}',
  reporter: 'Reporter', consent: 'Consent to share', yes: 'Yes', no: 'No', unknown: 'Unknown',
  missing_evidence: 'Missing evidence',
  triage_rule: 'Triage',
  report_text: 'Text',
  raw_download: 'Download the raw report',
  draft_reply: 'Drafted reply',
  triage_actions: 'Triage',
  action_new_incident: 'Open a new incident',
  action_attach: 'Attach to incident',
  action_not_incident: 'Not an incident',
  action_ask_info: 'Ask for information',
  incident_number: 'Incident number',
  note: 'Note',
  reply: 'Reply to send',
  done_accepted: 'Accepted into incident #{id}.',
  done_status: 'Report is now: {status}.',
  open_incident: 'Open incident #{id}',
  select_report: 'Select a report to triage it.',
  // public form
  public_title: 'Report a security incident',
  public_intro: 'Tell us what you saw. Evidence helps: full mail headers, the URL, the IP address, times and logs.',
  contact_email: 'Your e-mail address',
  contact_name: 'Your name (optional)',
  consent_question: 'May we pass this report, with your contact, to the parties concerned (e.g. the network owner or JPCERT/CC)?',
  consent_yes: 'Yes, you may share it',
  consent_no: 'No, keep my contact to yourselves',
  public_category: 'What kind of incident? (optional)',
  dont_know: "I don't know",
  url: 'URL', source_ip: 'Source IP address', event_time: 'When did it happen? (your local time)',
  logs: 'Logs or mail headers',
  public_description: 'What happened',
  files: 'Files (up to 5, 512 KiB together)',
  files_too_large: 'The files are too large: at most 5 files and 512 KiB together.',
  submit: 'Send report',
  sending: 'Sending…',
  receipt: 'Thank you. Your report number is {id}.',
  receipt_hash: 'Fingerprint of what we received (SHA-256): {sha}',
  receipt_missing: 'We may ask you for: {missing}',
  // dashboard
  dashboard_title: 'Dashboard',
  period_by: 'Group by',
  by_quarter: 'Quarter', by_month: 'Month',
  from: 'From', to: 'To',
  taxonomy: 'Categories',
  taxonomy_jpcert: 'JPCERT/CC', taxonomy_rsit: 'RSIT',
  download_csv: 'Download CSV',
  reports_per_category: 'Reports per category',
  incidents_per_category: 'Incidents per category',
  trend: 'Trend: reports and incidents per period',
  response_times: 'Response times (hours, median per period)',
  contained_within_hour: 'Contained within one hour',
  contained_share: '{within} of {count} contained incidents ({share})',
  open_by_age: 'Open incidents by age',
  open_total: 'Open incidents: {n}',
  open_label: 'Open incidents',
  distribution: 'Distribution of response times (whole range)',
  mtta: 'MTTA', mttc: 'MTTC', mttr: 'MTTR',
  mean: 'Mean', median: 'Median', p90: '90th percentile', count: 'Count',
  period: 'Period', reports: 'Reports', incidents: 'Incidents', total: 'Total',
  age_lt_1d: '< 1 day', age_1d_7d: '1–7 days', age_7d_30d: '7–30 days', age_30d_90d: '30–90 days',
  age_ge_90d: '≥ 90 days',
  bucket_le_1h: '≤ 1 h', bucket_le_4h: '≤ 4 h', bucket_le_24h: '≤ 24 h', bucket_le_3d: '≤ 3 days',
  bucket_le_7d: '≤ 7 days', bucket_gt_7d: '> 7 days',
  uncategorised: 'Uncategorised',
  chart_table: 'The numbers behind the chart',
  // contacts
  contacts_title: 'Contacts',
  contacts_pending: 'The contact directory (abuse contacts, national CSIRTs, internal escalation) appears here once its API exists.',
  not_found: 'Page not found.',
  // vocabularies
  'state:new': 'New', 'state:triage': 'Triage', 'state:not-an-incident': 'Not an incident',
  'state:open': 'Open', 'state:contained': 'Contained', 'state:recovered': 'Recovered',
  'state:closed': 'Closed',
  'status:received': 'Received', 'status:new': 'New', 'status:needs-info': 'Needs information',
  'status:not-an-incident': 'Not an incident', 'status:accepted': 'Accepted',
  'status:duplicate': 'Duplicate',
  'severity:low': 'Low', 'severity:medium': 'Medium', 'severity:high': 'High',
  'severity:critical': 'Critical',
  'reason:spam': 'Spam', 'reason:one-click-fraud': 'One-click fraud',
  'reason:legitimate-access': 'Legitimate access', 'reason:duplicate': 'Duplicate',
  'reason:other': 'Other',
  'category:scan': 'Scan', 'category:intrusion': 'Intrusion', 'category:dos': 'DoS/DDoS',
  'category:phishing': 'Phishing site', 'category:defacement': 'Website defacement',
  'category:malware-site': 'Malware site', 'category:targeted-attack': 'Targeted attack',
  'category:control-system': 'Control system', 'category:other': 'Other',
  'evidence:source-ip': 'source IP address', 'evidence:time': 'date and time',
  'evidence:url': 'URL', 'evidence:full-headers': 'full mail headers', 'evidence:log-lines': 'log lines',
};

export type Key = keyof typeof en;

const ja: Record<Key, string> = {
  app_name: '火消し Hikeshi',
  skip_to_content: '本文へ移動',
  nav_main: 'メイン',
  nav_incidents: 'インシデント',
  nav_reports: '報告受付箱',
  nav_dashboard: 'ダッシュボード',
  nav_contacts: '連絡先',
  nav_public_form: '公開報告フォーム',
  language: '言語',
  time_zone: 'タイムゾーン',
  tz_browser: 'このコンピュータ',
  sign_in: 'ログイン',
  sign_out: 'ログアウト',
  username: 'ユーザー名',
  password: 'パスワード',
  signed_in_as: '{name}（{role}）としてログイン中',
  role_admin: '管理者', role_responder: '対応者', role_viewer: '閲覧者（読み取り専用）',
  loading: '読み込み中…',
  error: 'エラー: {message}',
  save: '保存',
  cancel: 'キャンセル',
  search: '検索',
  apply: '絞り込む',
  clear: 'クリア',
  any: 'すべて',
  none: '（なし）',
  unassigned: '未割り当て',
  previous_page: '前のページ',
  next_page: '次のページ',
  page_n: '{n} ページ目',
  incidents_title: 'インシデント一覧',
  new_incident: 'インシデント新規作成',
  create: '作成',
  filter_state: '状態', filter_category: 'カテゴリ', filter_lead: '担当者', filter_tlp: 'TLP',
  filter_text: '全文検索',
  col_id: '番号', col_title: '件名', col_state: '状態', col_category: 'カテゴリ',
  col_severity: '深刻度', col_tlp: 'TLP', col_lead: '担当者', col_reported: '報告日時',
  sort_by: '{column}で並べ替え',
  no_incidents: '該当するインシデントはありません。',
  title: '件名', description: '説明', category: 'カテゴリ', severity: '深刻度',
  tlp: 'TLP', lead: '担当者', state: '状態', reported_at: '報告日時',
  summary: '概要',
  phase: 'フェーズ',
  acknowledged_at: '受付', contained_at: '封じ込め', recovered_at: '復旧', closed_at: '完了',
  time_to_acknowledge: '受付までの時間', time_to_contain: '封じ込めまでの時間',
  time_to_recover: '復旧までの時間',
  lifecycle: 'ライフサイクル',
  move_to: '「{state}」へ移行',
  transition_note: '移行のメモ',
  reason: '理由',
  no_transitions: 'これ以上の移行はありません。',
  set_lead: '担当者を設定',
  assign_me: '自分が担当する',
  worklog: '作業記録',
  worklog_add: '作業記録に追加',
  worklog_text: '実施した作業',
  append: '追加',
  worklog_empty: '記録はまだありません。',
  linked_reports: '関連する報告',
  no_linked_reports: '関連付けられた報告はありません。',
  observables: '観測値',
  no_observables: '関連する報告に観測値はありません。',
  lookup: '照会',
  seen_in: '報告 {reports}、インシデント {incidents} に出現',
  owner_lookup_pending: '所有者照会（ネットワーク管理者・abuse 窓口）は連携 API の実装後にここに表示されます。',
  notifications: '通知',
  notifications_pending: '通知（下書き・承認・送信）は通知 API の実装後にここに表示されます。',
  print_view: '印刷用報告書',
  print: '印刷',
  back: '戻る',
  timeline: 'タイムライン',
  decisions: '判断',
  printed_at: '{at} {user} が印刷',
  reports_title: '報告受付箱',
  filter_status: '状態',
  col_received: '受信日時', col_reporter: '報告者', col_subject: '件名', col_status: '状態',
  no_reports: '報告はありません。',
  report_n: '報告 #{id}',
  reporter: '報告者', consent: '第三者への共有の同意', yes: 'はい', no: 'いいえ', unknown: '不明',
  missing_evidence: '不足している証拠',
  triage_rule: 'トリアージ',
  report_text: '本文',
  raw_download: '受信した原本をダウンロード',
  draft_reply: '返信の下書き',
  triage_actions: 'トリアージ',
  action_new_incident: 'インシデントを新規作成',
  action_attach: 'インシデントに関連付け',
  action_not_incident: 'インシデントではない',
  action_ask_info: '情報提供を依頼',
  incident_number: 'インシデント番号',
  note: 'メモ',
  reply: '送信する返信',
  done_accepted: 'インシデント #{id} に受け付けました。',
  done_status: '報告の状態: {status}',
  open_incident: 'インシデント #{id} を開く',
  select_report: 'トリアージする報告を選んでください。',
  public_title: 'セキュリティインシデントの報告',
  public_intro: '確認した内容をお知らせください。メールヘッダ全体、URL、IP アドレス、日時、ログなどの証拠があると対応が早くなります。',
  contact_email: 'メールアドレス',
  contact_name: 'お名前（任意）',
  consent_question: 'この報告を、連絡先とともに関係者（ネットワーク管理者や JPCERT/CC など）に伝えてもよろしいですか？',
  consent_yes: 'はい、共有して構いません',
  consent_no: 'いいえ、連絡先は共有しないでください',
  public_category: 'インシデントの種類（任意）',
  dont_know: 'わからない',
  url: 'URL', source_ip: '送信元 IP アドレス', event_time: '発生日時（お使いの地域の時刻）',
  logs: 'ログまたはメールヘッダ',
  public_description: '発生した内容',
  files: 'ファイル（5 個まで、合計 512 KiB まで）',
  files_too_large: 'ファイルが大きすぎます。5 個まで、合計 512 KiB までです。',
  submit: '報告を送信',
  sending: '送信中…',
  receipt: 'ご報告ありがとうございます。受付番号は {id} です。',
  receipt_hash: '受信内容のフィンガープリント (SHA-256): {sha}',
  receipt_missing: '追加で伺う可能性がある情報: {missing}',
  dashboard_title: 'ダッシュボード',
  period_by: '集計単位',
  by_quarter: '四半期', by_month: '月',
  from: '開始', to: '終了',
  taxonomy: 'カテゴリ分類',
  taxonomy_jpcert: 'JPCERT/CC', taxonomy_rsit: 'RSIT',
  download_csv: 'CSV をダウンロード',
  reports_per_category: 'カテゴリ別報告件数',
  incidents_per_category: 'カテゴリ別インシデント件数',
  trend: '推移: 期間ごとの報告件数とインシデント件数',
  response_times: '対応時間（時間、期間ごとの中央値）',
  contained_within_hour: '1 時間以内の封じ込め',
  contained_share: '封じ込め済み {count} 件中 {within} 件（{share}）',
  open_by_age: '未完了インシデントの経過日数',
  open_total: '未完了インシデント: {n} 件',
  open_label: '未完了インシデント',
  distribution: '対応時間の分布（全期間）',
  mtta: 'MTTA（平均受付時間）', mttc: 'MTTC（平均封じ込め時間）', mttr: 'MTTR（平均復旧時間）',
  mean: '平均', median: '中央値', p90: '90 パーセンタイル', count: '件数',
  period: '期間', reports: '報告', incidents: 'インシデント', total: '合計',
  age_lt_1d: '1 日未満', age_1d_7d: '1〜7 日', age_7d_30d: '7〜30 日', age_30d_90d: '30〜90 日',
  age_ge_90d: '90 日以上',
  bucket_le_1h: '1 時間以内', bucket_le_4h: '4 時間以内', bucket_le_24h: '24 時間以内',
  bucket_le_3d: '3 日以内', bucket_le_7d: '7 日以内', bucket_gt_7d: '7 日超',
  uncategorised: '未分類',
  chart_table: 'グラフの数値',
  contacts_title: '連絡先',
  contacts_pending: '連絡先ディレクトリ（abuse 窓口、各国 CSIRT、社内エスカレーション）は API の実装後にここに表示されます。',
  not_found: 'ページが見つかりません。',
  'state:new': '新規', 'state:triage': 'トリアージ', 'state:not-an-incident': 'インシデントではない',
  'state:open': '対応中', 'state:contained': '封じ込め済み', 'state:recovered': '復旧済み',
  'state:closed': '完了',
  'status:received': '受信', 'status:new': '新規', 'status:needs-info': '情報不足',
  'status:not-an-incident': 'インシデントではない', 'status:accepted': '受付済み',
  'status:duplicate': '重複',
  'severity:low': '低', 'severity:medium': '中', 'severity:high': '高', 'severity:critical': '緊急',
  'reason:spam': 'スパム', 'reason:one-click-fraud': 'ワンクリック詐欺',
  'reason:legitimate-access': '正当なアクセス', 'reason:duplicate': '重複', 'reason:other': 'その他',
  'category:scan': 'スキャン', 'category:intrusion': '不正侵入', 'category:dos': 'DoS/DDoS',
  'category:phishing': 'フィッシングサイト', 'category:defacement': 'Webサイト改ざん',
  'category:malware-site': 'マルウエアサイト', 'category:targeted-attack': '標的型攻撃',
  'category:control-system': '制御システム関連', 'category:other': 'その他',
  'evidence:source-ip': '送信元 IP アドレス', 'evidence:time': '日時',
  'evidence:url': 'URL', 'evidence:full-headers': 'メールヘッダ全体', 'evidence:log-lines': 'ログ',
};

const tables: Record<Lang, Record<string, string>> = { en, ja };

// The category names in JPCERT/CC report order (core/category.cc); the public form cannot read
// /meta (it needs a login), so it takes them from here.
export const categoryNames = ['scan', 'intrusion', 'dos', 'phishing', 'defacement', 'malware-site',
  'targeted-attack', 'control-system', 'other'];

function browserLang(): Lang {
  for (const tag of navigator.languages ?? [navigator.language]) {
    if (tag.toLowerCase().startsWith('ja')) return 'ja';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

function stored(key: string): string | null {
  try { return localStorage.getItem(key); } catch { return null; }
}

let lang: Lang = (stored('hikeshi.lang') as Lang | null) ?? browserLang();
if (lang !== 'en' && lang !== 'ja') lang = 'en';
let zone: string = stored('hikeshi.zone') ?? '';

export function currentLang(): Lang { return lang; }
export function setLang(next: Lang) {
  lang = next;
  try { localStorage.setItem('hikeshi.lang', next); } catch { /* private mode */ }
  document.documentElement.lang = next;
}
document.documentElement.lang = lang;

export function browserZone(): string { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; }
// '' means the default: Asia/Tokyo for Japanese, this computer's zone for English.
export function zoneSetting(): string { return zone; }
export function effectiveZone(): string { return zone || (lang === 'ja' ? 'Asia/Tokyo' : browserZone()); }
export function setZone(next: string) {
  zone = next;
  try { localStorage.setItem('hikeshi.zone', next); } catch { /* private mode */ }
}

export function t(key: Key | string, params: Record<string, string | number> = {}): string {
  let text = tables[lang][key] ?? (en as Record<string, string>)[key] ?? key;
  for (const [name, value] of Object.entries(params)) text = text.split('{' + name + '}').join(String(value));
  return text;
}

// A vocabulary value ("state", "open") → its label; unknown values are shown as they are.
export function label(kind: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return t('none');
  const key = kind + ':' + value;
  return tables[lang][key] ?? value;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone: effectiveZone(), year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
  }).format(date);
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (lang === 'ja') return h > 0 ? `${h} 時間 ${m} 分` : `${m} 分`;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

export function formatPercent(share: number): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
