// Goals, end to end in headless Chromium: the SMART-R worksheet and its live checker,
// alignment and roll-up, progress updates, bad input refused at the field, the demo's tree,
// filters, export, closing a period, and the screens at tablet and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useApp, newPage, waitReady, screenshot, auditPage, SIZES, appSteps } from './harness.mjs';

const env = useApp();
const { stored, recordKeys, open, loadDemo } = appSteps(env);

const lines = (page) => page.getByTestId('goal-line');
const titles = (page) => page.getByTestId('goal-link').allTextContents();
const verdictClass = (page, letter) => page.getByTestId(`verdict-${letter}`).getAttribute('class');
const year = new Date().getFullYear();
const quarter = `Q${Math.floor(new Date().getMonth() / 3) + 1} ${year}`;

/** Fills the worksheet's title and takes the measure it suggests from the title. */
async function titleWithMeasure(page, title, unit) {
  await page.locator('#goal-title').fill(title);
  await page.getByRole('button', { name: /from the goal as its measure/ }).click();
  if (unit) await page.locator('#goal-unit').fill(unit);
}

test('worksheet: a strategic goal passes all six letters, an aligned goal rolls its progress up, all after a reload', async () => {
  const page = await newPage(env.browser);
  try {
    await open(page, '/goals/new');
    assert.equal(await page.locator('#goal-level').inputValue(), 'strategic');
    // The checker teaches while typing: vague first, then the guide's own example.
    await page.locator('#goal-title').fill('Improve things');
    assert.match(await verdictClass(page, 'specific'), /hint/);
    assert.match(await verdictClass(page, 'measurable'), /hint/);
    await page.locator('#goal-title').fill('Increase customer satisfaction scores from 7.2 to 8.5 by December');
    assert.match(await verdictClass(page, 'specific'), /pass/);
    assert.match(await verdictClass(page, 'measurable'), /pass/);
    assert.match(await verdictClass(page, 'relevant'), /hint/, 'a strategic goal needs a reason');
    await page.locator('#goal-relevance').fill('Satisfied customers renew and refer.');
    assert.match(await verdictClass(page, 'relevant'), /pass/);
    assert.match(await page.locator('.smart-summary').textContent(), /SMART-R: 6 of 6/);
    // Measured by the goals that will serve it.
    await page.getByLabel('Its aligned goals (roll-up)').check();
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-view').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Increase customer satisfaction scores from 7.2 to 8.5 by December');
    const parentUrl = page.url();

    // A tactical goal aligned to it, from its page.
    await page.getByTestId('add-aligned').click();
    await page.getByTestId('goal-worksheet').waitFor();
    assert.equal(await page.locator('#goal-level').inputValue(), 'tactical');
    assert.equal(await page.locator('#goal-aligned_to option:checked').textContent(),
      'Strategic: Increase customer satisfaction scores from 7.2 to 8.5 by December');
    await titleWithMeasure(page, 'Reduce first-response time from 4 hours to 1 hour', 'hours');
    assert.equal(await page.locator('#goal-start_value').inputValue(), '4');
    assert.equal(await page.locator('#goal-target').inputValue(), '1');
    assert.equal(await page.locator('#goal-direction').inputValue(), 'down', 'lower is better, from the numbers');
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-view').waitFor();
    assert.equal(await page.getByTestId('detail-progress').textContent(), '0 %');

    // Progress on the child: 4 h -> 2.5 h is half way.
    await page.locator('#update-value').fill('2.5');
    await page.getByLabel('Note').fill('New rota in place.');
    await page.getByTestId('record-update').click();
    await page.getByTestId('detail-progress').filter({ hasText: '50 %' }).waitFor();
    assert.match(await page.getByTestId('goal-history').textContent(), /2\.5.*New rota in place\./);

    // The parent follows.
    await page.getByRole('link', { name: /Increase customer satisfaction/ }).click();
    await page.getByTestId('detail-progress').filter({ hasText: '50 %' }).waitFor();
    assert.match(await page.getByTestId('goal-view').textContent(), /Rolled up from the goals aligned to it/);

    await page.goto(parentUrl);
    await waitReady(page);
    await page.getByTestId('detail-progress').filter({ hasText: '50 %' }).waitFor();
    await open(page, '/goals');
    await lines(page).first().waitFor(); // the goals area loads on demand
    assert.deepEqual(await titles(page), [
      'Increase customer satisfaction scores from 7.2 to 8.5 by December',
      'Reduce first-response time from 4 hours to 1 hour',
    ]);
    assert.equal((await recordKeys(page)).length, 2);
  } finally {
    await page.context().close();
  }
});

