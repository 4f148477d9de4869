// Member mode, end to end in headless Chromium: a team member says who they are on the device,
// writes a weekly self-report (bad input refused, a reload mid-writing loses nothing), records
// progress on an own goal, assesses themselves; then the manager sees the report on the
// person's page and when preparing the 1:1. Screen sizes and labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, isoInDays } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, openPerson } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };
const device = (page) => page.evaluate(() => localStorage.getItem('trellis-device:me'));

/** This week's Monday as YYYY-MM-DD (local time, as the app counts weeks). */
function thisMonday() {
  const day = (new Date().getDay() + 6) % 7; // 0 = Monday
  return isoInDays(-day);
}

test('a self-report written in member mode appears for the manager preparing the 1:1', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/team');
    await page.getByRole('link', { name: 'Member mode' }).click();
    await page.getByTestId('who-am-i').waitFor();

    // Nobody chosen: said at the field, nothing kept.
    await page.getByRole('button', { name: 'Continue' }).click();
    assert.match(await page.locator('#me-person-error').textContent(), /Choose your name/);
    assert.equal(await device(page), null);

    await page.getByLabel('I am').selectOption({ label: 'Hannah Whitfield' });
    await page.getByRole('button', { name: 'Continue' }).click();
    const home = page.getByTestId('member-home');
    await home.waitFor();
    assert.equal(await home.locator('h1').textContent(), 'Hannah Whitfield');
    const hannah = await device(page);
    assert.ok(hannah, 'who uses the device is kept on the device');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Me' }).waitFor();
    assert.match(await page.getByTestId('member-bar').textContent(), /Member mode: Hannah Whitfield/);
    // Her earlier reports are listed; this week's is not written yet.
    assert.equal(await page.getByTestId('my-reports').locator('li').count(), 3);
    assert.equal(await page.locator('#sr-week').inputValue(), thisMonday());

    // Bad input: next priorities and confidence missing; nothing saved.
    const before = (await records(page, 'self_report')).length;
    await page.getByLabel('What got done').fill('Published the SSO article; solved 24 tickets.');
    await page.getByRole('button', { name: 'Save self-report' }).click();
    assert.match(await page.locator('#sr-next-error').textContent(), /Next priorities is required/);
    assert.match(await page.locator('#sr-confidence-error').textContent(), /Choose how confident you are/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'sr-next');
    assert.equal((await records(page, 'self_report')).length, before);

    // A reload mid-writing keeps the words.
    await page.getByLabel('Next priorities').fill('Clear the two oldest tickets; start the billing FAQ.');
    await page.getByLabel('Blockers (optional)').fill('Still no access to the staging tenant.');
    await page.reload();
    await home.waitFor();
    await page.getByTestId('draft-restored').waitFor();
    assert.equal(await page.getByLabel('Next priorities').inputValue(), 'Clear the two oldest tickets; start the billing FAQ.');
    await page.getByLabel('Help needed (optional)').fill('Please chase IT about the tenant.');
    await page.getByTestId('self-report-form').getByLabel('2', { exact: true }).check();
    await page.getByRole('button', { name: 'Save self-report' }).click();
    await page.getByTestId('flash').filter({ hasText: 'Self-report saved' }).waitFor();
    const saved = (await records(page, 'self_report')).filter((r) => r.data.person === hannah && r.data.week === thisMonday());
    assert.equal(saved.length, 1);
    assert.equal(saved[0].data.confidence, 2);
    assert.equal(saved[0].data.blockers, 'Still no access to the staging tenant.');
    assert.equal(await page.getByTestId('my-reports').locator('li').count(), 4);

    // After a reload the form shows this week's report (no draft notice: nothing is unsaved).
    await page.reload();
    await home.waitFor();
    assert.equal(await page.getByLabel('What got done').inputValue(), 'Published the SSO article; solved 24 tickets.');
    await page.getByText("You have written this week's report: saving changes it.").waitFor();
    assert.equal(await page.getByTestId('draft-restored').count(), 0);

    // Her own goal: progress recorded in member mode is marked as self-reported.
    await home.getByTestId('goal-link').filter({ hasText: 'help-centre articles' }).click();
    await page.getByTestId('goal-view').waitFor();
    await page.getByLabel(/New value/).fill('6');
    await page.getByTestId('record-update').click();
    await page.getByTestId('goal-history').locator('tbody tr').first().filter({ hasText: '(self-reported)' }).waitFor();

    // Self-assessment: nothing chosen is refused; a note without a level is refused at its item.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Me' }).click();
    const assess = page.getByTestId('self-assessment');
    await assess.waitFor();
    const ratings = (await records(page, 'rating')).length;
    await page.getByTestId('save-self-assessment').click();
    assert.match(await page.locator('#sa-quality-error').textContent(), /at least one item/);
    await page.getByLabel('Learning: note (optional)').fill('Finished the API course');
    await page.getByTestId('save-self-assessment').click();
    assert.match(await page.locator('#sa-learning-error').textContent(), /Choose a level for this item/);
    assert.equal((await records(page, 'rating')).length, ratings);
    await assess.locator('#sa-quality').getByLabel('Meets').check();
    await assess.locator('#sa-learning').getByLabel('Exceeds').check();
    await page.getByTestId('save-self-assessment').click();
    await page.getByTestId('flash').filter({ hasText: 'Self-assessment saved (2 items)' }).waitFor();
    const own = (await records(page, 'rating')).filter((r) => r.data.person === hannah && r.data.by_self && r.data.on === isoInDays(0));
    assert.deepEqual(own.map((r) => [r.data.item, r.data.level]).sort(), [['Learning', 'exceeds'], ['Quality', 'meets']]);
    assert.match(await page.getByTestId('self-vs-rated').locator('tr').filter({ hasText: 'Learning' }).textContent(), /Exceeds/);

    // Back to the manager's view: Home, and the device forgets who used it.
    await page.getByTestId('leave-member-mode').click();
    await page.getByTestId('team-name').waitFor();
    assert.equal(await device(page), null);
    assert.equal(await page.getByTestId('member-bar').count(), 0);
    // Home names who raised something in a recent report.
    const raised = page.getByTestId('home-self-reports');
    assert.match(await raised.locator('li').filter({ hasText: 'Hannah Whitfield' }).textContent(), /Reports a blocker · Asks for help · Low confidence \(2 of 5\)/);
    assert.match(await raised.locator('li').filter({ hasText: 'Priya Natarajan' }).textContent(), /Asks for help/);
    assert.equal(await raised.locator('li').filter({ hasText: 'Daniel Reyes' }).count(), 0, 'nothing raised in his');

    // The manager sees the latest self-report on her page and when preparing the check-in.
    await openPerson(page, 'Hannah Whitfield');
    const card = page.getByTestId('self-report-card');
    assert.match(await card.textContent(), /This week/);
    assert.match(await card.textContent(), /Published the SSO article; solved 24 tickets\./);
    assert.match(await card.textContent(), /Still no access to the staging tenant\./);
    assert.match(await card.textContent(), /Please chase IT about the tenant\./);
    assert.match(await card.textContent(), /Reports a blocker/);
    assert.match(await card.textContent(), /Low confidence \(2 of 5\)/);
    assert.match(await card.textContent(), /Productivity: “Exceeds” in their self-assessment, “Meets” in the latest rating/);
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    const prep = page.getByTestId('check-in-run').getByTestId('self-report-card');
    assert.match(await prep.textContent(), /Published the SSO article; solved 24 tickets\./);
    assert.match(await prep.textContent(), /Earlier reports \(3\)/);
    await screenshot(page, 'check-in-self-report-tablet-portrait');
  } finally {
    await page.context().close();
  }
});

