#!/usr/bin/env node
// Trellis bench: prints figures and ratios; budgets print PASS/OVER (they never fail the run).
//
//   make bench                      (builds dist/, installs tools, then runs this)
//   node tools/bench.mjs [--runs 5] [--only lighthouse] (assumes dist/ built, tests/e2e and
//                                  tools/lighthouse installed; --only: one section by name)
//
// Environment: TRELLIS_DIST (default dist), TRELLIS_BASE (default /, the build's PUBLIC_URL),
// BENCH_RUNS (default 5), BENCH_LARGE_STORE (skip `cargo run --example large_store` and use this JSON).
//
// Sections:
//   1. First-load transfer, raw/gzip -9/brotli q11: index.html and the .css/.js/.wasm it loads
//      (following the JS modules' static imports); then the chunks loaded after the first screen.
//   2. Time to interactive: performance mark 'trellis-ready', empty vs large store (medians).
//   3. Bytes written to localStorage by one edit through the UI, small (demo) vs large store:
//      a person's role, a rollout tick, a self-assessment, a learning action, a review action
//      done (`EDITS`).
//   4. Bytes to sync one changed record, small (demo) vs large store: JSON endpoint mode
//      against the reference endpoint, CouchDB mode against pouchdb-server.
//   5. Lighthouse mobile (tools/lighthouse, 12.2.3) on the first screen, served with brotli:
//      performance score, FCP, LCP, TBT, total bytes and requests (median of 3 runs).
//
// Exit status: 0 when every section ran; 1 when a section crashed (its error is printed and
// the other sections still run).

// ---------------------------------------------------------------------------------------------
// UI SELECTORS AND THE EDIT PROCEDURE: adjust here when the UI changes.
// ---------------------------------------------------------------------------------------------
export const UI = {
  /** Button on the empty home page that seeds a small demo store. */
  demoButton: { role: 'button', name: 'Try with a demo team' },
  /** The message once the demo team is written. */
  demoLoaded: 'Demo team loaded',
  /** Route listing people (relative to the app base). */
  peoplePath: '/people',
  /** First matching element opens a person. */
  personLink: '[data-testid=person-link]',
  /** Opens the edit form on the person page. */
  editPerson: '[data-testid=edit-person]',
  /** Field (by its label) that the edit changes. */
  editField: { label: 'Role' },
  /** Submits the form. */
  saveButton: { role: 'button', name: 'Save' },
  /** Visible once the person view is shown again after saving. */
  personView: '[data-testid=person-view]',
};

