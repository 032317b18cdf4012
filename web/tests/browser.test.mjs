// Browser end-to-end test: playwright-core drives Debian's chromium (headless, no browser
// download) against a real `hikeshi serve` on loopback started by tests/browser_test.sh.
// Usage: node browser.test.mjs BASE_URL  (env: HIKESHI_TOKEN = a responder's API token,
// HIKESHI_SEED_INCIDENTS = how many incidents browser_test.sh seeded, HIKESHI_FINDINGS_INCIDENT =
// an incident with triage findings attached, SCREENSHOT_DIR).
// Exits 1 on the first failed check, with a screenshot of every open page in SCREENSHOT_DIR.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const base = process.argv[2];
const token = process.env.HIKESHI_TOKEN;
const seedCount = Number(process.env.HIKESHI_SEED_INCIDENTS ?? 10000);
const screenshotDir = process.env.SCREENSHOT_DIR ?? 'browser-screenshots';
const password = 'correct horse battery staple';
const started = Date.now();
const pages = [];
const problems = [];

function log(message) { console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`); }
function check(condition, message) {
  if (!condition) throw new Error('check failed: ' + message);
  log('ok: ' + message);
}

async function apiCall(method, url, body) {
  const response = await fetch(base + '/api/v1' + url, {
    method, headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: response.status === 204 ? null : await response.json() };
}

async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  pages.push(page);
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== new URL(base).origin && url.protocol !== 'data:' && url.protocol !== 'blob:') problems.push('external request: ' + request.url());
  });
  return page;
}

async function login(page, user) {
  await page.goto(base + '/login');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}

async function main() {
  const seeded = seedCount;  // written by browser_test.sh before the server started
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const page = await newPage(browser);
    const first = await page.goto(base + '/');
    const csp = first.headers()['content-security-policy'] ?? '';
    check(csp.includes("default-src 'self'") && !csp.includes('unsafe-inline'), `UI served with CSP "${csp}"`);
    await login(page, 'rita');

    // First meaningful paint of the list with the seeded incidents: rows on screen.
    const t0 = Date.now();
    await page.goto(base + '/incidents');
    await page.locator('[data-testid=incident-table] tbody tr').first().waitFor();
    const paint = Date.now() - t0;
    log(`incident list painted in ${paint} ms with ${seeded}+ incidents`);
    check(paint < 1000, `incident list paints in under 1 s (${paint} ms)`);

    const statsBefore = (await apiCall('GET', '/stats')).json.total.incidents;
    const unique = 'zq' + Date.now().toString(36);
    const title = `Phishing page imitating webmail ${unique}`;
    await page.getByRole('button', { name: 'New incident' }).click();
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.locator('#new-category').selectOption('phishing');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    check(true, 'incident created through the form');
    const incidentUrl = page.url();

    await page.getByLabel('What was done').fill('Asked the hosting provider to take the page down');
    await page.getByRole('button', { name: 'Append' }).click();
    await page.getByTestId('worklog').getByText('Asked the hosting provider to take the page down').waitFor();
    check(true, 'work log entry appended');

    for (const state of ['triage', 'open', 'contained', 'recovered', 'closed']) {
      await page.getByTestId('transition-' + state).click();
      await page.locator('dd[data-field=state]').filter({ hasText: new RegExp('^' + state + '$', 'i') }).waitFor();
    }
    check(await page.getByTestId('transition-closed').count() === 0, 'moved through contained to closed; only legal buttons remain');
    check(await page.getByTestId('transition-open').count() === 1, 'a closed incident offers reopen only');

    // Search: the full-text index is filled in the background, so allow a few seconds.
    let found = false;
    for (let attempt = 0; attempt < 20 && !found; attempt++) {
      await page.goto(base + '/incidents?q=' + unique);
      await page.locator('[data-testid=incident-table]').waitFor();
      // A locator, not waitForFunction: the CSP forbids the eval that waitForFunction needs.
      await page.locator('[data-testid=incident-table]:not([aria-busy="true"])').waitFor();
      found = await page.getByRole('link', { name: title }).count() > 0;
      if (!found) await page.waitForTimeout(500);
    }
    check(found, 'found by text search');
    await page.goto(base + '/incidents');
    await page.getByLabel('Text search').fill(unique);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('link', { name: title }).waitFor();
    check(true, 'found through the search form');

    // Server-side sorting: 60 incidents whose title order differs from their creation order and
    // sorts before every other title (bytes: "AA" < "P" < "S" < "w"), more than one page.
    const marker = 'zs' + Date.now().toString(36);
    const sortTitle = (n) => `AAsort ${String(n).padStart(2, '0')} ${marker}`;
    for (let i = 0; i < 60; i++) {
      const created = await apiCall('POST', '/incidents', { title: sortTitle((i * 37) % 60), category: 'scan' });
      if (created.status !== 201) throw new Error('creating a sort fixture: ' + JSON.stringify(created.json));
    }
    const byTitle = (await apiCall('GET', '/incidents?sort=title&order=asc&limit=100')).json.items.map((item) => item.title);
    const titlesShown = async () => {
      await page.locator('[data-testid=incident-table]:not([aria-busy="true"])').waitFor();
      return page.locator('[data-testid=incident-table] tbody tr td:nth-child(2)').allTextContents();
    };
    const titleHeader = page.locator('[data-testid=incident-table] thead th').nth(1);
    await page.goto(base + '/incidents');
    await page.locator('[data-testid=incident-table] tbody tr').first().waitFor();
    check((await titlesShown())[0] !== sortTitle(0), 'newest first by default (not the smallest title)');
    const sortStart = Date.now();
    await page.getByRole('button', { name: 'Sort by Title' }).click();
    await page.locator('[data-testid=incident-table] thead th[aria-sort=ascending]').waitFor();
    await page.getByRole('link', { name: sortTitle(0) }).waitFor();
    log(`sorted by title on the server in ${Date.now() - sortStart} ms over ${seeded}+ incidents`);
    const page1 = await titlesShown();
    check(page1[0] === sortTitle(0), `page 1 starts with the globally smallest title (${page1[0]})`);
    check(JSON.stringify(page1) === JSON.stringify(byTitle.slice(0, 50)), 'page 1 is the first 50 titles in byte order');
    check(await titleHeader.getAttribute('aria-sort') === 'ascending', 'aria-sort=ascending on the title column');
    check(await page.locator('thead th[aria-sort=none]').count() === 7, 'aria-sort=none on the other columns');
    check(new URL(page.url()).searchParams.get('sort') === 'title' && new URL(page.url()).searchParams.get('order') === 'asc', 'sort kept in the URL');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('link', { name: sortTitle(50) }).waitFor();
    const page2 = await titlesShown();
    check(JSON.stringify(page2) === JSON.stringify(byTitle.slice(50, 100)), `page 2 continues the order (${page2[0]} … ${page2[page2.length - 1]})`);
    // Keyboard: focus the header's button and press Enter to reverse the order.
    await page.getByRole('button', { name: 'Sort by Title' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=incident-table] thead th[aria-sort=descending]').waitFor();
    const largest = (await apiCall('GET', '/incidents?sort=title&order=desc&limit=1')).json.items[0].title;
    await page.getByRole('link', { name: largest, exact: true }).first().waitFor();
    const descending = await titlesShown();
    check(descending[0] === largest && !descending.some((t) => t.startsWith('AAsort')), `Enter on the header sorts descending from page 1 (${descending[0]})`);

    await page.goto(base + '/dashboard');
    const tile = page.getByTestId('tile-incidents').locator('.number');
    await tile.waitFor();
    const counted = Number(await tile.textContent());
    // +1 for the incident made through the form, +60 for the sort fixtures.
    check(counted === statsBefore + 61, `dashboard counts the new incidents (${statsBefore} → ${counted})`);
    check(await page.locator('.chart-canvas canvas').count() >= 5, 'dashboard draws uPlot charts');

    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('heading', { level: 1, name: 'ダッシュボード' }).waitFor();
    check(await page.getByRole('link', { name: 'インシデント' }).count() === 1, 'Japanese labels after switching');
    await page.goto(incidentUrl);
    await page.getByText('作業記録', { exact: true }).waitFor();
    check((await page.locator('dd[data-field=reported_at]').textContent()).includes('JST'), 'dates shown in JST for Japanese');
    await page.getByLabel('言語').selectOption('en');
    await page.getByRole('heading', { name: 'Work log' }).waitFor();

    // Coordination sections on the incident (a fresh incident has no links or notices yet).
    await page.goto(incidentUrl);
    await page.getByTestId('links-section').getByText('No correlation links recorded.').waitFor();
    await page.getByTestId('notifications-section').getByText('No notifications for this incident.').waitFor();
    await page.getByTestId('findings-section').getByRole('heading', { name: 'Findings' }).waitFor();
    check(true, 'incident detail shows correlation links, notifications and findings');

    // Findings that `hikeshi triage --incident` attached (browser_test.sh) shown as a table.
    await page.goto(base + '/incidents/' + process.env.HIKESHI_FINDINGS_INCIDENT);
    const findingRow = page.getByTestId('findings-section').getByRole('row').filter({ hasText: '192.0.2.5' }).first();
    await findingRow.waitFor();
    check((await findingRow.textContent()).includes('rita'), 'triage findings listed in the findings table');

    // Two reporters of scans from one source (in the ownership index) open a "source likely
    // compromised" incident with a multiple-reporters link and a drafted abuse notice.
    let posted = null;
    for (const [reporter, target] of [['soc@site-a.example', '203.0.113.10'], ['soc@site-b.example', '203.0.113.20']]) {
      posted = await apiCall('POST', '/reports', { reporter, consent: true, category: 'scan',
        subject: 'Port scan from 192.0.2.7',
        text: `Port scan from 192.0.2.7 against ${target}:\n2026-11-25T01:00:01+00:00 fw DROP SRC=192.0.2.7 DST=${target} DPT=22\n2026-11-25T01:00:02+00:00 fw DROP SRC=192.0.2.7 DST=${target} DPT=23\n` });
      check(posted.status === 201, `scan report from ${reporter} posted (${posted.status})`);
    }
    const compromised = posted.json.incident_id ? (await apiCall('GET', '/incidents/' + posted.json.incident_id)).json : null;
    check(compromised?.title === 'Source likely compromised: 192.0.2.7', `correlation opened a source-likely-compromised incident (${compromised?.title})`);
    const compromisedUrl = base + '/incidents/' + compromised.id;
    await page.goto(compromisedUrl);
    await page.getByTestId('links-section').getByRole('cell', { name: 'Multiple reporters' }).waitFor();
    check(true, 'the multiple-reporters link is shown');
    const notices = page.getByTestId('notifications-section');
    const approve = notices.getByRole('button', { name: /^Approve notice \d+$/ }).first();
    await approve.waitFor();
    await approve.click();
    await notices.getByRole('button', { name: /^Send notice \d+ now$/ }).first().waitFor();
    check(await notices.getByRole('cell', { name: 'Approved' }).count() >= 1, 'a drafted notice approved from the page');

    // The contact directory: add one through the form, see it listed, edit it.
    const contactName = `Example Hosting abuse desk ${unique}`;
    await page.goto(base + '/contacts');
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Name', { exact: true }).fill(contactName);
    await page.getByLabel('Organisation').fill('Example Hosting');
    await page.getByLabel('Kind').selectOption('network-owner');
    await page.getByLabel('E-mail addresses (one per line)').fill('abuse@example.net\nnoc@example.net');
    await page.getByLabel('Notice language').selectOption('ja');
    await page.getByLabel('Country (ISO 3166-1 alpha-2)').fill('jp');
    await page.getByRole('button', { name: 'Save' }).click();
    const contactRow = page.getByTestId('contact-table').getByRole('row').filter({ hasText: contactName });
    await contactRow.waitFor();
    check((await contactRow.textContent()).includes('abuse@example.net, noc@example.net'), 'contact added and listed');
    await page.getByRole('button', { name: `Edit ${contactName}` }).click();
    await page.getByLabel('Notes').fill('Answers within a day');
    await page.getByRole('button', { name: 'Save' }).click();
    await contactRow.getByText('Answers within a day').waitFor();
    const listed = (await apiCall('GET', '/contacts')).json.items.find((c) => c.name === contactName);
    check(listed && listed.country === 'JP' && listed.language === 'ja' && listed.notes === 'Answers within a day', 'contact edited and stored');

    // The public form, without a session, with a file attached.
    const visitor = await newPage(browser);
    await visitor.goto(base + '/report');
    await visitor.getByLabel('Your e-mail address').fill('reporter@example.org');
    await visitor.getByLabel('Yes, you may share it').check();
    await visitor.getByLabel('What kind of incident? (optional)').selectOption('phishing');
    await visitor.getByLabel('What happened').fill(`A phishing mail linked to a fake bank login ${unique}`);
    await visitor.getByLabel('URL', { exact: true }).fill('http://bank-login.example.net/verify');
    await visitor.getByLabel('Files (up to 5, 512 KiB together)').setInputFiles({ name: 'mail.eml', mimeType: 'message/rfc822', buffer: Buffer.from('Subject: verify your account\r\n\r\nclick here\r\n') });
    await visitor.getByRole('button', { name: 'Send report' }).click();
    const receipt = visitor.getByTestId('receipt');
    await receipt.waitFor();
    const reportId = Number((await receipt.textContent()).match(/report number is (\d+)/)[1]);
    check(reportId > 0, `public report accepted as #${reportId}`);

    await page.goto(base + '/reports/' + reportId);
    await page.getByTestId('report-view').getByText('mail.eml (').waitFor();
    check(true, 'the attachment is listed with the report');
    await page.getByLabel('Open a new incident').check();
    await page.getByRole('button', { name: 'Open a new incident' }).click();
    const accepted = page.getByText(/Accepted into incident #\d+/);
    await accepted.waitFor();
    check(true, 'public report triaged into a new incident');
    const triagedId = Number((await accepted.textContent()).match(/incident #(\d+)/)[1]);
    await page.goto(base + '/incidents/' + triagedId);
    await page.getByRole('button', { name: 'Look up the owner of bank-login.example.net' }).click();
    const owner = page.getByTestId('owner-lookup');
    await owner.waitFor();
    check((await owner.textContent()).includes('abuse@bank-hosting.example.net'), 'owner lookup names the abuse contact');

    // A viewer sees no write controls and the API refuses its writes.
    const viewer = await newPage(browser);
    await login(viewer, 'vic');
    await viewer.goto(base + '/incidents');
    await viewer.locator('[data-testid=incident-table] tbody tr').first().waitFor();
    check(await viewer.getByRole('button', { name: 'New incident' }).count() === 0, 'viewer: no New incident button');
    await viewer.goto(incidentUrl);
    await viewer.getByRole('heading', { name: 'Work log' }).waitFor();
    check(await viewer.getByLabel('What was done').count() === 0, 'viewer: no work-log form');
    check(await viewer.locator('[data-testid^=transition-]').count() === 0, 'viewer: no lifecycle buttons');
    await viewer.goto(compromisedUrl);
    await viewer.getByTestId('notifications-section').getByRole('cell', { name: 'Approved' }).first().waitFor();
    check(await viewer.getByRole('button', { name: /^(Approve|Send) notice/ }).count() === 0, 'viewer: notifications listed without approve / send');
    await viewer.goto(base + '/contacts');
    await viewer.getByTestId('contact-table').getByText(contactName).waitFor();
    check(await viewer.getByRole('button', { name: 'Add contact' }).count() === 0 &&
      await viewer.getByRole('button', { name: `Delete ${contactName}` }).count() === 0, 'viewer: contacts without write controls');
    await viewer.goto(base + '/reports/' + reportId);
    await viewer.getByTestId('report-view').waitFor();
    check(await viewer.getByRole('heading', { name: 'Triage' }).count() === 0, 'viewer: no triage actions');
    const refused = await viewer.evaluate(async () => {
      const me = await (await fetch('/api/v1/auth/me')).json();
      const response = await fetch('/api/v1/incidents', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token }, body: JSON.stringify({ title: 'x', category: 'scan' }) });
      return response.status;
    });
    check(refused === 403, `the API refuses the viewer's write (${refused})`);
    const noCsrf = await page.evaluate(async () => (await fetch('/api/v1/incidents', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"title":"x","category":"scan"}' })).status);
    check(noCsrf === 403, `a cookie write without the CSRF token is refused (${noCsrf})`);

    await page.goto(base + '/contacts');
    await page.getByRole('button', { name: `Delete ${contactName}` }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('cell', { name: contactName, exact: true }).waitFor({ state: 'detached' });
    check(true, 'contact deleted after confirming');

    check(problems.length === 0, 'no console errors, CSP violations or external requests' + (problems.length ? ':\n  ' + problems.join('\n  ') : ''));
    log('browser test passed');
  } catch (error) {
    console.error('FAIL: ' + error.message);
    for (const problem of problems) console.error('  ' + problem);
    mkdirSync(screenshotDir, { recursive: true });
    for (const [index, page] of pages.entries()) {
      const file = path.join(screenshotDir, `failure-${index}.png`);
      try { await page.screenshot({ path: file, fullPage: true }); console.error('screenshot: ' + file + ' (' + page.url() + ')'); } catch { /* closed */ }
    }
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((error) => { console.error('FAIL: ' + error.stack); process.exitCode = 1; });