test('bad input is refused at its field and saves nothing', async () => {
  const page = await newPage(env.browser);
  try {
    await open(page, '/goals/new');
    // Target equal to start.
    await page.locator('#goal-title').fill('Raise renewal rate for mid-market accounts');
    await page.locator('#goal-relevance').fill('Renewals fund the team.');
    await page.locator('#goal-start_value').fill('85');
    await page.locator('#goal-target').fill('85');
    await page.getByTestId('save-goal').click();
    assert.match(await page.locator('#goal-target-error').textContent(), /The target equals the start/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'goal-target', 'focus moves to the field');
    // Deadline before start.
    await page.locator('#goal-target').fill('92');
    await page.locator('#goal-start').fill(`${year}-12-31`);
    await page.locator('#goal-due').fill(`${year}-01-01`);
    await page.getByTestId('save-goal').click();
    assert.match(await page.locator('#goal-due-error').textContent(), /The deadline is before the start date/);
    assert.equal((await recordKeys(page)).length, 0, 'nothing saved');

    await page.locator('#goal-start').fill('');
    await page.locator('#goal-due').fill(`${year}-12-31`);
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-view').waitFor();
    const parentUrl = page.url();

    // Weights over 100 %: one aligned goal takes 70 %, the next asks for 40 %.
    for (const [title, weight] of [['Lift renewal rate of top 20 accounts from 88 to 95', '70'], ['Cut churned seats from 120 to 60', '40']]) {
      await page.goto(parentUrl);
      await waitReady(page);
      await page.getByTestId('add-aligned').click();
      await titleWithMeasure(page, title);
      await page.getByLabel('Weight in that goal (%)').fill(weight);
      await page.getByTestId('save-goal').click();
    }
    assert.match(await page.locator('#goal-weight-error').textContent(), /would weigh 110 % together; at most 100 %.*up to 30 %/);
    assert.equal((await recordKeys(page)).length, 2, 'the second aligned goal was not saved');
    await page.getByLabel('Weight in that goal (%)').fill('30');
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-view').waitFor();

    // A parent moved down to the level of the goals aligned to it.
    await page.goto(parentUrl);
    await waitReady(page);
    await page.getByTestId('edit-goal').click();
    await page.locator('#goal-level').selectOption('tactical');
    await page.getByTestId('save-goal').click();
    assert.match(await page.locator('#goal-level-error').textContent(), /2 goal\(s\) align to this one at the tactical level or lower/);

    // An alignment loop in stored data (say, from an import): re-saving the child is refused.
    const before = await stored(page);
    const parentId = parentUrl.split('/').pop();
    const parentKey = `trellis:r:goal:${parentId}`;
    const childKey = Object.keys(before).find((k) => k.startsWith('trellis:r:goal:') && before[k].includes('top 20 accounts'));
    const childId = childKey.split(':').pop();
    await page.evaluate(([k, child]) => {
      const rec = JSON.parse(localStorage.getItem(k));
      rec.d.aligned_to = child; // the stored form: `d` is the data
      localStorage.setItem(k, JSON.stringify(rec));
    }, [parentKey, childId]);
    await open(page, `/goals/${childId}/edit`);
    await page.getByTestId('save-goal').click();
    assert.match(await page.locator('#goal-aligned_to-error').textContent(), /would make a loop/);
    assert.equal((await stored(page))[childKey], before[childKey], 'the child is unchanged');
  } finally {
    await page.context().close();
  }
});