test('member mode screens at tablet and phone sizes: screenshots, labels, 44 px targets', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    await open(page, '/me');
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `who am I ${name}`);
      await screenshot(page, `who-am-i-${name}`);
    }
    await page.getByLabel('I am').selectOption({ label: 'Priya Natarajan' });
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('member-home').waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `member page ${name}`);
      await screenshot(page, `member-${name}`);
    }
    // Priya wrote this week's report in the demo: the form shows it to change.
    assert.match(await page.getByLabel('What got done').inputValue(), /Onboarded Larkspur and Fenwick/);
    await openPerson(page, 'Priya Natarajan');
    assert.match(await page.getByTestId('self-report-card').textContent(), /Asks for help/);
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `person page ${name}`);
    }
    await page.getByTestId('self-report-card').scrollIntoViewIfNeeded();
    await screenshot(page, 'person-self-report-phone');

    // Erasing all data forgets who used the device too.
    assert.ok(await device(page));
    await open(page, '/settings');
    await page.getByLabel('Type ERASE to confirm').fill('ERASE');
    await page.getByRole('button', { name: 'Erase all data' }).click();
    await page.getByTestId('welcome').waitFor();
    assert.equal(await device(page), null);
    assert.equal(await page.getByTestId('member-bar').count(), 0);
  } finally {
    await page.context().close();
  }
});
