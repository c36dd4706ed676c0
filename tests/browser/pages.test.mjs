// The admin pages in headless Chromium (playwright-core driving the system Chromium) with
// axe-core on every page visited. Run by run_pages_test.sh, which serves demo data and sets
// FM_BASE_URL, FM_PASSWORD, FM_NODE_DIR, FM_ARTIFACTS, FM_CHROMIUM and FM_PROFILE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/browser/run_pages_test.sh)`);
  return v;
};
const base = env('FM_BASE_URL');
const password = env('FM_PASSWORD');
const artifacts = env('FM_ARTIFACTS');
const require = createRequire(path.join(env('FM_NODE_DIR'), 'package.json'));
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
mkdirSync(artifacts, { recursive: true });

let context;
let page;
const audited = [];

before(async () => {
  context = await chromium.launchPersistentContext(env('FM_PROFILE'), {
    executablePath: env('FM_CHROMIUM'),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
    locale: 'ja-JP',
  });
  page = context.pages()[0] ?? await context.newPage();
});

after(async () => {
  await context?.close();
  console.log(`axe-core checked ${audited.length} pages: ${audited.join(', ')}`);
});

// axe-core on the page as it stands: no serious or critical violation. The page's CSP forbids
// scripts, so axe runs through the DevTools protocol (page.evaluate), not a script tag.
async function axe(label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  audited.push(label);
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
    [], `axe on ${label}`);
}

async function visit(url, label) {
  const response = await page.goto(base + url);
  await axe(label ?? url);
  return response;
}

async function submitAndWait(locator) {
  const [response] = await Promise.all([page.waitForNavigation(), locator.click()]);
  return response;
}

async function login(username) {
  await visit('/admin/login', 'login');
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill(password);
  await submitAndWait(page.getByRole('button', { name: 'ログイン' }));
}

const text = async (testid) => (await page.getByTestId(testid).textContent()).trim();

let openNeedsAfterCreate;
let otherAgencyHousehold;
let placedHome;

test('signed out, /admin leads to the login page; the first Tab reaches the skip link', async () => {
  await page.goto(base + '/admin');
  assert.match(page.url(), /\/admin\/login\?/);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
});

test('an admin logs in and sees the dashboard with its chart', async () => {
  await login('admin');
  assert.equal(new URL(page.url()).pathname, '/admin');
  await axe('dashboard');
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
  assert.equal(await page.locator('svg.chart rect.chart-bar').count(), 10, 'one bar per ward');
  await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
});

test('a foster parent: an invalid form shows messages by field, a valid one is saved', async () => {
  await visit('/admin/foster-parents', 'foster parents');
  assert.ok(await page.locator('table.data tbody tr').count() > 0);
  await visit('/admin/foster-parents?agency=2', 'foster parents of agency 2');
  otherAgencyHousehold = await page.locator('table.data tbody tr td').first().textContent();
  await visit('/admin/foster-parents/new', 'new foster parent');
  await page.getByLabel('世帯名').fill('');
  await page.getByLabel('フォスタリング機関').selectOption('1');
  await page.getByLabel('地域').selectOption('01101');
  await page.getByLabel(/登録日/).fill('2026-04-01');
  await page.getByLabel('受入可能人数').fill('9');
  let response = await submitAndWait(page.getByRole('button', { name: '保存する' }));
  assert.equal(response.status(), 422);
  await axe('foster parent form with errors');
  assert.match(await page.locator('#f-household_name-error').textContent(), /入力してください/);
  assert.match(await page.locator('#f-capacity-error').textContent(), /0〜4の範囲/);
  assert.equal(await page.getByLabel('受入可能人数').getAttribute('aria-invalid'), 'true');
  await page.screenshot({ path: path.join(artifacts, 'form-errors.png'), fullPage: true });

  await page.getByLabel('世帯名').fill('ブラウザ試験家');
  await page.getByLabel('受入可能人数').fill('2');
  response = await submitAndWait(page.getByRole('button', { name: '保存する' }));
  assert.equal(response.status(), 200);
  assert.match(page.url(), /\/admin\/foster-parents\/\d+\?saved=new$/);
  await axe('foster parent detail');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'ブラウザ試験家');
  assert.match(await page.locator('.notice').textContent(), /登録しました/);
});

