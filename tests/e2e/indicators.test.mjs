// Indicators and the balanced scorecard, end to end in headless Chromium: a fresh team creates a
// lagging and a leading indicator (a target that is not a number and thresholds against the
// direction refused) and links them; a CSV with a bad row is refused whole, good ones are
// previewed and imported; a reading by hand (not a number, a future date, a second one on a day
// refused; then replaced on request); the scorecard's status and the lead-lag finding, the same
// after a reload; exports. The demo's scorecard and strategy map, the check-in's quick reading;
// screen sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, isoInDays, waitReady } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

// Fourteen weeks of calls; renewals are half the calls of three weeks before.
const CALLS = [30, 42, 35, 48, 33, 45, 38, 50, 31, 44, 36, 47, 40, 34];
const RENEWALS = CALLS.map((_, t) => (t < 3 ? [9, 12, 10][t] : CALLS[t - 3] / 2));
// The Wednesday of each of the 14 weeks before this one: one reading a week, none in this week.
const weekday = (new Date().getDay() + 6) % 7;
const day = (t) => isoInDays(-weekday - 7 * (14 - t) + 2);
const csv = (values) => 'date,value,note\n' + values.map((v, t) => `${day(t)},${v},${t === 0 ? '"First week, a slow one"' : ''}`).join('\n');

async function addIndicator(page, { name, unit, kind, perspective, target, drives = [] }) {
  await page.getByTestId('add-indicator').click();
  const form = page.getByTestId('indicator-form');
  await form.locator('#ind-name').fill(name);
  await form.locator('#ind-unit').fill(unit);
  await form.getByLabel('Leading or lagging').selectOption(kind);
  await form.getByLabel('Perspective').selectOption(perspective);
  await form.locator('#ind-target').fill(target);
  for (const d of drives) await form.getByLabel(new RegExp(`^ ?${d} \\(`)).check();
  await form.getByRole('button', { name: 'Save indicator' }).click();
  await form.waitFor({ state: 'detached' });
}

async function openIndicator(page, name) {
  await open(page, '/indicators');
  await page.getByTestId('indicator').getByRole('link', { name }).click();
  await page.getByTestId('indicator-page').waitFor();
}

async function importCsv(page, text) {
  const panel = page.getByTestId('csv-import');
  await panel.getByLabel('Or paste the lines').fill(text);
  await panel.getByTestId('csv-check').click();
}

