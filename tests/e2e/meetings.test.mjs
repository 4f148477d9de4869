// 1:1s, end to end in headless Chromium at tablet size: run a weekly check-in (timer, notes,
// goal update, wins, obstacles, priorities, action items), reload in the middle, finish, carry
// into the next check-in, Home's due list and .ics, and a monthly review showing the goal change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, isoInDays, waitReady, clickTab } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, openPerson } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

test('a weekly check-in: run it, reload mid-meeting, finish, and the next one opens with what is open', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await openPerson(page, 'Maya Okafor');
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    const runUrl = page.url();
    assert.match(runUrl, /\/check-ins\/[a-z0-9]+$/);
    assert.equal(await page.getByTestId('section-1').getAttribute('aria-current'), 'step');
    assert.match(await page.getByTestId('script').textContent(), /Which of your goals moved/);

    // Progress: a goal reading, notes, a win.
    const firstGoal = page.getByTestId('goal-update').first();
    const goalTitle = (await firstGoal.locator('strong').textContent()).trim();
    await firstGoal.getByRole('textbox').fill('lots');
    await firstGoal.getByRole('button', { name: 'Update' }).click();
    assert.match(await firstGoal.locator('.field-error').textContent(), /as a number/);
    await firstGoal.getByRole('textbox').fill('42');
    await firstGoal.getByRole('button', { name: 'Update' }).click();
    await firstGoal.getByText(/now 42 /).waitFor();
    await page.getByLabel('Notes', { exact: true }).fill('Talked through the Acme rollout.');
    await page.getByLabel('A win').fill('Acme went live a week early');
    await page.getByRole('button', { name: 'Add win' }).click();
    await page.getByTestId('wins').getByText('Acme went live a week early').waitFor();

    // Action items refuse bad input at the field and add nothing.
    const actions = page.getByTestId('action-items').locator('li');
    const before = await actions.count();
    await page.getByRole('button', { name: 'Add action item' }).click();
    assert.match(await page.locator('#action-text-error').textContent(), /Say what is to be done/);
    await page.getByLabel('Action', { exact: true }).fill('Send the renewal deck');
    await page.locator('#action-due').fill(isoInDays(-3));
    await page.getByRole('button', { name: 'Add action item' }).click();
    assert.match(await page.locator('#action-due-error').textContent(), /before this check-in/);
    assert.equal(await actions.count(), before);
    await page.locator('#action-due').fill(isoInDays(3));
    await page.getByRole('button', { name: 'Add action item' }).click();
    await page.getByTestId('action-items').getByText('Send the renewal deck').waitFor();

    // Obstacles, then planning.
    await page.getByTestId('next-section').click();
    assert.equal(await page.getByTestId('section-2').getAttribute('aria-current'), 'step');
    await page.getByLabel('What is in the way').fill('Waiting on legal for the contract');
    await page.getByLabel('Help offered').fill('I will call legal today');
    await page.getByRole('button', { name: 'Add obstacle' }).click();
    await page.getByTestId('obstacles').getByText('Waiting on legal for the contract').waitFor();
    await page.getByTestId('next-section').click();
    await page.getByLabel('A priority for next week').fill('Ship the onboarding guide');
    await page.getByRole('button', { name: 'Add priority' }).click();
    await page.getByTestId('priorities').getByText('Ship the onboarding guide').waitFor();
    // At least a second on the clock before the reload (a fast run gets here sooner), so a clock
    // that started again would show 0:00 after it.
    await page.getByTestId('total-clock').filter({ hasNotText: /Total 0:00 / }).waitFor({ timeout: 10000 });
    // Typed and reloaded at once: nothing is lost.
    await page.getByLabel('Only for you: kept on this device, never synced').fill('Seems stretched; ask about workload.');
    await page.reload();
    await page.getByTestId('check-in-run').waitFor();
    assert.equal(page.url(), runUrl);
    assert.equal(await page.getByTestId('section-3').getAttribute('aria-current'), 'step', 'same section after the reload');
    assert.equal(await page.getByLabel('Only for you: kept on this device, never synced').inputValue(), 'Seems stretched; ask about workload.');
    await page.getByTestId('priorities').getByText('Ship the onboarding guide').waitFor();
    assert.notEqual((await page.getByTestId('total-clock').textContent()).trim(), 'Total 0:00 of 15-30 min', 'the clock goes on from where it was');
    await page.getByTestId('section-1').click();
    assert.equal(await page.getByLabel('Notes', { exact: true }).inputValue(), 'Talked through the Acme rollout.');

    // Typed and left at once through a link: saved as the page goes.
    await page.getByLabel('Notes', { exact: true }).fill('Talked through the Acme rollout and the Q1 plan.');
    await page.locator('.crumb a').click();
    await page.getByTestId('person-view').waitFor();
    await page.getByTestId('start-check-in').filter({ hasText: 'Continue check-in' }).click();
    await page.getByTestId('check-in-run').waitFor();
    assert.equal(page.url(), runUrl, 'continues the running check-in');
    assert.equal(await page.getByLabel('Notes', { exact: true }).inputValue(), 'Talked through the Acme rollout and the Q1 plan.');

    // Pause stops the clock (checked in storage: no running start time).
    await page.getByTestId('pause').click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.waitForTimeout(700);
    let running = (await records(page, 'check_in')).find((c) => c.data.run?.state === 'in_progress');
    assert.equal(running.data.run.timer.running_since ?? null, null, "paused: no running start time");
    assert.equal(running.data.private_note, 'Seems stretched; ask about workload.');

    await screenshot(page, 'check-in-run-tablet-portrait');
    await page.getByTestId('finish').click();
    await page.getByTestId('check-in-record').waitFor();
    assert.match(await page.getByTestId('check-in-record').textContent(), /Acme went live a week early/);

    // Markdown export leaves the private note out.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
    const md = await fs.readFile(await download.path(), 'utf8');
    assert.match(md, /Send the renewal deck/);
    assert.doesNotMatch(md, /Seems stretched/);

    // The person's history lists it; the next check-in opens with the open item and the priorities.
    await openPerson(page, 'Maya Okafor');
    await page.getByTestId('meeting-link').first().waitFor();
    assert.ok((await page.getByTestId('meeting-link').count()) > 5);
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    assert.notEqual(page.url(), runUrl);
    await page.getByTestId('last-priorities').getByText('Ship the onboarding guide').waitFor();
    const carried = page.getByTestId('action-items').locator('li', { hasText: 'Send the renewal deck' });
    await carried.getByRole('checkbox').check();
    await page.waitForTimeout(800);
    running = (await records(page, 'check_in')).find((c) => c.data.run?.state === 'in_progress');
    assert.ok(running.data.actions.find((a) => a.text === 'Send the renewal deck').done_on, 'ticked off and saved');

    // The monthly review's summary shows the change made in the check-in.
    await openPerson(page, 'Maya Okafor');
    await page.getByTestId('start-review').click();
    await page.getByTestId('review').waitFor();
    const thisMonth = new Date().toLocaleString('en-GB', { month: 'long', year: 'numeric' });
    await page.getByLabel('Month reviewed').selectOption({ label: thisMonth });
    await page.getByTestId('month-summary').getByText(new RegExp(`${goalTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ % → \\d+ %`)).waitFor();
    await page.getByLabel('Comments').fill('A strong month.');
    await page.getByTestId('section-3').click();
    // Adjusting a goal needs a reason.
    await page.getByLabel('Goal', { exact: true }).selectOption({ index: 1 });
    await page.getByLabel('New target').fill('500');
    await page.getByRole('button', { name: 'Change the goal' }).click();
    assert.match(await page.locator('#adjust-reason-error').textContent(), /Say why/);
    await page.getByLabel('Why it changes').fill('The team grew');
    await page.getByRole('button', { name: 'Change the goal' }).click();
    await page.getByTestId('adjustments').getByText(/→ 500 \(why: The team grew\)/).waitFor();
    // A stretch goal written from the review is listed in it on return.
    await page.getByRole('link', { name: 'Add a stretch goal' }).click();
    await page.getByTestId('goal-worksheet').waitFor();
    await page.locator('#goal-title').fill('Grow webinar attendance from 40 to 80 people by the end of next quarter');
    await page.getByRole('button', { name: /from the goal as its measure/ }).click();
    await page.getByTestId('save-goal').click();
    await page.getByTestId('goal-view').waitFor();
    await openPerson(page, 'Maya Okafor');
    await page.getByRole('button', { name: 'Continue monthly review' }).click();
    await page.getByTestId('section-3').click();
    await page.getByTestId('stretch-goals').getByText('Grow webinar attendance').waitFor();
    await page.getByTestId('finish').click();
    await page.getByText('Monthly review saved.').waitFor();
    await page.reload();
    await page.getByTestId('review').waitFor();
    assert.equal(await page.getByLabel('Comments').inputValue(), 'A strong month.');
    await page.getByTestId('adjustments').getByText(/→ 500 \(why: The team grew\)/).waitFor();
    await page.getByTestId('stretch-goals').getByText('Grow webinar attendance').waitFor();
    await screenshot(page, 'monthly-review-tablet-portrait');
  } finally {
    await page.context().close();
  }
});