/** One edit through the UI, starting from a loaded app page. */
async function performEdit(page) {
  await page.locator(UI.personLink).first().click();
  await page.locator(UI.editPerson).first().click();
  await page.getByLabel(UI.editField.label, { exact: true }).fill(`Bench role ${Date.now()}`);
  await page.getByRole(UI.saveButton.role, { name: UI.saveButton.name, exact: true }).click();
  await page.locator(UI.personView).first().waitFor({ state: 'visible' });
}
// ---------------------------------------------------------------------------------------------

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
// The harness resolves playwright-core from tests/e2e/node_modules.
import { startApp, launchBrowser, forwardPageErrors, startEndpoint, startPouch, REPO_ROOT, DIST, BASE, CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.mjs';

const KB = 1000; // budgets use decimal kilobytes (bytes are printed too)
const BUDGET_FIRST_LOAD_BROTLI = 300 * KB; // hard budget
const AIM_FIRST_LOAD_BROTLI = 250 * KB;
const BUDGET_TTI_RATIO = 1.3;
const BUDGET_EDIT_BYTES = 400;
// localStorage holds about 5 M characters per origin; a large store must stay under half.
const BUDGET_LARGE_STORE_CHARS = 2_500_000;
const READY_MARK = 'trellis-ready';
const BLANK_PATH = '/__bench_blank'; // same-origin page served by a route, never by the app

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const RUNS = Math.max(1, Number(argValue('--runs') || process.env.BENCH_RUNS || 9));

// ---------- output helpers ----------
function table(headers, rows, align = []) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const fmt = (r) =>
    r
      .map((c, i) => ((align[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(fmt(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(fmt(r));
}
const kb = (n) => `${(n / KB).toFixed(1)} KB`;
const bytes = (n) => `${n.toLocaleString('en-US')} B`;
const ms = (n) => `${n.toFixed(1)} ms`;
const verdict = (ok) => (ok ? 'PASS' : 'OVER');
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function heading(t) {
  console.log(`\n== ${t} ${'='.repeat(Math.max(0, 76 - t.length))}`);
}

// ---------- 1. transfer sizes ----------
function transferSizes() {
  heading('First-load transfer');
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html missing: run make dist`);
  const files = firstLoadFiles();
  const rows = [];
  const total = { raw: 0, gz: 0, br: 0 };
  for (const name of files) {
    const buf = fs.readFileSync(path.join(DIST, name));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    const br = zlib.brotliCompressSync(buf, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length;
    total.raw += buf.length;
    total.gz += gz;
    total.br += br;
    rows.push([name, bytes(buf.length), bytes(gz), bytes(br)]);
  }
  rows.push(['TOTAL', bytes(total.raw), bytes(total.gz), bytes(total.br)]);
  console.log(`dist: ${DIST}`);
  table(['file', 'raw', 'gzip -9', 'brotli q11'], rows);
  console.log(
    `budget: first load <= ${kb(BUDGET_FIRST_LOAD_BROTLI)} brotli (aim ${kb(AIM_FIRST_LOAD_BROTLI)}): ${kb(total.br)} -> ${verdict(total.br <= BUDGET_FIRST_LOAD_BROTLI)}${total.br <= AIM_FIRST_LOAD_BROTLI ? ', within the aim' : `, ${kb(total.br - AIM_FIRST_LOAD_BROTLI)} over the aim`}`,
  );
  const lazy = listFiles(DIST).filter((f) => /\.wasm$/.test(f) && !files.includes(f));
  let lazyBr = 0;
  const lazyRows = lazy.map((name) => {
    const br = brotliSize(fs.readFileSync(path.join(DIST, name)));
    lazyBr += br;
    return [name, bytes(br)];
  });
  lazyRows.push(['TOTAL', bytes(lazyBr)]);
  console.log('\nChunks loaded on demand (and in the background after the first screen):');
  table(['file', 'brotli q11'], lazyRows);
  return total;
}

function brotliSize(buf) {
  return zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;
}

/** Every file under dir, as paths relative to it. */
function listFiles(dir, prefix = '') {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((d) => {
    const rel = prefix ? `${prefix}/${d.name}` : d.name;
    return d.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

/** index.html, the .css/.js files it names, the modules those JS files import statically, and
 * the main wasm module the bootstrap (boot-<hash>.js) starts. */
function firstLoadFiles() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const out = ['index.html'];
  const queue = [];
  // Release builds minify index.html, which drops the quotes around most attribute values.
  for (const m of html.matchAll(/\b(?:href|src)=(?:"([^"]+)"|([^\s>"']+))/g)) {
    // Trunk writes links under the public URL ("/boot-<h>.js", "/trellis/boot-<h>.js").
    const ref = (m[1] || m[2]).replace(/^\.\//, '').replace(new RegExp(`^${BASE.replace(/\/?$/, '/')}`), '');
    if (/\.(css|js)$/.test(ref)) queue.push(ref);
  }
  while (queue.length) {
    const f = queue.shift();
    if (out.includes(f)) continue;
    if (!fs.existsSync(path.join(DIST, f))) throw new Error(`index.html loads ${f}, which is not in ${DIST}`);
    out.push(f);
    if (f.endsWith('.js')) {
      const js = fs.readFileSync(path.join(DIST, f), 'utf8');
      const near = (ref) => path.posix.normalize(path.posix.join(path.posix.dirname(f), ref));
      // Static imports, minified (`from"./x.js"`) or not (`from './x.js'`).
      for (const m of js.matchAll(/\bfrom\s*["']([^"']+\.js)["']/g)) queue.push(near(m[1]));
      // The bootstrap names the main module's wasm (the chunk loader names the chunks, which
      // are not part of the first load).
      if (/^boot-[^/]*\.js$/.test(f)) {
        for (const m of js.matchAll(/new URL\(\s*["']([^"']+\.wasm)["']/g)) queue.push(near(m[1]));
      }
    }
  }
  return out;
}

// ---------- store helpers ----------
function loadLargeStore() {
  let file = process.env.BENCH_LARGE_STORE;
  if (!file) {
    file = path.join(REPO_ROOT, 'target', 'large-store.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    console.error(`bench: cargo run --quiet --example large_store -- ${path.relative(REPO_ROOT, file)}`);
    const r = spawnSync('cargo', ['run', '--quiet', '--example', 'large_store', '--', file], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 2, 2], // keep stdout for the tables
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`cargo run --example large_store exited with ${r.status}`);
  }
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: expected a JSON object`);
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string') throw new Error(`${file}: value of ${k} is not a string`);
  }
  return data;
}

function describeStore(data) {
  const groups = new Map();
  let chars = 0;
  let utf8 = 0;
  for (const [k, v] of Object.entries(data)) {
    // Group records by the kind their key names ("trellis:r:check_in:<id>"), anything else by
    // key prefix ("trellis:sync:x" -> "trellis:sync"; keys without a second colon stand alone).
    let g;
    const record = k.match(/^trellis:r:([a-z_]+):/);
    if (record) g = `kind ${record[1]}`;
    if (!g) {
      const parts = k.split(':');
      g = parts.length > 2 ? parts.slice(0, 2).join(':') : k;
    }
    groups.set(g, (groups.get(g) || 0) + 1);
    chars += k.length + v.length;
    utf8 += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  return { entries: Object.keys(data).length, chars, utf8, groups };
}

/** Open a same-origin blank page (no app code runs), replace localStorage with `entries`. */
async function seedStorage(context, page, url, entries) {
  await context.route(`${url}${BLANK_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>blank</title>' }),
  );
  await page.goto(`${url}${BLANK_PATH}`);
  await page.evaluate((data) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(data)) localStorage.setItem(k, v);
  }, entries);
  // Let the browser commit the seeded data to disk before the measured load: otherwise a
  // megabyte of writes in flight competes with the page for the two cores, which a user
  // opening the app never sees. Empty and large runs wait alike.
  await page.waitForTimeout(1500);
}

async function waitForMark(page, timeout = 60000) {
  await page.waitForFunction(
    (mark) => performance.getEntriesByName(mark).length > 0 && document.documentElement.dataset.ready === '1',
    READY_MARK,
    { timeout },
  );
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, READY_MARK);
}

/** Where the time went: until the store opens (download, compile, storage area), reading it. */
async function phases(page) {
  return page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN;
    return { open: at('trellis-store-open'), read: at('trellis-store-loaded') - at('trellis-store-open') };
  });
}

async function storageSize(page) {
  return page.evaluate(() => {
    let n = 0;
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      n += k.length + (localStorage.getItem(k) || '').length;
    }
    return { entries: localStorage.length, chars: n };
  });
}

// ---------- 2. time to interactive ----------
async function timeToInteractive(browser, app, large) {
  heading(`Time to interactive (performance mark '${READY_MARK}', ${RUNS} runs each)`);
  const info = describeStore(large);
  console.log(
    `large store: ${info.entries} entries, ${bytes(info.chars)} as stored (UTF-16 code units of keys + values), ${bytes(info.utf8)} UTF-8`,
  );
  table(
    ['record kind / key group', 'entries'],
    [...info.groups.entries()].sort((a, b) => b[1] - a[1]).map(([g, n]) => [g, n]),
  );

  const measure = async (entries) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      forwardPageErrors(page, 'bench');
      await seedStorage(context, page, app.url, entries);
      await page.goto(`${app.url}/`);
      const ready = await waitForMark(page);
      // Home's twelve-week trends come after the first screen, from their own chunk: how long
      // after it they are drawn (a figure, not a budget).
      // (An empty store opens on the first-run screen, which has none.)
      let trends = NaN;
      if (Object.keys(entries).length > 0) {
        await page.locator('[data-testid=dashboard] figure').first().waitFor({ timeout: 60000 });
        trends = (await page.evaluate(() => performance.now())) - ready;
      }
      return { ready, trends, ...(await phases(page)) };
    } finally {
      await context.close();
    }
  };
  // One discarded warm-up load, then interleaved runs so drift hits both sides alike.
  await measure({});
  const empty = [];
  const big = [];
  for (let i = 0; i < RUNS; i++) {
    empty.push(await measure({}));
    big.push(await measure(large));
  }
  const phase = (runs, key) => ms(median(runs.map((r) => r[key])));
  const phaseRows = [
    ['empty', phase(empty, 'open'), phase(empty, 'read')],
    ['large', phase(big, 'open'), phase(big, 'read')],
  ];
  const trendRows = [['large', phase(big, 'trends')]];
  for (const runs of [empty, big]) runs.forEach((r, i) => (runs[i] = r.ready));
  const mEmpty = median(empty);
  const mLarge = median(big);
  const ratio = mLarge / mEmpty;
  console.log('');
  table(
    ['store', 'median', 'runs (ms)'],
    [
      ['empty', ms(mEmpty), empty.map((x) => x.toFixed(0)).join(' ')],
      [`large (${info.entries} entries)`, ms(mLarge), big.map((x) => x.toFixed(0)).join(' ')],
    ],
    ['l', 'r', 'l'],
  );
  console.log('');
  table(['store', 'until store opens', 'reading the store'], phaseRows, ['l', 'r', 'r']);
  console.log('');
  table(["store", "Home's trends drawn, after ready"], trendRows, ['l', 'r']);
  console.log(`ratio large/empty: ${ratio.toFixed(2)} (budget <= ${BUDGET_TTI_RATIO}) -> ${verdict(ratio <= BUDGET_TTI_RATIO)}`);
  return { mEmpty, mLarge, ratio };
}

// ---------- 3. bytes written per edit ----------
const COUNT_WRITES = () => {
  const orig = Storage.prototype.setItem;
  window.__trellisBytes = 0;
  window.__trellisSetItemCalls = 0;
  Storage.prototype.setItem = function (key, value) {
    window.__trellisBytes += String(key).length + String(value).length;
    window.__trellisSetItemCalls += 1;
    return orig.call(this, key, value);
  };
};

async function waitWritesSettled(page, quietMs = 500, maxMs = 5000) {
  const start = Date.now();
  let last = await page.evaluate(() => window.__trellisSetItemCalls);
  let since = Date.now();
  while (Date.now() - start < maxMs) {
    await page.waitForTimeout(100);
    const now = await page.evaluate(() => window.__trellisSetItemCalls);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) break;
  }
}

/** Fills the store: 'demo' loads the demo team through the UI; otherwise `seed` is the entries. */
async function seedWith(context, page, app, seed) {
  if (seed === 'demo') {
    await seedStorage(context, page, app.url, {});
    await page.goto(`${app.url}/`);
    await waitForMark(page);
    await page.getByRole(UI.demoButton.role, { name: UI.demoButton.name }).click();
    // Written once the demo's chunk has arrived: wait, or the next page load cuts it off.
    await page.getByText(UI.demoLoaded).first().waitFor({ timeout: 60000 });
  } else {
    await seedStorage(context, page, app.url, seed);
  }
}

/** Clicks `locator` if the page has it; false if not (that edit has nothing to act on here). */
async function clickIfAny(locator) {
  if ((await locator.count()) === 0) return false;
  await locator.first().click();
  return true;
}

/**
 * The edits measured: each starts on its page and returns false when the store has nothing for
 * it (the large store's system review actions are all done). Each writes one record of a kind
 * that grows with use (a person; a rollout tick; a self-assessment; a learning action; a review
 * action's outcome), so a record that holds its parts inside shows here as bytes that grow.
 */
const EDITS = [
  { name: "a person's role", path: UI.peoplePath, run: async (page) => { await performEdit(page); return true; } },
  {
    name: 'a rollout task ticked', path: '/rollout',
    run: async (page) => {
      const mark = page.locator('[data-testid^=mark-]').first();
      if ((await mark.count()) === 0) return false;
      const key = (await mark.getAttribute('data-testid')).slice('mark-'.length);
      await mark.click();
      await page.getByLabel('Note (optional): what was done, or where').fill('Done in the team meeting.');
      await page.getByTestId(`tick-${key}`).click();
      await page.locator(`[data-task=${key}][data-state=done]`).waitFor({ state: 'attached' }); // its checklist may fold
      return true;
    },
  },
  {
    name: 'a self-assessment', path: '/leadership',
    run: async (page) => {
      await page.getByLabel('Coaching', { exact: true }).selectOption('4');
      await page.getByTestId('save-assessment').click();
      await page.getByText('Your self-assessment is saved').first().waitFor();
      return true;
    },
  },
  {
    name: 'a learning action ticked', path: '/leadership',
    run: (page) => clickIfAny(page.locator('[data-testid=learning-action][data-done=false] [data-testid=toggle-learning]')),
  },
  {
    name: 'a review action done', path: '/insights',
    run: async (page) => {
      if (!(await clickIfAny(page.getByTestId('action-done-open')))) return false;
      await page.getByLabel('What came of it (optional)').first().fill('Everyone acknowledged it.');
      await page.getByTestId('action-done').first().click();
      await page.getByText('The improvement action is done').first().waitFor();
      return true;
    },
  },
];

/** Each edit of `EDITS` in one store: {name: {bytes, calls} or null}, and the store's size. */
async function measureEdits(browser, app, seed) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(COUNT_WRITES);
    const page = await context.newPage();
    forwardPageErrors(page, 'bench');
    await seedWith(context, page, app, seed);
    if (seed === 'demo') await waitWritesSettled(page);
    const out = {};
    let store;
    for (const edit of EDITS) {
      await page.goto(`${app.url}${edit.path}`);
      await waitForMark(page);
      await waitWritesSettled(page);
      store ??= await storageSize(page);
      await page.evaluate(() => {
        window.__trellisBytes = 0;
        window.__trellisSetItemCalls = 0;
      });
      const done = await edit.run(page);
      await waitWritesSettled(page);
      out[edit.name] = done ? await page.evaluate(() => ({ bytes: window.__trellisBytes, calls: window.__trellisSetItemCalls })) : null;
    }
    return { edits: out, store };
  } finally {
    await context.close();
  }
}

async function bytesPerEdit(browser, app, large) {
  heading('Bytes written to localStorage by one edit (key + value length, UTF-16 code units)');
  const small = await measureEdits(browser, app, 'demo');
  const big = await measureEdits(browser, app, large);
  table(
    ['store', 'store entries', 'store size'],
    [
      ['demo team', small.store.entries, bytes(small.store.chars)],
      ['large', big.store.entries, bytes(big.store.chars)],
    ],
  );
  const cell = (m) => (m ? `${bytes(m.bytes)} (${m.calls} setItem)` : 'n/a (nothing to edit)');
  table(
    ['edit', 'demo team', 'large', 'ratio large/demo'],
    EDITS.map(({ name }) => {
      const [a, b] = [small.edits[name], big.edits[name]];
      const ratio = a && b && a.bytes > 0 ? (b.bytes / a.bytes).toFixed(2) : 'n/a';
      return [name, cell(a), cell(b), ratio];
    }),
  );
  const all = [...Object.values(small.edits), ...Object.values(big.edits)].filter(Boolean);
  const most = Math.max(...all.map((m) => m.bytes));
  console.log(`budget: one edit writes <= ${BUDGET_EDIT_BYTES} B at any size: the most was ${bytes(most)} -> ${verdict(most <= BUDGET_EDIT_BYTES)}`);
  console.log(
    `budget: large store (3 years x 25 people) <= ${BUDGET_LARGE_STORE_CHARS.toLocaleString('en-US')} characters, half of localStorage: ${big.store.chars.toLocaleString('en-US')} -> ${verdict(big.store.chars <= BUDGET_LARGE_STORE_CHARS)}`,
  );
  if (all.some((m) => m.calls === 0)) console.log('note: an edit wrote nothing to localStorage: check the selectors in EDITS in tools/bench.mjs');
  return { small, big };
}

// ---------- 4. bytes sent to sync one changed record ----------
async function syncRound(page, app) {
  await page.goto(`${app.url}/settings`);
  await waitForMark(page);
  await page.getByTestId('sync-now').click();
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid=sync-status]')?.textContent ?? '';
    return s.includes('Last synced') && !s.includes('Syncing');
  }, null, { timeout: 120000 });
}

/** Bytes one round sends and receives after one edit, with sync set up to `server` (a JSON
 * endpoint, or a CouchDB database when `couch`). */
async function measureSync(browser, app, seed, url, couch) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    forwardPageErrors(page, 'bench');
    await seedWith(context, page, app, seed);
    await page.goto(`${app.url}/settings`);
    await waitForMark(page);
    await page.getByLabel('Kind of server').selectOption(couch ? 'couch' : 'json');
    await page.getByLabel(couch ? 'Database URL' : 'Team document URL').fill(url);
    await page.getByRole('button', { name: 'Save and sync' }).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid=sync-status]')?.textContent ?? '').includes('Last synced'), null, { timeout: 180000 });
    await page.goto(`${app.url}${UI.peoplePath}`);
    await waitForMark(page);
    await performEdit(page);
    let sent = 0;
    let received = 0;
    const origin = new URL(url).origin;
    page.on('request', (r) => {
      if (r.url().startsWith(origin) && r.method() !== 'OPTIONS') sent += Buffer.byteLength(r.postData() ?? '');
    });
    page.on('response', async (r) => {
      if (r.url().startsWith(origin) && r.request().method() !== 'OPTIONS') received += (await r.body().catch(() => Buffer.alloc(0))).length;
    });
    await syncRound(page, app);
    return { sent, received };
  } finally {
    await context.close();
  }
}

async function syncBytes(browser, app, large) {
  heading('Bytes to sync one changed record (request and response bodies of the round after one edit)');
  const endpoint = await startEndpoint({ maxBytes: 50_000_000 });
  const pouch = await startPouch();
  try {
    const rows = [];
    const ratios = [];
    for (const [mode, couch, base] of [['JSON endpoint', false, endpoint.url], ['CouchDB', true, pouch.url]]) {
      const small = await measureSync(browser, app, 'demo', `${base}/bench-demo`, couch);
      const big = await measureSync(browser, app, large, `${base}/bench-large`, couch);
      rows.push([`${mode}, demo team`, bytes(small.sent), bytes(small.received)]);
      rows.push([`${mode}, large`, bytes(big.sent), bytes(big.received)]);
      ratios.push(`${mode} ${(big.sent / Math.max(1, small.sent)).toFixed(2)}`);
    }
    table(['mode, store', 'sent', 'received'], rows);
    console.log(`ratio large/demo bytes sent: ${ratios.join(', ')} (the JSON document grows with the store; CouchDB mode sends the changed record)`);
  } finally {
    await endpoint.stop();
    await pouch.stop();
  }
}

// ---------- 5. Lighthouse ----------
/** Runs a command to its end without blocking this process: its status, stdout and stderr. */
function spawnAsync(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const LIGHTHOUSE = path.join(REPO_ROOT, 'tools', 'lighthouse', 'node_modules', 'lighthouse', 'cli', 'index.js');
const BUDGET_LCP_MS = 2500;
const LIGHTHOUSE_RUNS = 3;

/** Lighthouse's mobile run (simulated slow 4G and a slower CPU) on the first screen, served with
 * brotli as a static host would; the median of a few runs, since single runs vary. */
async function lighthouseRun() {
  heading(`Lighthouse mobile, first screen (median of ${LIGHTHOUSE_RUNS} runs, brotli like a static host)`);
  if (!fs.existsSync(LIGHTHOUSE)) throw new Error('tools/lighthouse is not installed: run `make bench`');
  const app = await startApp({ base: BASE, brotli: true });
  try {
    const runs = [];
    for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
      // Not spawnSync: the app's server runs in this process and must keep answering.
      const r = await spawnAsync(
        process.execPath,
        [
          LIGHTHOUSE,
          `${app.url}/`,
          '--output=json',
          '--output-path=stdout',
          '--only-categories=performance',
          '--quiet',
          `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`,
        ],
        { env: { ...process.env, CHROME_PATH: CHROMIUM } },
      );
      if (r.status !== 0) throw new Error(`lighthouse exited with ${r.status}: ${(r.stderr || '').split('\n').slice(-3).join(' ')}`);
      const lhr = JSON.parse(r.stdout);
      const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
      runs.push({
        score: Math.round((lhr.categories.performance.score ?? 0) * 100),
        fcp: audit('first-contentful-paint'),
        lcp: audit('largest-contentful-paint'),
        tbt: audit('total-blocking-time'),
        bytes: audit('total-byte-weight'),
        requests: lhr.audits['network-requests']?.details?.items?.length ?? NaN,
      });
    }
    const med = (k) => median(runs.map((r) => r[k]));
    table(
      ['run', 'score', 'FCP', 'LCP', 'TBT', 'total bytes', 'requests'],
      [
        ...runs.map((r, i) => [String(i + 1), r.score, ms(r.fcp), ms(r.lcp), ms(r.tbt), bytes(r.bytes), r.requests]),
        ['median', med('score'), ms(med('fcp')), ms(med('lcp')), ms(med('tbt')), bytes(med('bytes')), med('requests')],
      ],
    );
    console.log(`budget: LCP <= ${BUDGET_LCP_MS} ms: ${ms(med('lcp'))} -> ${verdict(med('lcp') <= BUDGET_LCP_MS)}`);
  } finally {
    await app.close();
  }
}

// ---------- main ----------
async function main() {
  let failed = 0;
  const only = argValue('--only');
  const section = async (name, fn) => {
    // The large store and the browser serve the sections in between.
    const helper = name === 'large store' || name === 'browser';
    if (only && !name.startsWith(only) && !(helper && /^(time|bytes|sync)/.test(only))) return undefined;
    try {
      return await fn();
    } catch (err) {
      failed += 1;
      console.log(`${name}: ERROR: ${err && err.message ? err.message.split('\n')[0] : err}`);
      console.error(err && err.stack ? err.stack : err);
      return undefined;
    }
  };

  console.log(`Trellis bench — ${new Date().toISOString()} — node ${process.version}`);
  await section('transfer', () => transferSizes());

  const large = await section('large store', () => loadLargeStore());
  const app = await startApp({ base: BASE });
  let browser;
  try {
    browser = await section('browser', () => launchBrowser());
    if (browser) {
      console.log(`browser: Chromium ${browser.version()}; app: ${app.url}/`);
      if (large) {
        await section('time to interactive', () => timeToInteractive(browser, app, large));
        await section('bytes per edit', () => bytesPerEdit(browser, app, large));
        await section('sync bytes', () => syncBytes(browser, app, large));
      } else {
        console.log('time to interactive / bytes per edit: skipped (no large store)');
      }
    }
  } finally {
    await browser?.close();
    await app.close();
  }
  await section('lighthouse', () => lighthouseRun());
  if (failed) {
    console.log(`\n${failed} section(s) crashed`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