test('indicators: create a leading and a lagging one, link them, import readings, see the scorecard and the lead-lag finding, reload', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await open(page, '/');
    await page.getByRole('button', { name: /Start fresh/ }).click();
    await page.getByLabel('Team name').fill('Field Sales');
    await page.getByRole('button', { name: 'Save team' }).click();
    await page.getByTestId('team-name').waitFor();

    // 1. A lagging indicator. A target that is not a number, then thresholds against the
    //    direction, are refused at their field; nothing is saved.
    await open(page, '/indicators');
    await page.getByTestId('add-indicator').click();
    const form = page.getByTestId('indicator-form');
    await form.locator('#ind-name').fill('Renewals');
    await form.getByLabel('Leading or lagging').selectOption('lagging');
    await form.getByLabel('Perspective').selectOption('results');
    await form.locator('#ind-target').fill('lots');
    await form.getByRole('button', { name: 'Save indicator' }).click();
    assert.equal(await page.locator('#ind-target-error').textContent(), 'Must be a number, like 42 or 3.5.');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'ind-target');
    await form.locator('#ind-target').fill('20');
    await form.locator('#ind-healthy_at').fill('10');
    await form.locator('#ind-watch_at').fill('15');
    await form.getByRole('button', { name: 'Save indicator' }).click();
    assert.match(await page.locator('#ind-healthy_at-error').textContent(), /healthy line must be above the watch line/);
    assert.equal((await records(page, 'indicator')).length, 0, 'nothing saved');
    await form.locator('#ind-healthy_at').fill('');
    await form.locator('#ind-watch_at').fill('');
    await form.getByRole('button', { name: 'Save indicator' }).click();
    await form.waitFor({ state: 'detached' });
    assert.match(await page.getByTestId('link-warnings').textContent(), /only find out at the end/);

    // 2. A leading indicator that drives it: the warnings are gone.
    await addIndicator(page, { name: 'Calls made', unit: 'calls', kind: 'leading', perspective: 'process', target: '40', drives: ['Renewals'] });
    await page.getByTestId('indicator').filter({ hasText: 'Calls made' }).waitFor();
    assert.equal(await page.getByTestId('link-warnings').count(), 0);
    const inds = await records(page, 'indicator');
    const renewals = inds.find((r) => r.data.name === 'Renewals');
    const calls = inds.find((r) => r.data.name === 'Calls made');
    assert.deepEqual(calls.data.drives, [renewals.id]);
    assert.equal(calls.scope, 'team', "a team indicator is the team's");

    // 3. A CSV with a bad row is refused whole, placed by line and column.
    await openIndicator(page, 'Calls made');
    const bad = csv(CALLS).split('\n');
    bad[3] = `${day(2)},thirty`;
    await importCsv(page, bad.join('\n'));
    assert.equal(await page.locator('#csv-text-error').textContent(), 'Line 4, column 2: “thirty” is not a number');
    assert.equal(await page.getByTestId('csv-preview').count(), 0);
    assert.equal((await records(page, 'readings')).length, 0, 'nothing saved');
    // A good one is previewed, then saved on confirmation.
    await importCsv(page, csv(CALLS));
    assert.match(await page.getByTestId('csv-preview').textContent(), /14 readings, from .* Nothing is saved until you confirm/);
    assert.equal((await records(page, 'readings')).length, 0, 'not before the confirmation');
    await page.getByTestId('csv-save').click();
    await page.getByTestId('readings-table').waitFor();
    assert.equal(await page.getByTestId('readings-table').locator('tbody tr').count(), 14);
    assert.match(await page.getByTestId('readings-table').textContent(), /First week, a slow one/);
    const months = await records(page, 'readings');
    assert.ok(months.length >= 3 && months.length <= 5, `a record per month: ${months.length}`);
    assert.ok(months.every((m) => m.data.indicator === calls.id && m.scope === 'team'));
    // Not enough of the result yet: it says how many more weeks are needed.
    assert.match(await page.getByTestId('lead-lag-words').textContent(), /Not enough readings yet: 8 more weeks/);

    // 4. Renewals by CSV, and one reading by hand.
    await openIndicator(page, 'Renewals');
    await importCsv(page, csv(RENEWALS));
    await page.getByTestId('csv-save').click();
    await page.getByTestId('readings-table').waitFor();
    const rf = page.getByTestId('reading-form');
    await rf.locator('#reading-value').fill('about twenty');
    await rf.getByRole('button', { name: 'Save reading' }).click();
    assert.equal(await page.locator('#reading-value-error').textContent(), 'Must be a number, like 42 or 3.5.');
    await rf.locator('#reading-value').fill('21');
    await rf.locator('#reading-on').fill(isoInDays(2));
    await rf.getByRole('button', { name: 'Save reading' }).click();
    assert.match(await page.locator('#reading-on-error').textContent(), /Is in the future/);
    await rf.locator('#reading-on').fill(day(13));
    await rf.getByRole('button', { name: 'Save reading' }).click();
    assert.match(await page.locator('#reading-on-error').textContent(), /already a reading on this day. Replace it\?/);
    const stored = JSON.stringify(await records(page, 'readings'));
    assert.ok(stored.includes(`["${day(13)}",18]`), 'nothing replaced before the answer');
    await page.getByTestId('replace-reading').click();
    await page.getByTestId('readings-table').locator('tbody tr').first().filter({ hasText: '21' }).waitFor();
    assert.equal(await page.getByTestId('readings-table').locator('tbody tr').count(), 14, 'replaced, not added');
    await rf.locator('#reading-value').fill('19');
    await rf.locator('#reading-on').fill(isoInDays(0));
    await rf.getByRole('button', { name: 'Save reading' }).click();
    await page.getByTestId('readings-table').locator('tbody tr').first().filter({ hasText: '19' }).waitFor();
    assert.match(await page.getByTestId('indicator-status').textContent(), /Healthy 19 \(target 20\), down 2 since the reading before\./);

    // 5. The finding: calls moved with renewals three weeks later. Export the readings.
    const words = /“Calls made” moved with “Renewals” 3 weeks later \(r = 0\.89 over 12 weeks\)\. A pattern in your readings, not proof/;
    assert.match(await page.getByTestId('lead-lag-words').textContent(), words);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-readings').click()]);
    const text = await fs.readFile(await download.path(), 'utf8');
    assert.equal(text.split('\n')[0], 'date,value,note');
    assert.ok(text.includes(`${isoInDays(0)},19,`), text);

    // 6. The scorecard: status in words and colour, and what is missing.
    await open(page, '/scorecard');
    const results = page.getByTestId('perspective-results');
    assert.equal(await results.getByTestId('scorecard-status').textContent(), 'Healthy');
    assert.match(await results.getByTestId('scorecard-row').textContent(), /Renewals.*Lagging.*20.*19.*Healthy.*-2/);
    const warnings = await page.getByTestId('scorecard-warnings').textContent();
    assert.match(warnings, /Customer \/ stakeholder: no indicator/);
    assert.match(warnings, /Learning \/ development: no indicator/);
    assert.match(await page.getByTestId('strategy-map').locator('svg').getAttribute('aria-label'), /Calls made → Renewals/);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-scorecard').click()]);
    const mdText = await fs.readFile(await md.path(), 'utf8');
    assert.match(mdText, /^# Balanced scorecard: Field Sales/);
    assert.match(mdText, /- Calls made → Renewals: “Calls made” moved with “Renewals” 3 weeks later/);

    // 7. Reload: the same.
    await page.reload();
    await waitReady(page);
    await page.getByTestId('scorecard-page').waitFor();
    assert.equal(await page.getByTestId('perspective-results').getByTestId('scorecard-status').textContent(), 'Healthy');
    await openIndicator(page, 'Calls made');
    assert.match(await page.getByTestId('lead-lag-words').textContent(), words);

    // 8. Remove a wrong reading; delete an indicator with its readings, after a confirmation.
    await openIndicator(page, 'Renewals');
    await page.getByRole('button', { name: `Remove the reading of ${isoInDays(0)}` }).click();
    await page.getByTestId('readings-table').locator('tbody tr').first().filter({ hasText: '21' }).waitFor();
    assert.equal(await page.getByTestId('readings-table').locator('tbody tr').count(), 14);
    await openIndicator(page, 'Calls made');
    await page.getByTestId('delete-indicator').click();
    assert.match(await page.getByTestId('confirm-delete').textContent(), /Delete “Calls made” and its 14 readings\?/);
    await page.getByTestId('confirm-delete-indicator').click();
    await page.getByTestId('indicators-page').waitFor();
    assert.deepEqual((await records(page, 'indicator')).map((r) => r.data.name), ['Renewals']);
    assert.ok((await records(page, 'readings')).every((m) => m.data.indicator === renewals.id), "the deleted indicator's readings are gone");
    assert.match(await page.getByTestId('link-warnings').textContent(), /“Renewals” has nothing driving it/);
  } finally {
    await page.close();
  }
});

