// Foundation, end to end against the release build in headless Chromium: first run and demo,
// people forms, export/erase/import, corrupt records, full storage, two tabs, deep links, layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useApp, newPage, newContext, forwardPageErrors, waitReady, screenshot, auditPage, SIZES, appSteps, readStored, defaultScope } from './harness.mjs';

const env = useApp();

/** The demo, one storage key each (as in tests/store.rs): team, 6 people, 18 goals, 57 check-ins,
 * 6 reviews, feedback (12 recognition, 3 corrective, 6 peer), 2 requests, 3 wins, 1 script,
 * the charter's 3 versions and their acknowledgements (6 + 5 + 3), the authority matrix,
 * standards for 2 roles and 9 ratings. */
/** The demo's indicators: 8, with 30 weeks of readings kept a calendar month per record (7 or 8
 * months, by today's date) for 7 of them, and 7 monthly readings for the eighth. */
function demoReadingMonths() {
  const now = new Date();
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * 86400000;
  const months = new Set();
  for (let t = 0; t < 30; t++) months.add(new Date(monday + (4 - 7 * (30 - t)) * 86400000).toISOString().slice(0, 7));
  return 7 * months.size + 7;
}
// … and Daniel's improvement plan with its 2 reviews and 1 acknowledgement.
const DEMO_RECORDS = 1 + 6 + (18 + 9) + 57 + 6 + (12 + 3 + 6) + 2 + 3 + 1 + 3 + (6 + 5 + 3) + 1 + 2 + 13 + 6 + (8 + 25 + 6 + 3) + 8 + demoReadingMonths() + (1 + 2 + 1) + ((1 + 4) + 1 + (1 + 2));

const { stored, recordKeys, open, loadDemo } = appSteps(env);
const peopleNames = (page) => page.locator('[data-testid=person-link] .card-title').allTextContents();

test('first run offers three starts; the demo team survives a reload', async () => {
  const page = await newPage(env.browser);
  try {
    await open(page, '/');
    for (const name of [/Try with a demo team/, /Start fresh/, /Import a file/]) {
      assert.ok(await page.getByRole('button', { name }).isVisible(), `${name} offered`);
    }
    await page.getByRole('button', { name: /Try with a demo team/ }).click();
    assert.equal(await page.getByTestId('team-name').textContent(), 'Customer Success');
    assert.equal((await recordKeys(page)).length, DEMO_RECORDS, 'team, people, goals, meetings and feedback, one key each');
    await page.reload();
    await waitReady(page);
    assert.equal(await page.getByTestId('team-name').textContent(), 'Customer Success');
    await page.getByRole('link', { name: 'People', exact: true }).first().click();
    assert.equal((await peopleNames(page)).length, 6);
  } finally {
    await page.context().close();
  }
});

test('start fresh: the team form refuses an empty name, then creates the team', async () => {
  const page = await newPage(env.browser);
  try {
    await open(page, '/');
    await page.getByRole('button', { name: /Start fresh/ }).click();
    await page.getByRole('button', { name: 'Save team' }).click();
    assert.equal(await page.locator('#team-team_name-error').textContent(), 'Team name is required.');
    assert.equal((await recordKeys(page)).length, 0, 'nothing saved');
    await page.getByLabel('Team name').fill('Field Service');
    await page.getByLabel('Mission').fill('Fix it the first time.');
    await page.getByRole('button', { name: 'Save team' }).click();
    assert.equal(await page.getByTestId('team-name').textContent(), 'Field Service');
    await page.reload();
    await waitReady(page);
    assert.equal(await page.getByTestId('team-name').textContent(), 'Field Service');
  } finally {
    await page.context().close();
  }
});

