// Helpers for the end-to-end tests (run with node:test, see `make test-e2e`).
//
// The browser is Debian's /usr/bin/chromium driven by playwright-core; never run
// `playwright install` (it downloads browsers, which is impossible here).
//
//   import { startApp, launchBrowser, waitReady, screenshot } from './harness.mjs';

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from '../../tools/serve.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Repository root (two levels above tests/e2e). */
export const REPO_ROOT = path.resolve(here, '..', '..');
/** The built app; `make test` sets TRELLIS_DIST to the absolute dist path. */
export const DIST = path.resolve(REPO_ROOT, process.env.TRELLIS_DIST || 'dist');
/** URL prefix the app was built for (`make dist PUBLIC_URL=...`; make passes it as TRELLIS_BASE). */
export const BASE = process.env.TRELLIS_BASE || '/';
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'target', 'screenshots');
export const CHROMIUM = process.env.TRELLIS_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Serve the built app on a random free port.
 * @param {{base?: string, dir?: string}} [opts] base: URL prefix (must match the build's PUBLIC_URL;
 *   defaults to TRELLIS_BASE, else '/')
 * @returns {Promise<{url: string, base: string, server: import('node:http').Server, close: () => Promise<void>}>}
 *   url has no trailing slash: `${url}/people` is a deep link under the base.
 */
/**
 * One stored entry in the named (wire) form: `{ v, id, kind, rev, seq, created, updated,
 * deleted, scope, data }`. The stored form (`Record::to_stored`) leaves out what the key says
 * (kind, id) and what defaults say; entries of older schemas are named already.
 */
export function readStored(key, raw) {
  const r = JSON.parse(raw);
  if (!('d' in r) || 'data' in r) return r;
  const [kind, id] = key.slice('trellis:r:'.length).split(':');
  const time = (t) => (typeof t === 'number' ? new Date(t).toISOString() : t);
  const updated = r.u ?? r.c;
  return {
    v: r.v, id, kind, rev: r.r,
    seq: (typeof updated === 'number' ? updated : Date.parse(updated)) + (r.s ?? 0),
    created: time(r.c), updated: time(updated), deleted: r.x === true,
    scope: r.a ?? defaultScope(kind, r.d), data: r.d,
  };
}

/** A kind's default scope: the README's table, written out again to check the app's. */
export function defaultScope(kind, data) {
  const of = (id) => (id ? `person:${id}` : 'team');
  if (kind === 'goal') return of(data.owner);
  if (kind === 'indicator' || kind === 'readings') return of(data.owner);
  if (kind === 'feedback') return data.public ? 'team' : of(data.person);
  if (['warning_note', 'rollout', 'rollout_tick', 'leader_plan', 'leader_assessment', 'learning_action'].includes(kind)) return 'manager';
  const own = ['check_in', 'review', 'feedback_request', 'rating', 'self_report', 'invitation', 'assessment', 'dev_action', 'stretch', 'improvement_plan', 'plan_review', 'plan_ack'];
  return own.includes(kind) ? of(data.person) : 'team';
}

export async function startApp({ base = BASE, dir = DIST, brotli = false } = {}) {
  const server = await startServer({ dir, port: 0, host: '127.0.0.1', base, brotli });
  const { port } = server.address();
  const b = base.endsWith('/') ? base : base + '/';
  const url = `http://127.0.0.1:${port}${b}`.replace(/\/$/, '');
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  return { url, base: b, server, close };
}

/** Launch headless Chromium (one fresh profile per browser context). */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Forward console errors/warnings and uncaught page errors to stderr.
 * Applied automatically by newPage(); call it yourself for pages you create otherwise.
 */
/** Console messages too common to be worth forwarding. */
export const IGNORED_CONSOLE = [/^Trellis: offline use is not available here/];