test('demo goals: tree, filters, search, status by hand, export, person page, closing the quarter', async () => {
  const page = await newPage(env.browser);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-goals-'));
  try {
    await loadDemo(page);
    await page.getByRole('link', { name: 'Goals', exact: true }).first().click();
    await lines(page).first().waitFor();
    assert.equal(await lines(page).count(), 18);
    assert.equal((await titles(page))[0], 'Get new customers to first value in 30 days instead of 45');

    // Collapse a branch of the tree and open it again.
    const retention = lines(page).filter({ hasText: 'Grow gross revenue retention' });
    await retention.getByRole('button', { name: 'Hide 2 aligned goal(s)' }).click();
    assert.equal(await lines(page).count(), 14, 'its two tactical and two operational goals hidden');
    await retention.getByRole('button', { name: 'Show 2 aligned goal(s)' }).click();
    assert.equal(await lines(page).count(), 18);

    // Filters and search.
    await page.getByLabel('Level').selectOption('tactical');
    assert.equal(await lines(page).count(), 7);
    await page.getByLabel('Level').selectOption('');
    await page.getByLabel('Search').fill('academy');
    assert.equal(await lines(page).count(), 4);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('Owner').selectOption({ label: 'Maya Okafor' });
    assert.deepEqual(await titles(page), [
      'Lift mid-market renewal rate from 85 % to 92 %',
      'Conduct 15 customer calls per week with renewing accounts',
    ]);
    await page.getByLabel('Owner').selectOption('*');
    await page.getByLabel('Status').selectOption('off_track');
    for (const s of await page.getByTestId('goal-status').allTextContents()) assert.equal(s, 'Off track');
    await page.getByLabel('Status').selectOption('');

    // Export what is shown.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.match(csv.suggestedFilename(), /^trellis-goals-\d{4}-\d{2}-\d{2}\.csv$/);
    await csv.saveAs(path.join(dir, 'goals.csv'));
    const rows = (await fs.readFile(path.join(dir, 'goals.csv'), 'utf8')).trim().split('\r\n');
    assert.equal(rows[0], 'Level,Title,Owner,Period,Aligned to,Measure,Progress,Status,Why,Due,Confidence');
    assert.equal(rows.length, 19);
    assert.match(rows[1], /^Strategic,Get new customers to first value in 30 days instead of 45,The team,/);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-md').click()]);
    await md.saveAs(path.join(dir, 'goals.md'));
    const text = await fs.readFile(path.join(dir, 'goals.md'), 'utf8');
    assert.match(text, /^# Goals: Customer Success\n/);
    assert.match(text, /\n  - \*\*Reduce first-response time from 4 hours to 1 hour\*\* \(tactical\)/);

    // A goal's page: chart, history; a status set by hand needs a reason.
    await page.getByRole('link', { name: 'Lift mid-market renewal rate from 85 % to 92 %' }).click();
    await page.getByTestId('progress-chart').waitFor();
    assert.ok(await page.getByTestId('goal-history').locator('tbody tr').count() >= 1);
    await page.locator('#status-status').selectOption('at_risk');
    await page.getByRole('button', { name: 'Set status' }).click();
    assert.match(await page.locator('#status-reason-error').textContent(), /Say why/);
    await page.getByLabel('Reason').fill('Largest account is re-tendering');
    await page.getByRole('button', { name: 'Set status' }).click();
    await page.getByTestId('pace-explanation').filter({ hasText: 'Set by hand: Largest account is re-tendering' }).waitFor();
    assert.equal(await page.getByTestId('detail-status').textContent(), 'At risk');

    // Archive a goal and bring it back.
    await page.getByTestId('archive-goal').click();
    await page.getByTestId('flash').filter({ hasText: 'Archived.' }).waitFor();
    await open(page, '/goals');
    await lines(page).first().waitFor();
    assert.equal(await lines(page).count(), 17);
    await page.getByLabel('Show archived').check();
    assert.equal(await lines(page).count(), 18 + 9, "with last months' nine finished goals");
    await page.getByRole('link', { name: 'Lift mid-market renewal rate from 85 % to 92 %' }).click();
    await page.getByTestId('archive-goal').filter({ hasText: 'Restore' }).click();
    await page.getByTestId('flash').filter({ hasText: 'Restored.' }).waitFor();

    // The person's page lists their goals.
    await open(page, '/people');
    await page.getByTestId('person-link').filter({ hasText: 'Maya Okafor' }).click();
    await page.getByTestId('person-goals').getByTestId('goal-line').first().waitFor();
    assert.equal(await page.getByTestId('person-goals').getByTestId('goal-line').count(), 2);

    // Close the quarter: seven tactical goals archived, unfinished ones carried into the next.
    await open(page, '/goals');
    await page.getByLabel('Period to close').selectOption({ label: quarter });
    const plan = await page.getByTestId('close-plan').textContent();
    const m = plan.match(/^7 goal\(s\) of (Q\d \d{4}) will be archived; (\d) unfinished will carry into (Q\d \d{4})\.$/);
    assert.ok(m, plan);
    const carried = Number(m[2]);
    assert.ok(carried >= 1 && carried <= 7);
    await page.getByRole('button', { name: `Close ${quarter}` }).click();
    await page.getByTestId('flash').filter({ hasText: `Closed ${quarter}` }).waitFor();
    await page.reload();
    await waitReady(page);
    await lines(page).first().waitFor();
    await page.getByLabel('Period', { exact: true }).selectOption({ label: m[3] });
    assert.equal(await lines(page).count(), carried);
    await page.getByLabel('Period', { exact: true }).selectOption({ label: quarter });
    assert.equal(await lines(page).count(), 0, 'the closed quarter is archived');
    await page.getByLabel('Show archived').check();
    assert.equal(await lines(page).count(), 7);
  } finally {
    await page.context().close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('goals at tablet and phone sizes: screenshots, labels, 44 px targets', async () => {
  for (const [name, width, height] of SIZES) {
    const page = await newPage(env.browser, { viewport: { width, height } });
    try {
      await loadDemo(page);
      await open(page, '/goals');
      await lines(page).first().waitFor();
      const first = await page.getByTestId('goal-link').nth(1).getAttribute('href');
      for (const [route, shot] of [['/goals', 'goals'], [first, 'goal'], ['/goals/new', 'goal-worksheet']]) {
        await page.goto(new URL(route, env.app.url).href);
        await waitReady(page);
        await page.locator('main h1').first().waitFor();
        if (shot === 'goal') await page.getByTestId('goal-view').waitFor();
        if (shot === 'goals') await lines(page).first().waitFor();
        await screenshot(page, `${name}-${shot}`);
        assert.deepEqual(await auditPage(page), [], `${name} ${route}`);
      }
    } finally {
      await page.context().close();
    }
  }
});