test('a need is entered, candidates are found and a placement is recorded', async () => {
  await visit('/admin/needs/new', 'new need');
  const caseRef = `BT-${Date.now()}`;
  await page.getByLabel(/ケース番号/).fill(caseRef);
  await page.getByLabel('地域').selectOption('01101');
  await page.getByLabel('児童の年齢').fill('6');
  await page.getByLabel('児童の性別').selectOption('female');
  await submitAndWait(page.getByRole('button', { name: '保存する' }));
  assert.match(page.url(), /\/admin\/needs\/\d+\?created=1$/);
  await axe('need detail');
  const needUrl = new URL(page.url()).pathname;

  await visit('/admin', 'dashboard after the need');
  openNeedsAfterCreate = Number(await text('open-needs'));

  await page.goto(base + needUrl);
  await submitAndWait(page.getByRole('link', { name: '候補の里親を探す' }));
  await axe('candidates');
  const candidates = page.locator('li.candidate');
  assert.ok(await candidates.count() > 0, 'at least one candidate');
  assert.equal(await candidates.first().locator('table.bars tr').count(), 4, 'four score components');
  assert.ok(await candidates.first().locator('ul.reasons li').count() > 0, 'reasons');
  await page.screenshot({ path: path.join(artifacts, 'candidates.png'), fullPage: true });

  placedHome = await candidates.first().locator('h2 a').getAttribute('href');
  await submitAndWait(candidates.first().getByRole('link', { name: 'この里親への委託を記録' }));
  await axe('placement confirmation');
  assert.match(await page.locator('#irreversible').textContent(), /取り消しはできません/);
  await page.screenshot({ path: path.join(artifacts, 'placement-confirm.png'), fullPage: true });
  await submitAndWait(page.getByRole('button', { name: 'この里親への委託を記録' }));
  assert.match(page.url(), /\?placed=1$/);
  await axe('need after placement');
  assert.equal(await text('need-status'), '委託済み');
});

test('the dashboard moved', async () => {
  await visit('/admin', 'dashboard after the placement');
  assert.equal(Number(await text('open-needs')), openNeedsAfterCreate - 1);
});

test('English by a toggle, remembered across pages; then back to Japanese', async () => {
  await submitAndWait(page.getByRole('link', { name: 'English' }));
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Dashboard');
  await axe('dashboard in English');
  await page.screenshot({ path: path.join(artifacts, 'dashboard-en.png'), fullPage: true });
  await visit('/admin/needs', 'needs in English');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Placement needs');
  await submitAndWait(page.getByRole('link', { name: '日本語' }));
  assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
});

test('a placement ends from the household after a confirmation', async () => {
  await visit(placedHome, 'foster parent with a placement');
  await submitAndWait(page.getByRole('link', { name: /^委託を終了/ }).first());
  await axe('end placement confirmation');
  assert.match(await page.locator('#end-irreversible').textContent(), /取り消しはできません/);
  await page.getByLabel(/終了の理由/).fill('家庭復帰');
  await page.getByLabel(/確認しました/).check();
  await submitAndWait(page.getByRole('button', { name: '委託を終了' }));
  assert.match(page.url(), /\?ended=1$/);
  await axe('foster parent after the end');
  assert.match(await page.locator('.notice').textContent(), /委託の終了を記録しました/);
});

test('a form POST without the CSRF token is refused', async () => {
  const response = await page.request.post(base + '/admin/needs', {
    form: { case_ref: 'FORGED-1', region: '01101', 'child.age_years': '3', 'child.sex': 'male',
      siblings: '1', kind: 'long_term', urgency: '2', earliest_start: '2026-12-01' },
    maxRedirects: 0,
  });
  assert.equal(response.status(), 403);
  await visit('/admin/needs', 'needs');
  assert.equal(await page.getByText('FORGED-1').count(), 0);
});