test('adding a person: an empty name is refused at the field and nothing is saved; fixed, it saves', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    const before = await stored(page);
    await open(page, '/people/new');
    await page.getByRole('button', { name: 'Save' }).click();
    const nameError = page.locator('#person-name-error');
    assert.equal(await nameError.textContent(), 'Name is required.');
    assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'person-name', 'focus moves to the field');
    await page.getByLabel('Email').fill('ada-at-example');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save' }).click();
    assert.match(await page.locator('#person-email-error').textContent(), /name@example.com/);
    assert.equal(await nameError.textContent(), '');
    await screenshot(page, 'person-form-error');
    assert.deepEqual(await stored(page), before, 'nothing saved while a field is wrong');

    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Role').fill('Analyst');
    await page.getByLabel('Check-in cadence').selectOption('biweekly');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('person-view').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Ada Lovelace');
    await page.reload();
    await waitReady(page);
    assert.equal(await page.locator('h1').textContent(), 'Ada Lovelace', 'deep link to the person after reload');
    assert.match(await page.getByTestId('person-view').textContent(), /Every two weeks/);
    assert.equal((await recordKeys(page)).length, DEMO_RECORDS + 1);
  } finally {
    await page.context().close();
  }
});

test('archive and restore a person', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    await open(page, '/people');
    await page.getByRole('link', { name: 'Kwame Asante' }).click();
    await page.getByRole('button', { name: 'Archive' }).click();
    await open(page, '/people');
    assert.ok(!(await peopleNames(page)).includes('Kwame Asante'), 'archived people are hidden');
    await page.getByLabel(/Show archived \(1\)/).check();
    assert.ok((await peopleNames(page)).includes('Kwame Asante'));
    await page.getByRole('link', { name: 'Kwame Asante' }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await open(page, '/people');
    assert.ok((await peopleNames(page)).includes('Kwame Asante'));
  } finally {
    await page.context().close();
  }
});

