// Insight, end to end in headless Chromium: with the demo team, Home shows early warnings, each
// with its rule, the data it read and a next step; a dismissal needs a reason, and after a
// reload the warning is gone from Home and listed in the history; a snooze too; the weekly
// report downloads as Markdown; screens are axe-clean at three sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

test('early warnings on Home: rule and data, dismissed with a reason, gone after a reload and kept in the history; the weekly report as Markdown', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const panel = page.getByTestId('warnings');
    await panel.waitFor();
    const byRule = (rule) => panel.locator(`[data-testid=warning][data-rule=${rule}]`);
    // The demo's warnings, each naming its rule and its data.
    const rhythm = byRule('rhythm');
    assert.match(await rhythm.textContent(), /Kwame Asante is out of rhythm.*The 1:1 is \d+ days overdue; the cadence is every two weeks\..*Rule: A 1:1 overdue by more than 1 cadence/s);
    assert.match(await byRule('confidence_falling').textContent(), /Hannah Whitfield's confidence is low.*Self-report confidence, 1 to 5: .*2 \(week of/s);
    assert.match(await byRule('leading_unhealthy').textContent(), /Training hours has been unhealthy for 2 periods.*Last 2 readings: 3 on .*, 2\.5 on .*It drives:/s);
    assert.match(await byRule('recurring_obstacle').textContent(), /Tomás Lindqvist keeps meeting the same obstacle.*Raised in 3 of the last 4 check-ins/s);
    assert.match(await byRule('no_recognition').textContent(), /No recognition for Hannah Whitfield in \d+ days/);
    assert.ok((await byRule('projected_miss').count()) >= 1, 'a goal projected to miss');
    assert.match(await byRule('projected_miss').first().textContent(), /At this pace it (reaches the target on .*days after the deadline|does not reach the target)/);
    await screenshot(page, 'insight-home-tablet');

    // Dismiss without a reason: refused at the field, nothing saved.
    await rhythm.getByRole('button', { name: 'Dismiss or snooze' }).click();
    await rhythm.getByTestId('dismiss').click();
    assert.match(await rhythm.locator('.field-error').first().textContent(), /The reason is required/);
    assert.equal((await records(page, 'warning_note')).length, 0);
    await rhythm.getByLabel('Reason (kept in the history)').fill('Kwame is at the conference; the 1:1 is booked for Monday.');
    await rhythm.getByTestId('dismiss').click();
    await byRule('rhythm').waitFor({ state: 'detached' });
    const [note] = await records(page, 'warning_note');
    assert.equal(note.scope, 'manager', "the manager's own");
    // Snooze another until next week.
    const low = byRule('confidence_falling');
    await low.getByRole('button', { name: 'Dismiss or snooze' }).click();
    await low.getByLabel('Reason (kept in the history)').fill('Talked on Friday; IT access sorted.');
    await low.getByTestId('snooze').click();
    await byRule('confidence_falling').waitFor({ state: 'detached' });

    await page.reload();
    await panel.waitFor();
    await byRule('no_recognition').waitFor();
    assert.equal(await byRule('rhythm').count(), 0, 'gone after a reload');
    assert.equal(await byRule('confidence_falling').count(), 0);
    await page.getByRole('link', { name: 'All warnings and rules' }).click();
    const history = page.getByTestId('warning-history');
    await history.waitFor();
    assert.match(await history.textContent(), /Dismissed: Kwame Asante is out of rhythm\. Reason: Kwame is at the conference; the 1:1 is booked for Monday\./);
    assert.match(await history.textContent(), /Snoozed until .*: Hannah Whitfield's confidence is low\. Reason: Talked on Friday; IT access sorted\./);
    // The calendar of follow-ups and improvement plan reviews to come.
    const [ics] = await Promise.all([page.waitForEvent('download'), page.getByTestId('agenda-ics').click()]);
    const cal = await fs.readFile(await ics.path(), 'utf8');
    assert.match(cal, /^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:-\/\/Trellis\/\/Follow-ups and reviews\/\/EN/);
    assert.match(cal, /SUMMARY:Improvement plan review with Daniel Reyes\r\n/);
    assert.match(cal, /SUMMARY:Follow up with /);
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `insights ${name}`);
      await screenshot(page, `insights-${name}`);
    }
    await page.setViewportSize(tablet.viewport);

    // The weekly report: viewed, and downloaded as Markdown.
    await open(page, '/');
    await page.getByTestId('open-weekly-report').click();
    const report = page.getByTestId('report-text');
    await report.waitFor();
    assert.match(await report.textContent(), /^# Weekly team report: .* to .*\n\n## Goals/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-download').click()]);
    const md = await fs.readFile(await download.path(), 'utf8');
    assert.equal(md, await report.textContent());
    assert.match(md, /## 1:1s\n\nHeld: \d+\./);
    assert.match(md, /## Early warnings\n\nOpen now: \d+\.\n- /);
    assert.match(md, /Handled this week: \d+\./);
    assert.match(download.suggestedFilename(), /^trellis-weekly-report-\d{4}-\d{2}-\d{2}\.md$/);
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `weekly report ${name}`);
    }
    await screenshot(page, 'insight-weekly-report-phone');
  } finally {
    await page.context().close();
  }
});