test('Home lists whose 1:1 is due and exports the schedule as .ics', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const rows = page.getByTestId('due-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 6);
    assert.match(await rows.first().textContent(), /overdue/, 'the most overdue first');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export schedule (.ics)' }).click()]);
    const ics = await fs.readFile(await download.path(), 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /SUMMARY:1:1 with Maya Okafor\r\n/);
    // Starting from Home opens the run screen; Home then says it is running.
    await rows.filter({ hasText: 'Maya Okafor' }).getByRole('button').click();
    await page.getByTestId('check-in-run').waitFor();
    await open(page, '/');
    assert.match(await rows.filter({ hasText: 'Maya Okafor' }).textContent(), /check-in running/);
  } finally {
    await page.context().close();
  }
});

test("the team's own scripts replace Trellis's words in the check-in, after a reload", async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/settings');
    const field = page.getByLabel('Weekly check-in: 2. Obstacles');
    assert.match(await field.inputValue(), /slowing you down/);
    await field.fill('What is blocking you, and how can I help?');
    await page.getByRole('button', { name: 'Save scripts' }).click();
    await page.getByText('Scripts saved.').waitFor();
    await openPerson(page, 'Priya Natarajan');
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    await page.reload();
    await waitReady(page);
    await clickTab(page, 'section-2');
    await page.getByTestId('script').filter({ hasText: 'What is blocking you' }).waitFor();
    assert.match(await page.getByTestId('script').textContent(), /What is blocking you, and how can I help\?/);
    await clickTab(page, 'section-1');
    assert.match(await page.getByTestId('script').textContent(), /Which of your goals moved/, 'the others keep the default');
  } finally {
    await page.context().close();
  }
});

test('check-in screens at tablet and phone sizes: screenshots, labels, 44 px targets', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    await openPerson(page, 'Daniel Reyes');
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const section of [1, 2, 3]) {
        await page.getByTestId(`section-${section}`).click();
        assert.deepEqual(await auditPage(page), [], `${name}, section ${section}`);
      }
      await page.getByTestId('section-1').click();
      await screenshot(page, `check-in-${name}`);
    }
    await open(page, '/');
    await page.getByTestId('due-row').first().waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `home ${name}`);
      await screenshot(page, `home-due-${name}`);
    }
  } finally {
    await page.context().close();
  }
});