test('export, erase, import: the same data comes back; a broken file changes nothing', async () => {
  const page = await newPage(env.browser, { acceptDownloads: true });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-e2e-'));
  try {
    await loadDemo(page);
    await open(page, '/people');
    const names = await peopleNames(page);
    const original = await stored(page);

    await open(page, '/settings');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.match(download.suggestedFilename(), /^trellis-export-\d{4}-\d{2}-\d{2}\.json$/);
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const json = JSON.parse(await fs.readFile(file, 'utf8'));
    assert.equal(json.format, 'trellis-export');
    assert.equal(json.schema, 3);
    assert.equal(json.records.length, DEMO_RECORDS);
    // Every record says who may read it: the people are the team's, corrective feedback and
    // check-ins are the person's (and the manager's).
    for (const r of json.records) assert.match(r.scope, /^(team|person:[0-9a-z_-]+|manager)$/, r.id);
    assert.ok(json.records.filter((r) => r.kind === 'person').every((r) => r.scope === 'team'));
    const corrective = json.records.find((r) => r.kind === 'feedback' && r.data.kind === 'corrective');
    assert.equal(corrective.scope, `person:${corrective.data.person}`);
    const checkIn = json.records.find((r) => r.kind === 'check_in');
    assert.equal(checkIn.scope, `person:${checkIn.data.person}`);

    // A broken file: the first problem, precisely, and nothing changes.
    const broken = path.join(dir, 'broken.json');
    const n = json.records.findIndex((r) => r.kind === 'person');
    const personId = json.records[n].id;
    json.records[n].data.name = '';
    await fs.writeFile(broken, JSON.stringify(json, null, 2));
    await page.getByLabel(/Choose a Trellis export file/).setInputFiles(broken);
    await page.getByTestId('import-error').filter({ hasText: `Record ${n + 1} of ${DEMO_RECORDS}` }).waitFor();
    assert.equal(
      await page.getByTestId('import-error').textContent(),
      `broken.json was not imported. Record ${n + 1} of ${DEMO_RECORDS} (id "${personId}"): person field \`name\`: Name is required. Nothing was changed.`,
    );
    const notJson = path.join(dir, 'not.json');
    await fs.writeFile(notJson, '{\n  "format": "trellis-export",\n  oops\n}');
    await page.getByLabel(/Choose a Trellis export file/).setInputFiles(notJson);
    await page.getByTestId('import-error').filter({ hasText: 'Line 3, column 3' }).waitFor();
    assert.deepEqual(await stored(page), original);

    // Erase needs the typed word.
    const eraseButton = page.getByRole('button', { name: 'Erase all data' });
    assert.ok(await eraseButton.isDisabled());
    await page.getByLabel('Type ERASE to confirm').fill('erase');
    assert.ok(await eraseButton.isDisabled(), 'the word must match');
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await eraseButton.click();
    await page.getByTestId('welcome').waitFor();
    assert.deepEqual(await stored(page), {});

    // Import from the welcome screen.
    await page.getByRole('button', { name: /Import a file/ }).click();
    await page.getByLabel(/Choose a Trellis export file/).setInputFiles(file);
    const plan = page.getByTestId('import-plan');
    await plan.waitFor();
    assert.match(await plan.textContent(), new RegExp(`holds ${DEMO_RECORDS} records`));
    assert.match(await plan.textContent(), /This browser has 0 now/);
    await page.getByTestId('confirm-import').click();
    await page.getByTestId('team-name').waitFor();
    await open(page, '/people');
    assert.deepEqual(await peopleNames(page), names);
    const after = await stored(page);
    assert.equal(after['trellis:first-screen'], original['trellis:first-screen'], 'the same first screen');
    for (const key of Object.keys(original).filter((k) => k.startsWith('trellis:r:'))) {
      const [a, b] = [readStored(key, original[key]), readStored(key, after[key])];
      delete a.seq;
      delete b.seq;
      assert.deepEqual(b, a, `${key} comes back the same`);
    }

    // Importing the same file again as a merge: counts shown, nothing new.
    await open(page, '/settings');
    await page.getByLabel(/Choose a Trellis export file/).setInputFiles(file);
    await plan.waitFor();
    assert.match(await plan.textContent(), new RegExp(`add 0 new, update 0 that the file has newer, leave ${DEMO_RECORDS} as they are here`));
    assert.match(await plan.textContent(), new RegExp(`Replace: remove 0 records that only this browser has, and take all ${DEMO_RECORDS} from the file`));
  } finally {
    await page.context().close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a corrupt or future record is set aside; the app starts and the rest is intact', async () => {
  const page = await newPage(env.browser, { acceptDownloads: true });
  try {
    await loadDemo(page);
    const keys = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('trellis:r:') && localStorage[k].includes('"Daniel Reyes"')));
    assert.equal(keys.length, 1);
    const [danielKey] = keys;
    await page.evaluate((k) => {
      localStorage.setItem(k, localStorage.getItem(k).slice(0, 40)); // truncated JSON
      localStorage.setItem('trellis:r:fromthefuture', JSON.stringify({ v: 99, id: 'fromthefuture', kind: 'hologram' }));
    }, danielKey);
    await page.reload();
    await waitReady(page);
    // The first screen reads the team and the people; the rest is read right after, and the
    // count then includes what was set aside there.
    const banner = page.getByTestId('banner-quarantine');
    await banner.filter({ hasText: /2 stored records could not be read/ }).waitFor();
    assert.equal(await page.getByTestId('team-name').textContent(), 'Customer Success');
    await open(page, '/people');
    const names = await peopleNames(page);
    assert.equal(names.length, 5);
    assert.ok(!names.includes('Daniel Reyes'));

    await page.getByRole('link', { name: 'Review in Settings' }).click();
    const panel = page.getByTestId('quarantine');
    assert.match(await panel.textContent(), new RegExp(danielKey));
    assert.match(await panel.textContent(), /not readable JSON/);
    assert.match(await panel.textContent(), /newer version of Trellis/);
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download' }).first().click()]);
    assert.ok(download.suggestedFilename().endsWith('.json'));
    // Still kept in storage, untouched, until discarded.
    assert.equal((await stored(page))[danielKey].length, 40);
    await screenshot(page, 'settings-quarantine');
    page.once('dialog', (d) => d.accept());
    await panel.getByRole('button', { name: 'Discard' }).first().click();
    await page.reload();
    await waitReady(page);
    assert.match(await page.getByTestId('banner-quarantine').textContent(), /1 stored record could not be read/);
  } finally {
    await page.context().close();
  }
});