test('the admin starts this month\'s match run and accepts a proposal', async () => {
  const month = new Date().toISOString().slice(0, 7);
  await visit('/admin/match-runs', 'match runs');
  await page.getByLabel(/対象月/).fill(month);
  await submitAndWait(page.getByRole('button', { name: 'マッチングを実行' }));
  assert.equal(new URL(page.url()).pathname, `/admin/match-runs/${month}`);
  for (let i = 0; i < 120 && /実行中/.test(await text('run-state')); ++i) {
    await page.waitForTimeout(500);
    await page.reload();
  }
  assert.match(await text('run-state'), /完了/);
  await axe('match run report');
  await page.screenshot({ path: path.join(artifacts, 'match-run.png'), fullPage: true });
  assert.ok(Number(await text('proposals')) > 0, 'the demo city gets proposals');
  await submitAndWait(page.getByRole('button', { name: /^受諾する/ }).first());
  assert.match(page.url(), /\?answered=1/);
  assert.equal(Number(await text('accepted')), 1);
  const report = await page.locator('a[href$="/report"]').getAttribute('href');
  const download = await page.request.get(base + report);
  assert.equal(download.status(), 200);
  assert.match(download.headers()['content-disposition'], /attachment; filename="match-run-/);
  const csv = await page.locator('a[href$="/csv"]').first().getAttribute('href');
  assert.equal((await page.request.get(base + csv)).status(), 200);
  await visit('/admin/match-runs', 'match run history');
  assert.ok(await page.locator(`a[href="/admin/match-runs/${month}"]`).count() > 0);
  await visit('/admin', 'dashboard with the rate by month');
  assert.ok(await page.locator('svg.month-chart rect.month-bar').count() > 0);
});

test('audit log and tokens open for the admin', async () => {
  await visit('/admin/audit', 'audit log');
  assert.ok(await page.locator('table.data tbody tr').count() > 0);
  await visit('/admin/tokens', 'tokens');
});

test('agencies and users open for the admin; a mistyped password is caught', async () => {
  await visit('/admin/agencies', 'agencies');
  assert.ok(await page.locator('table.data tbody tr').count() > 0);
  await visit('/admin/agencies/1/edit', 'edit agency');
  await visit('/admin/users', 'users');
  await page.getByLabel('ユーザー名').fill(`bt-${Date.now()}`);
  await page.locator('#f-password').fill('a long passphrase 1');
  await page.locator('#f-password_again').fill('a long passphrase 2');
  await page.locator('#f-role').selectOption('staff');
  const response = await submitAndWait(page.getByRole('button', { name: 'ユーザーを追加' }));
  assert.equal(response.status(), 422);
  await axe('users form with errors');
  assert.match(await page.locator('#f-password_again-error').textContent(), /一致しません/);
});

test('logging out ends the session', async () => {
  await submitAndWait(page.getByRole('button', { name: 'ログアウト' }));
  assert.match(page.url(), /\/admin\/login\?logged_out=1$/);
  await axe('login after logout');
  await page.goto(base + '/admin');
  assert.match(page.url(), /\/admin\/login\?/);
});

test('an agency user sees only its own households', async () => {
  await login('agency1');
  await axe('dashboard for an agency');
  assert.equal(await page.locator('section[aria-labelledby="agency-h"] tbody tr').count(), 1);
  await visit('/admin/foster-parents', 'foster parents for an agency');
  const agencies = await page.locator('table.data tbody tr td:nth-child(3)').allTextContents();
  assert.ok(agencies.length > 0);
  assert.equal(new Set(agencies).size, 1, `one agency only, saw ${[...new Set(agencies)]}`);
  const response = await page.goto(`${base}/admin/foster-parents/${otherAgencyHousehold.trim()}`);
  assert.equal(response.status(), 404, 'another agency\'s household does not exist for it');
  await axe('not found page');
  await submitAndWait(page.getByRole('button', { name: 'ログアウト' }));
});