test("demo: eight indicators on the scorecard, calls lead renewals, and Priya's reading from her check-in", async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/scorecard');
    await page.getByTestId('scorecard-row').first().waitFor();
    assert.equal(await page.getByTestId('scorecard-row').count(), 8);
    for (const p of ['results', 'customer', 'process', 'learning']) {
      assert.ok((await page.getByTestId(`perspective-${p}`).getByTestId('scorecard-row').count()) >= 1, p);
    }
    assert.match(await page.getByTestId('perspective-customer').textContent(), /Increase customer satisfaction/);
    assert.match(await page.getByTestId('strategy-map').locator('svg').getAttribute('aria-label'), /Health-check calls → Renewals closed/);
    await openIndicator(page, 'Health-check calls');
    assert.match(await page.getByTestId('lead-lag').filter({ hasText: 'Renewals closed' }).getByTestId('lead-lag-words').textContent(), /moved with “Renewals closed” 3 weeks later/);

    // The check-in: Priya's own indicator, recorded with one tap.
    const ids = Object.fromEntries((await records(page, 'person')).map((r) => [r.data.name.split(' ')[0], r.id]));
    await open(page, `/people/${ids.Priya}`);
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    const quick = page.getByTestId('quick-reading').filter({ hasText: 'Onboarding sessions held' });
    await quick.getByLabel('Onboarding sessions held today').fill('nine');
    await quick.getByRole('button', { name: 'Record' }).click();
    assert.match(await quick.locator('.field-error').textContent(), /Must be a number/);
    await quick.getByLabel('Onboarding sessions held today').fill('9');
    await quick.getByRole('button', { name: 'Record' }).click();
    await quick.getByTestId('quick-latest').filter({ hasText: 'Latest: 9 sessions' }).waitFor();
    const own = (await records(page, 'readings')).filter((m) => m.data.owner === ids.Priya);
    assert.ok(own.length > 0 && own.every((m) => m.scope === `person:${ids.Priya}`), "a person's readings are theirs and the manager's");
    assert.ok(JSON.stringify(own).includes(`["${isoInDays(0)}",9]`));
    await page.reload();
    await waitReady(page);
    await page.getByTestId('quick-latest').filter({ hasText: 'Latest: 9 sessions' }).waitFor();

    // In member mode Priya records her own indicator, as her own report; a team indicator
    // takes no reading from her.
    await open(page, '/team');
    await page.getByRole('link', { name: 'Member mode' }).click();
    await page.getByLabel('I am').selectOption({ label: 'Priya Natarajan' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('member-home').getByRole('link', { name: 'Indicators and scorecard' }).click();
    await page.getByTestId('indicators-page').waitFor();
    await page.getByTestId('indicator').getByRole('link', { name: 'Onboarding sessions held' }).click();
    const rf = page.getByTestId('reading-form');
    await rf.locator('#reading-value').fill('7');
    await rf.locator('#reading-on').fill(isoInDays(-1));
    await rf.getByRole('button', { name: 'Save reading' }).click();
    await page.getByTestId('readings-table').getByText('(their own report)').first().waitFor();
    const mine = JSON.stringify((await records(page, 'readings')).filter((m) => m.data.owner === ids.Priya));
    assert.ok(mine.includes(`["${isoInDays(-1)}",7,"",true]`), mine);
    await page.getByRole('navigation', { name: 'Indicators' }).getByRole('link', { name: 'Indicators', exact: true }).click();
    await page.getByTestId('indicator').getByRole('link', { name: 'Renewals closed' }).click();
    await page.getByTestId('indicator-page').waitFor();
    assert.equal(await page.getByTestId('reading-form').count(), 0);
    assert.equal(await page.getByTestId('edit-indicator').count(), 0);
  } finally {
    await page.close();
  }
});

test('indicator pages at three sizes: no horizontal overflow, axe-clean, 44 px targets', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const calls = (await records(page, 'indicator')).find((r) => r.data.name === 'Health-check calls');
    const problems = [];
    for (const [size, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const [route, name, ready] of [
        ['/indicators', 'indicators', 'indicator'],
        [`/indicators/${calls.id}`, 'indicator-detail', 'lead-lag'],
        ['/scorecard', 'scorecard', 'scorecard-row'],
      ]) {
        await open(page, route);
        await page.getByTestId(ready).first().waitFor();
        await screenshot(page, `${name}-${size}`);
        problems.push(...(await auditPage(page)).map((p) => `${name} ${size}: ${p}`));
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
  }
});