/** Content Security Policy violations seen by any page (the suite fails on any, see `useApp`). */
export const cspViolations = [];
/** Rust panics seen by any page (the suite fails on any: a test may pass around one). */
export const wasmPanics = [];
/** Reports a page's policy violations on the console, where `forwardPageErrors` collects them. */
const LISTEN_FOR_CSP = () =>
  document.addEventListener('securitypolicyviolation', (e) =>
    console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`),
  );

export function forwardPageErrors(page, label = '') {
  const tag = label ? `[page ${label}]` : '[page]';
  page.on('console', (msg) => {
    const t = msg.type();
    if (t === 'error' && /^CSP violation|Content Security Policy/.test(msg.text())) cspViolations.push(`${tag} ${msg.text()}`);
    if (t === 'error' && /^panicked at/.test(msg.text())) wasmPanics.push(`${tag} ${msg.text().split('\n').slice(0, 2).join(' ')}`);
    if ((t === 'error' || t === 'warning') && !IGNORED_CONSOLE.some((re) => re.test(msg.text()))) {
      process.stderr.write(`${tag} console.${t}: ${msg.text()}\n`);
    }
  });
  page.on('pageerror', (err) => {
    process.stderr.write(`${tag} pageerror: ${err && err.stack ? err.stack : err}\n`);
  });
  page.on('requestfailed', (req) => {
    process.stderr.write(`${tag} request failed: ${req.url()} ${req.failure()?.errorText ?? ''}\n`);
  });
  return page;
}

/**
 * New page in a fresh context (empty localStorage), with error forwarding.
 * Close it with `await page.context().close()`.
 */
export async function newPage(browser, contextOptions = {}) {
  const context = await newContext(browser, contextOptions);
  const page = await context.newPage();
  forwardPageErrors(page);
  return page;
}

/**
 * A fresh browser context (empty storage) that reports policy violations. Service workers are
 * blocked unless `serviceWorkers: 'allow'` is passed: most tests route requests (a chunk that
 * fails, a faulty server), which a worker would answer from its cache; the offline tests allow it.
 */
export async function newContext(browser, contextOptions = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block', ...contextOptions });
  await context.addInitScript(LISTEN_FOR_CSP);
  return context;
}

/** Wait until the app marks itself ready (store loaded, first render done). */
export async function waitReady(page, { timeout = 15000 } = {}) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1', null, { timeout });
}

/**
 * Click a tab and wait until it is the current one. Right after a reload the page may still be
 * drawing its first frame when the click lands; one more click then is what a user would do.
 */
export async function clickTab(page, testId) {
  const tab = page.getByTestId(testId);
  for (let attempt = 0; ; attempt++) {
    await tab.click();
    try {
      await page.locator(`[data-testid="${testId}"][aria-current]`).waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt >= 2) throw e;
    }
  }
}

/** Save a full-page screenshot to target/screenshots/<name>.png; returns the path. */
export async function screenshot(page, name) {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * For a test file: serve the app and launch the browser before its tests, stop both after.
 * Read `env.app` and `env.browser` inside tests.
 */
export function useApp(opts) {
  const env = {};
  before(async () => {
    env.app = await startApp(opts);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.app?.close();
    assert.deepEqual(cspViolations, [], 'no page of this file broke the Content Security Policy');
    assert.deepEqual(wasmPanics, [], 'no page of this file panicked');
  });
  return env;
}

/** The screen sizes every feature is looked at in: two tablet orientations and a phone. */
export const SIZES = [
  ['tablet-portrait', 820, 1180],
  ['tablet-landscape', 1180, 820],
  ['phone', 390, 844],
];

const AXE_SOURCE = await fs.readFile(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
/** The WCAG 2.x A and AA rules axe-core checks. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `axe ${v.impact} ${v.id}: ${n.target.join(' ')} (${v.help})`));
}

/** What a page gets wrong for touch and assistive tech: fields without labels, targets under
 * 44 px, a page wider than the screen, and axe-core's serious or critical WCAG violations. */
export async function auditPage(page) {
  return [...(await ownAudit(page)), ...(await axeViolations(page))];
}

function ownAudit(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (!el.labels || el.labels.length === 0) out.push(`no label: ${el.outerHTML.slice(0, 80)}`);
    }
    for (const el of document.querySelectorAll('button, a[href], input, select')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      if (el.type === 'checkbox' || el.type === 'radio') continue; // their label is the target
      if (el.classList.contains('skip-link')) continue;
      if (r.height < 44 || r.width < 44) out.push(`small target ${Math.round(r.width)}x${Math.round(r.height)}: ${el.outerHTML.slice(0, 80)}`);
    }
    // Nothing may make the page scroll sideways (wide tables scroll inside their panel).
    const wide = document.documentElement.scrollWidth;
    if (wide > window.innerWidth) out.push(`page wider than the screen: ${wide} px in ${window.innerWidth} px`);
    return out;
  });
}

/** Steps every feature's tests take: open a route, load the demo, read what is stored. */
export function appSteps(env) {
  /** Storage entries Trellis owns, as {key: value}. */
  const stored = (page) =>
    page.evaluate(() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('trellis:'))));
  const recordKeys = async (page) => Object.keys(await stored(page)).filter((k) => k.startsWith('trellis:r:'));
  async function open(page, route = '/') {
    await page.goto(`${env.app.url}${route}`);
    await waitReady(page);
  }
  async function loadDemo(page) {
    await open(page, '/');
    await page.getByRole('button', { name: /Try with a demo team/ }).click();
    await page.getByTestId('team-name').waitFor();
  }
  /** The stored, not deleted records of one kind (e.g. 'check_in'), parsed. */
  async function records(page, kind) {
    return Object.entries(await stored(page))
      .filter(([k]) => k.startsWith(`trellis:r:${kind}:`))
      .map(([k, v]) => readStored(k, v))
      .filter((r) => !r.deleted);
  }
  /** Opens a person's page from People, by name. */
  async function openPerson(page, name) {
    await open(page, '/people');
    await page.getByTestId('person-link').filter({ hasText: name }).click();
    await page.getByTestId('person-view').waitFor();
  }
  return { stored, recordKeys, open, loadDemo, records, openPerson };
}

/** The local date `n` days from today as YYYY-MM-DD, as a date field takes it. */
export function isoInDays(n) {
  const d = new Date(Date.now() + n * 86400000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Steps of Settings → Sync. `setUp(page, url, token, { mode, passphrase })` fills the form and
 * saves (which syncs); every step that starts a round returns once it has ended, with the status
 * line and the error (null when none).
 */
export function syncSteps(env) {
  const { open, openPerson, loadDemo, records } = appSteps(env);
  /** Rounds ended so far on this page (the status line counts them). */
  const rounds = (page) => page.evaluate(() => Number(document.querySelector('[data-testid=sync-status]')?.dataset.rounds ?? 0));

  /**
   * Fills Settings → Sync and saves (which syncs); returns once that round has ended.
   * `couch`: a CouchDB database instead of a JSON endpoint; `passphrase`: the team passphrase.
   */
  async function setUp(page, url, token = '', { couch = false, passphrase = '' } = {}) {
    await open(page, '/settings');
    const before = await rounds(page);
    await page.getByLabel('Kind of server').selectOption(couch ? 'couch' : 'json');
    await page.getByLabel(couch ? 'Database URL' : 'Team document URL').fill(url);
    await page.getByLabel('Token (optional)').fill(token);
    await page.getByLabel('Team passphrase (optional)').fill(passphrase);
    await page.getByRole('button', { name: 'Save and sync' }).click();
    return settled(page, before);
  }

  /** Waits until more than `before` rounds have ended, then returns the status line and the error. */
  async function settled(page, before) {
    const status = page.getByTestId('sync-status');
    await status.waitFor();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid=sync-status]')?.dataset.rounds) > n, before);
    const error = page.getByTestId('sync-error');
    return { status: await status.textContent(), error: (await error.count()) ? await error.textContent() : null };
  }

  async function syncNow(page) {
    await open(page, '/settings');
    const before = await rounds(page);
    await page.getByTestId('sync-now').click();
    return settled(page, before);
  }

  async function addPerson(page, name) {
    await open(page, '/people/new');
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('person-view').waitFor();
  }

  /** Renames the person called `from` (found from People) to `to`. */
  async function rename(page, from, to) {
    await openPerson(page, from);
    await page.getByTestId('edit-person').click();
    await page.getByLabel('Name').fill(to);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('person-view').waitFor();
  }
  /** Writes a private note in a finished check-in with `person` (never to leave the device). */
  async function privateNote(page, person, text) {
    await openPerson(page, person);
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    await page.getByLabel(/Only for you/).fill(text);
    await page.getByTestId('finish').click();
    await page.getByTestId('check-in-record').waitFor();
  }

  /**
   * Offline (moving inside the app, no page loads): sets `person`'s role and tries a round.
   * Returns that round's status and error; the page is back online after.
   */
  async function offlineRoleEdit(page, person, role) {
    await page.context().setOffline(true);
    try {
      await page.getByRole('link', { name: 'People' }).first().click();
      await page.getByTestId('person-link').filter({ hasText: person }).click();
      await page.getByTestId('edit-person').click();
      await page.getByLabel('Role').fill(role);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('person-view').waitFor();
      await page.getByRole('link', { name: 'Settings' }).first().click();
      const before = await rounds(page);
      await page.getByTestId('sync-now').click();
      return await settled(page, before);
    } finally {
      await page.context().setOffline(false);
    }
  }

  /** Runs `fn(laptop, tablet)` with two fresh browser profiles at tablet size, closed after. */
  async function twoDevices(fn) {
    const size = { viewport: { width: 820, height: 1180 } };
    const laptop = await newPage(env.browser, size);
    const pad = await newPage(env.browser, size);
    try {
      await fn(laptop, pad);
    } finally {
      await laptop.context().close();
      await pad.context().close();
    }
  }
  const names = async (page) => (await records(page, 'person')).map((r) => r.data.name).sort();

  /**
   * What both sync modes must do, from a laptop with the demo team and a fresh tablet: the
   * laptop's private note never reaches the server (`serverText()`: what it stores); the tablet
   * gets the whole team; edits go both ways; an edit made offline waits, says why, then goes;
   * the same name changed on both is shown on the second device, kept across a reload, and
   * settled with the other device's value. Ends with both devices in step.
   */
  async function stayInStep(laptop, pad, { url, couch = false, serverText }) {
    const marker = `PRIVATE-MARKER-${couch ? 'C' : 'J'}41`;
    await loadDemo(laptop);
    await privateNote(laptop, 'Hannah Whitfield', `${marker} worried about workload`);
    const first = await setUp(laptop, url, '', { couch });
    assert.equal(first.error, null);
    assert.match(first.status, /Last synced today/);
    assert.match(first.status, /nothing waiting/);
    const stored = await serverText();
    assert.ok(stored.includes('Hannah Whitfield'));
    assert.ok(!stored.includes(marker), 'the private note stayed on the laptop');
    assert.ok((await records(laptop, 'check_in')).some((r) => (r.data.private_note || '').includes(marker)));

    // The fresh tablet gets the whole team.
    assert.equal((await setUp(pad, url, '', { couch })).error, null);
    await open(pad, '/');
    assert.equal(await pad.getByTestId('team-name').textContent(), 'Customer Success');
    assert.equal((await records(pad, 'person')).length, 6);
    assert.ok(!JSON.stringify(await records(pad, 'check_in')).includes(marker));

    // Edits on each side reach the other.
    await addPerson(laptop, 'Zoe Laptop');
    await syncNow(laptop);
    await addPerson(pad, 'Yusuf Tablet');
    await syncNow(pad);
    await syncNow(laptop);
    assert.deepEqual(await names(laptop), await names(pad));
    assert.ok((await names(laptop)).includes('Yusuf Tablet') && (await names(pad)).includes('Zoe Laptop'));

    // Offline: the edit waits and the status says why; back online it goes.
    const offline = await offlineRoleEdit(pad, 'Zoe Laptop', 'Offline role');
    assert.match(offline.error, /Could not reach the endpoint/);
    assert.match(offline.status, /1 change waiting/);
    assert.equal((await syncNow(pad)).error, null);
    await syncNow(laptop);
    assert.ok((await records(laptop, 'person')).some((r) => r.data.role === 'Offline role'));

    // The same name changed on both: the second device shows both and chooses.
    await rename(laptop, 'Kwame Asante', 'Kwame A. Asante');
    await rename(pad, 'Kwame Asante', 'Kwame Asante (Education)');
    await syncNow(laptop);
    await syncNow(pad);
    const conflicts = pad.getByTestId('sync-conflicts');
    await conflicts.waitFor();
    assert.match(await conflicts.textContent(), /This device: Kwame Asante \(Education\)/);
    assert.match(await conflicts.textContent(), /Other device: Kwame A\. Asante/);
    await screenshot(pad, `sync-conflict-${couch ? 'couch' : 'json'}`);
    await pad.reload();
    await conflicts.waitFor(); // kept across a reload
    await conflicts.getByRole('button', { name: "Use the other device's" }).click();
    await conflicts.waitFor({ state: 'detached' });
    await syncNow(pad);
    await syncNow(laptop);
    assert.deepEqual(await names(laptop), await names(pad));
    assert.ok((await names(pad)).includes('Kwame A. Asante'));
  }
  /** Makes an invitation for `name` in Settings → Devices; returns the link shown. */
  async function invite(page, name, token = '') {
    await open(page, '/settings');
    const panel = page.getByTestId('devices');
    await panel.getByLabel('Invite').selectOption({ label: name });
    await panel.getByLabel('Their token on the sync server (optional)').fill(token);
    await panel.getByRole('button', { name: 'Make invitation link' }).click();
    const link = await panel.getByTestId('invite-link').inputValue();
    assert.match(link, /\/join#TRELLIS1\./);
    return link;
  }

  /** A fresh profile that records every response body it receives from `server`. */
  async function memberDevice(server, size) {
    const page = await newPage(env.browser, size);
    const bodies = [];
    page.on('response', async (res) => {
      if (!res.url().startsWith(server) || res.request().method() === 'OPTIONS') return;
      try {
        bodies.push(await res.text());
      } catch {
        // a body the browser did not keep (a 304): nothing received
      }
    });
    return { page, bodies };
  }

  /** Opens the invitation link and joins; returns once the member's page is shown. */
  async function join(page, link) {
    await page.goto(link);
    await page.getByTestId('join').waitFor();
    assert.ok(!page.url().includes('#'), 'the code leaves the address bar');
    await page.getByTestId('join-button').click();
    await page.getByTestId('member-home').waitFor({ timeout: 30000 });
  }
  return { rounds, setUp, settled, syncNow, addPerson, rename, privateNote, offlineRoleEdit, twoDevices, names, stayInStep, invite, memberDevice, join };
}

/**
 * Start pouchdb-server (a CouchDB-compatible server, from npm) in memory on a free port, with
 * CORS for the app's origin. Returns its URL, `couch(method, path, body)` to look at or change
 * what it stores (JSON in and out), and `stop()`.
 */
export async function startPouch() {
  const { spawn } = await import('node:child_process');
  const os = await import('node:os');
  const net = await import('node:net');
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  // It writes a log and its settings where it runs: a folder of its own.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-pouch-'));
  const config = path.join(dir, 'config.json');
  await fs.writeFile(config, JSON.stringify({
    httpd: { enable_cors: true },
    cors: { origins: '*', credentials: true, methods: 'GET, PUT, POST, HEAD, DELETE', headers: 'accept, authorization, content-type, origin, referer, if-match' },
    log: { file: path.join(dir, 'log.txt') },
  }));
  const bin = path.join(here, 'node_modules', '.bin', 'pouchdb-server');
  const child = spawn(bin, ['--in-memory', '--port', String(port), '--host', '127.0.0.1', '--config', config], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    let out = '';
    const seen = (chunk) => {
      out += chunk;
      if (out.includes('has started on')) resolve();
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('exit', (code) => reject(new Error(`pouchdb-server exited (${code}): ${out}`)));
  });
  const couch = async (method, p, body) => {
    const res = await fetch(url + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return res.json();
  };
  const stop = async () => {
    child.kill();
    await fs.rm(dir, { recursive: true, force: true });
  };
  return { url, couch, stop };
}

/**
 * Start the reference sync endpoint (`endpoint/`, built here if needed) on a free port with a
 * fresh documents folder. Returns its URL, the folder, and `stop()`.
 * `tokensFile`: per-document tokens (see the endpoint's `--tokens`).
 * @param {{token?: string, maxBytes?: number, tokensFile?: string}} [opts]
 */
export async function startEndpoint({ token, maxBytes, tokensFile } = {}) {
  const { spawn, spawnSync } = await import('node:child_process');
  const os = await import('node:os');
  const built = spawnSync('cargo', ['build', '-q', '-p', 'trellis-endpoint'], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('could not build trellis-endpoint');
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR) : path.join(REPO_ROOT, 'target');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-endpoint-'));
  const args = ['--port', '0', '--dir', dir, ...(token ? ['--token', token] : []), ...(maxBytes ? ['--max-bytes', String(maxBytes)] : []), ...(tokensFile ? ['--tokens', tokensFile] : [])];
  const child = spawn(path.join(target, 'debug', 'trellis-endpoint'), args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`trellis-endpoint exited (${code}): ${out}`)));
  });
  const stop = async () => {
    child.kill();
    await fs.rm(dir, { recursive: true, force: true });
  };
  return { url, dir, stop };
}

/**
 * A misbehaving network in front of `upstream` (e.g. startEndpoint()'s URL), in this process on a
 * free port of 127.0.0.1. Requests go on to upstream unless the fault says otherwise; CORS
 * preflights (OPTIONS) always do, so faults hit the requests themselves. Every answer closes its
 * connection, so the browser never silently retries on a reused one.
 *
 * `set(mode, { method, count, ms })` sets the fault for the next requests: only `method`'s
 * ('GET' or 'PUT') if given; after `count` of them (if given), back to `pass`.
 * - `pass`: forwarded as they are;
 * - `drop`: the connection is closed without an answer (nothing reaches upstream);
 * - `fail`: `503` with CORS headers (nothing reaches upstream);
 * - `hang`: never answered (nothing reaches upstream);
 * - `delay`: forwarded, and upstream's answer held `ms` (3 s) or until `release()`;
 * - `truncate`: forwarded; upstream's status and headers with half its body, then the connection closed;
 * - `lose-ack`: forwarded, so upstream acts on it, then the connection closed without an answer.
 *
 * `log` lists every request as { method, path, mode, status } (status: upstream's answer, if it
 * was asked); `faulted()` resolves with the entry of the next request a fault acts on, once it
 * has (a held answer is held, a lost acknowledgement was applied upstream). `close()` stops it.
 * @param {string} upstream e.g. 'http://127.0.0.1:8787'
 */
export async function startFaultProxy(upstream) {
  const http = await import('node:http');
  const target = new URL(upstream);
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag', Connection: 'close' };
  let fault = { mode: 'pass' };
  const log = [];
  let waiters = [];
  let held = [];
  const acted = (entry) => {
    for (const resolve of waiters) resolve(entry);
    waiters = [];
  };
  /** The fault for one request, counting it down. */
  const take = (method) => {
    const { mode, method: only, ms = 3000 } = fault;
    if (method === 'OPTIONS' || mode === 'pass' || (only && only !== method)) return { mode: 'pass' };
    if (fault.count !== undefined && --fault.count <= 0) fault = { mode: 'pass' };
    return { mode, ms };
  };
  /** Upstream's whole answer to `req`. */
  const forward = (req) =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host };
      const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      up.on('error', reject);
      req.pipe(up);
    });
  const server = http.createServer(async (req, res) => {
    const { mode, ms } = take(req.method);
    const entry = { method: req.method, path: req.url, mode, status: null };
    log.push(entry);
    if (mode === 'hang') return acted(entry);
    if (mode === 'drop') {
      req.socket.destroy();
      return acted(entry);
    }
    if (mode === 'fail') {
      res.writeHead(503, { ...cors, 'Content-Type': 'text/plain' }).end('Service Unavailable');
      return acted(entry);
    }
    let answer;
    try {
      answer = await forward(req);
    } catch (err) {
      return res.writeHead(502, { ...cors, 'Content-Type': 'text/plain' }).end(`upstream: ${err.message}`);
    }
    entry.status = answer.status;
    const headers = { ...answer.headers, connection: 'close' };
    if (mode === 'lose-ack') {
      req.socket.destroy();
      return acted(entry);
    }
    if (mode === 'truncate') {
      res.writeHead(answer.status, headers);
      res.write(answer.body.subarray(0, answer.body.length >> 1), () => req.socket.destroy());
      return acted(entry);
    }
    if (mode === 'delay') {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        held.push(() => (clearTimeout(timer), resolve()));
        acted(entry);
      });
    }
    res.writeHead(answer.status, headers).end(answer.body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    log,
    set(mode, opts = {}) {
      fault = { mode, ...opts };
    },
    faulted: () => new Promise((resolve) => waiters.push(resolve)),
    release() {
      for (const go of held) go();
      held = [];
    },
    close() {
      this.release();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