/** Opens the app on a store of an older version (tests/fixtures/<name>: key -> stored text). */
async function startFromFixture(page, name) {
  await open(page, '/');
  const entries = JSON.parse(await fs.readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
  await page.evaluate((all) => {
    for (const [k, v] of Object.entries(all)) localStorage.setItem(k, v);
  }, entries);
  await page.reload();
  await waitReady(page);
  return entries;
}

/** Whether a value is what a field holds when nothing was entered (a held meeting, no clock). */
function isDefault(value, field) {
  if (field === 'state') return value === 'finished';
  if (value === null || value === '' || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.every((v) => isDefault(v));
  return typeof value === 'object' && Object.entries(value).every(([k, v]) => isDefault(v, k));
}


test('a schema 1 store is upgraded: every record takes its audience, and Settings says who can read what', async () => {
  const page = await newPage(env.browser);
  try {
    const v1 = await startFromFixture(page, 'v1-storage.json');
    const old = Object.entries(v1).filter(([k]) => k.startsWith('trellis:r:')).map(([k, v]) => [k, JSON.parse(v)]);
    const want = new Map();
    for (const [, r] of old) want.set(defaultScope(r.kind, r.data), (want.get(defaultScope(r.kind, r.data)) ?? 0) + 1);
    const first = new Map(old.filter(([, r]) => r.kind === 'person').map(([, r]) => [r.id, r.data.name.split(' ')[0]]));

    await open(page, '/settings');
    const table = page.getByRole('region', { name: 'Records by audience' });
    await table.waitFor();
    for (const [scope, n] of want) {
      const row = table.locator(`tr[data-scope="${scope}"]`);
      const audience = scope === 'team' ? 'The whole team' : `Visible to ${first.get(scope.slice('person:'.length))} and you`;
      assert.deepEqual(await row.locator('td').allTextContents(), [audience, String(n)], scope);
    }
    assert.equal(await table.locator('tbody tr').count(), want.size);

    // Written back as schema 2, each with its scope and its data unchanged; still so after a reload.
    await page.reload();
    await waitReady(page);
    const now = await stored(page);
    for (const [key, r] of old) {
      const back = readStored(key, now[key]);
      assert.equal(back.v, 3, key);
      assert.equal(back.scope, defaultScope(r.kind, r.data), key);
      for (const [field, value] of Object.entries(r.data)) {
        // Empty fields may be left out of the stored form.
        if (!(field in back.data)) assert.ok(isDefault(value), `${key} ${field}: ${JSON.stringify(value)}`);
        else assert.deepEqual(back.data[field], value, `${key} ${field}`);
      }
    }
    assert.equal(JSON.parse(now['trellis:meta']).schema, 3);
  } finally {
    await page.context().close();
  }
});

test('records of the prototype format (v0) are upgraded in the browser and still load', async () => {
  const page = await newPage(env.browser);
  try {
    await startFromFixture(page, 'v0-storage.json');
    assert.equal(await page.getByTestId('team-name').textContent(), 'Field Service');
    await page.getByTestId('flash').filter({ hasText: 'Upgraded 3 stored record(s)' }).waitFor();
    const keys = Object.keys(await stored(page)).sort();
    assert.deepEqual(keys, ['trellis:first-screen', 'trellis:meta', 'trellis:r:person:ana01', 'trellis:r:person:ben02', 'trellis:r:team:team0']);
    await open(page, '/people');
    assert.deepEqual(await peopleNames(page), ['Ana Souza']);
  } finally {
    await page.context().close();
  }
});

test('a full storage: the edit stays on screen and in memory, a banner offers export, nothing saved is damaged', async () => {
  const page = await newPage(env.browser, { acceptDownloads: true });
  try {
    await loadDemo(page);
    const before = await stored(page);
    await page.evaluate(() => {
      const real = Storage.prototype.setItem;
      window.__full = true;
      Storage.prototype.setItem = function (k, v) {
        if (window.__full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return real.call(this, k, v);
      };
    });
    await page.getByRole('link', { name: 'Add person' }).first().click();
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Role').fill('Rear admiral');
    await page.getByRole('button', { name: 'Save' }).click();
    const banner = page.getByTestId('banner-write-failed');
    await banner.waitFor();
    assert.match(await banner.textContent(), /storage for Trellis is full/);
    assert.ok(await page.getByTestId('kept-in-memory').isVisible());
    assert.equal(await page.getByLabel('Name').inputValue(), 'Grace Hopper', 'the edit stays on screen');
    assert.deepEqual(await stored(page), before, 'nothing already saved is touched');
    await screenshot(page, 'storage-full');

    const [download] = await Promise.all([page.waitForEvent('download'), banner.getByRole('button', { name: 'Export a copy' }).click()]);
    const text = await fs.readFile(await download.path(), 'utf8');
    assert.match(text, /Grace Hopper/, 'the export carries the unsaved edit');

    // In memory: the person shows in the list (client-side navigation, no reload).
    await page.getByRole('link', { name: 'People', exact: true }).first().click();
    assert.ok((await peopleNames(page)).includes('Grace Hopper'));

    // Space again: "Try again" writes it.
    await page.evaluate(() => { window.__full = false; });
    await banner.getByRole('button', { name: 'Try again' }).click();
    await banner.waitFor({ state: 'detached' });
    assert.ok(Object.values(await stored(page)).some((v) => v.includes('Grace Hopper')));
  } finally {
    await page.context().close();
  }
});

test('two tabs: a change in one shows in the other; a stale save asks which version to keep', async () => {
  const context = await newContext(env.browser);
  // Playwright's checks wait on animation frames, which a background tab barely gets.
  const front = (page) => page.bringToFront();
  try {
    const a = forwardPageErrors(await context.newPage(), 'A');
    await front(a);
    await a.goto(`${env.app.url}/`);
    await waitReady(a);
    await a.getByRole('button', { name: /Try with a demo team/ }).click();
    await a.getByTestId('team-name').waitFor();
    const b = forwardPageErrors(await context.newPage(), 'B');
    await front(b);
    await b.goto(`${env.app.url}/people`);
    await waitReady(b);

    // A opens Maya's page; B renames her role; A sees it without reloading.
    await front(a);
    await a.goto(`${env.app.url}/people`);
    await waitReady(a);
    await a.getByRole('link', { name: 'Maya Okafor' }).click();
    const mayaUrl = a.url();
    await front(b);
    await b.getByRole('link', { name: 'Maya Okafor' }).click();
    await b.getByTestId('edit-person').click();
    await b.getByLabel('Role').fill('Head of Customer Success');
    await b.getByRole('button', { name: 'Save' }).click();
    await b.getByTestId('person-view').waitFor();
    await front(a);
    await a.getByText('Head of Customer Success').waitFor({ timeout: 5000 });

    // Both open the edit form; B saves first; A's save is stale.
    await a.getByTestId('edit-person').click();
    await front(b);
    await b.getByTestId('edit-person').click();
    await b.getByLabel('Email').fill('maya@b.example.com');
    await b.getByRole('button', { name: 'Save' }).click();
    await b.getByTestId('person-view').waitFor();
    await front(a);
    await a.getByLabel('Name').fill('Maya Okafor-Smith');
    await a.getByRole('button', { name: 'Save' }).click();
    const conflict = a.getByTestId('conflict');
    await conflict.waitFor();
    assert.match(await conflict.textContent(), /maya@b\.example\.com/);
    assert.match(await conflict.textContent(), /Maya Okafor-Smith/);
    await screenshot(a, 'conflict');
    const raw = await a.evaluate(() => Object.values(localStorage).find((v) => v.includes('maya@b.example.com')));
    assert.ok(raw && !raw.includes('Okafor-Smith'), 'nothing overwritten before the user chooses');

    // "Use the other version" loads B's values into the form; A re-applies the name and saves.
    await conflict.getByRole('button', { name: 'Use the other version' }).click();
    assert.equal(await a.getByLabel('Email').inputValue(), 'maya@b.example.com');
    await a.getByLabel('Name').fill('Maya Okafor-Smith');
    await a.getByRole('button', { name: 'Save' }).click();
    await a.getByTestId('person-view').waitFor();
    assert.equal(a.url(), mayaUrl);
    // B sees A's save, with B's email kept.
    await front(b);
    await b.getByRole('heading', { name: 'Maya Okafor-Smith' }).waitFor({ timeout: 5000 });
    assert.match(await b.getByTestId('person-view').textContent(), /maya@b\.example\.com/);

    // "Keep my version" puts the stale edit on top.
    await front(a);
    await a.getByTestId('edit-person').click();
    await front(b);
    await b.getByTestId('edit-person').click();
    await b.getByLabel('Role').fill('Director');
    await b.getByRole('button', { name: 'Save' }).click();
    await b.getByTestId('person-view').waitFor();
    await front(a);
    await a.getByLabel('Role').fill('VP');
    await a.getByRole('button', { name: 'Save' }).click();
    await conflict.getByRole('button', { name: 'Keep my version' }).click();
    await a.getByTestId('person-view').waitFor();
    await front(b);
    await b.getByText('VP', { exact: true }).waitFor({ timeout: 5000 });
  } finally {
    await context.close();
  }
});

test('deep links and unknown pages', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    const res = await page.goto(`${env.app.url}/people`);
    assert.equal(res.status(), 200);
    await waitReady(page);
    assert.equal((await peopleNames(page)).length, 6);
    await open(page, '/no/such/page');
    assert.equal(await page.locator('h1').textContent(), 'No such page');
    await open(page, '/people/doesnotexist');
    assert.equal(await page.locator('h1').textContent(), 'No such person');
  } finally {
    await page.context().close();
  }
});


test('navigation: links, back and forward, one person to another, aria-current, skip link', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'People' }).click();
    await page.getByTestId('person-link').first().waitFor();
    assert.equal(await nav.getByRole('link', { name: 'People' }).getAttribute('aria-current'), 'page');
    assert.equal(await nav.getByRole('link', { name: 'Home' }).getAttribute('aria-current'), null);
    await page.getByRole('link', { name: 'Priya Natarajan' }).click();
    await page.getByTestId('person-view').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Priya Natarajan');
    assert.equal(await nav.getByRole('link', { name: 'People' }).getAttribute('aria-current'), 'page', 'a page below People');
    // Back and forward move between the pages without a reload.
    await page.evaluate(() => (window.__sameDocument = true));
    await page.goBack();
    await page.getByTestId('person-link').first().waitFor();
    assert.equal(new URL(page.url()).pathname, `${env.app.base}people`);
    await page.goForward();
    await page.locator('h1', { hasText: 'Priya Natarajan' }).waitFor();
    // From one person's page straight to another's: the page follows the id.
    const priya = new URL(page.url()).pathname;
    await nav.getByRole('link', { name: 'People' }).click();
    await page.getByRole('link', { name: 'Daniel Reyes' }).click();
    await page.locator('h1', { hasText: 'Daniel Reyes' }).waitFor();
    await page.goBack();
    await page.goBack();
    await page.locator('h1', { hasText: 'Priya Natarajan' }).waitFor();
    assert.equal(new URL(page.url()).pathname, priya);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no page load on the way');
    // A lazily loaded area through a link and back.
    await nav.getByRole('link', { name: 'Goals' }).click();
    await page.getByTestId('goal-line').first().waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Goals' }).getAttribute('aria-current'), 'page');
    await page.goBack();
    await page.locator('h1', { hasText: 'Priya Natarajan' }).waitFor();
    // The skip link moves focus to the content and stays on the page.
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    assert.equal(new URL(page.url()).pathname, priya);
    // A #hash on a link scrolls to its element once the page is drawn.
    await page.setViewportSize({ width: 390, height: 500 });
    await open(page, '/settings');
    // The app is ready before the Settings chunk has drawn the page: wait for the target.
    await page.locator('#erase-title').waitFor();
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = document.baseURI + 'settings#erase-title';
      a.textContent = 'to erase';
      a.id = 'hash-link';
      document.querySelector('main').prepend(a);
      window.scrollTo(0, 0);
    });
    await page.locator('#hash-link').click();
    await page.waitForFunction(() => {
      const r = document.getElementById('erase-title').getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    });
    assert.equal(new URL(page.url()).hash, '#erase-title');
  } finally {
    await page.context().close();
  }
});

test('a feature area that cannot be downloaded says so; "Try again" loads it, and nothing is lost', async () => {
  const page = await newPage(env.browser);
  try {
    // The goals area is a chunk loaded on demand (tools/split.sh). Refuse it, as a dropped
    // connection would, including the background preload after the first screen.
    const refuse = (route) => route.abort('internetdisconnected');
    await page.route('**/split_goals.wasm', refuse);
    await loadDemo(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Goals' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'could not be downloaded' });
    await alert.waitFor();
    assert.match(await alert.textContent(), /Your data is safe on this device/);
    assert.equal(await page.getByTestId('goal-line').count(), 0);
    // The rest of the app still works: People is in the main module.
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    await page.getByTestId('person-link').first().waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Goals' }).click();
    await alert.waitFor();
    // The connection is back: the same screen, no reload.
    await page.unroute('**/split_goals.wasm', refuse);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('goal-line').first().waitFor();
    assert.equal(await page.getByRole('alert').filter({ hasText: 'could not be downloaded' }).count(), 0);
    assert.ok((await page.getByTestId('goal-line').count()) >= 4, 'the demo goals are listed');
  } finally {
    await page.context().close();
  }
});

test('when the readers of goals, 1:1s and feedback cannot be downloaded, those records wait untouched', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    const before = await stored(page);
    // Startup reads the team and people itself; every other kind's reader is a chunk
    // (split_records), fetched right after the first screen. Refuse it, as a dropped connection would.
    const refuse = (route) => route.abort('internetdisconnected');
    await page.route('**/split_records.wasm', refuse);
    await page.reload();
    await waitReady(page);
    const banner = page.getByTestId('banner-rest-unread');
    await banner.waitFor();
    assert.match(await banner.textContent(), /safe and unchanged/);
    assert.equal(await page.getByTestId('banner-quarantine').count(), 0, 'nothing is called unreadable');
    await page.getByRole('navigation').getByRole('link', { name: 'People' }).click();
    assert.equal((await peopleNames(page)).length, 6, 'people are shown');
    assert.deepEqual(await stored(page), before, 'storage untouched');
    // The connection is back: "Try again" reads the rest, no reload.
    await page.unroute('**/split_records.wasm', refuse);
    await banner.getByRole('button', { name: 'Try again' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('navigation').getByRole('link', { name: 'Goals' }).click();
    await page.getByTestId('goal-line').first().waitFor();
    assert.ok((await page.getByTestId('goal-line').count()) >= 4);
  } finally {
    await page.context().close();
  }
});

test('layout at tablet and phone sizes: screenshots, labels, 44 px targets, keyboard', async () => {
  for (const [name, width, height] of SIZES) {
    const page = await newPage(env.browser, { viewport: { width, height } });
    try {
      await open(page, '/');
      await screenshot(page, `${name}-welcome`);
      await page.getByRole('button', { name: /Try with a demo team/ }).click();
      await page.getByTestId('team-name').waitFor();
      for (const [route, shot] of [['/', 'home'], ['/people', 'people'], ['/people/new', 'person-form'], ['/settings', 'settings']]) {
        await open(page, route);
        await screenshot(page, `${name}-${shot}`);
        const problems = await auditPage(page);
        assert.deepEqual(problems, [], `${name} ${route}`);
      }
      const nav = await page.locator('nav.nav').boundingBox();
      if (width <= 700) assert.ok(nav.y > height / 2, 'phones get a bottom bar');
      else assert.ok(nav.x === 0 && nav.height >= height - 1, 'wider screens get side navigation');
    } finally {
      await page.context().close();
    }
  }
  // Keyboard: the first Tab reaches the skip link, Enter moves focus to the content.
  const page = await newPage(env.browser);
  try {
    await open(page, '/');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), 'Home');
  } finally {
    await page.context().close();
  }
});
