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

test('trends, patterns, notifications and the monthly report: twelve-week charts with tables on Home, the Insights page and a person page; success factors and barriers with their counts; reminders only after the button, once a day; the month report in the review', async () => {
  const page = await newPage(env.browser, tablet);
  // A stand-in for the browser's Notification API: it records what would be shown, and keeps
  // the permission given across reloads as a browser does.
  await page.addInitScript(() => {
    window.__shown = [];
    class FakeNotification {
      constructor(title, options) { window.__shown.push({ title, body: options && options.body }); }
      static get permission() { return localStorage.getItem('test:permission') || 'default'; }
      static requestPermission() { localStorage.setItem('test:permission', 'granted'); return Promise.resolve('granted'); }
    }
    window.Notification = FakeNotification;
  });
  try {
    await loadDemo(page);
    // Home: the team's trends, each with its words and its table of twelve weeks.
    const dash = page.getByTestId('dashboard');
    await dash.waitFor();
    for (const key of ['goals-strategic', 'goals-tactical', 'goals-operational', 'on-time', 'balance', 'confidence']) {
      const chart = dash.getByTestId(`chart-${key}`);
      assert.match(await chart.locator('svg[role=img]').getAttribute('aria-label'), /^.+: .+\.$/, key);
      assert.equal(await chart.locator('tbody tr').count(), 12, `${key}: a row per week`);
    }
    assert.ok((await dash.locator('[data-testid^=chart-indicator-]').count()) >= 2, "the scorecard's team indicators");
    assert.match(await dash.getByTestId('chart-on-time').locator('figcaption').textContent(), /^\d+ % held on time over the last 90 days \(\d+ of \d+ expected\)/);
    assert.match(await dash.getByTestId('chart-goals-operational').locator('figcaption').textContent(), /This week: on track \d+ \((\+|−)?\d*.*\)/);
    // The confidence chart agrees with the self-reports of this week.
    const monday = (() => { const d = new Date(); d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); return d.toISOString().slice(0, 10); })();
    const mine = (await records(page, 'self_report')).filter((r) => r.data.week === monday && r.data.confidence);
    const cells = dash.getByTestId('chart-confidence').locator('tbody tr').last().locator('td');
    if (mine.length) {
      const avg = Math.round((mine.reduce((a, r) => a + r.data.confidence, 0) / mine.length) * 10) / 10;
      assert.equal(Number(await cells.first().textContent()), avg);
    } else {
      assert.equal(await cells.first().textContent(), '–');
    }
    const figures = dash.getByTestId('chart-balance').getByText('The figures');
    await figures.click();
    await dash.getByTestId('chart-balance').getByRole('table').waitFor();
    await screenshot(page, 'insight-dashboard-tablet');

    // The Insights page: success factors and barriers, each finding with its counts.
    await page.getByRole('link', { name: 'All warnings and rules' }).click();
    const factors = page.getByTestId('factor');
    await factors.first().waitFor();
    assert.ok((await factors.count()) >= 3);
    for (const f of await factors.allTextContents()) {
      assert.match(f, /On time with it: \d+ of \d+|Not enough cases yet: \d+ finished goals with it and \d+ without/, f);
    }
    // Last months' finished goals: those named in a win that said what worked were all on time.
    const named = await factors.filter({ hasText: 'A win that named what worked' }).textContent();
    assert.match(named, /On time with it: (\d+) of \1 \(100 %\); without it: \d+ of \d+ \(\d+ %\)\. Goals finished more often on time with it\./, named);
    const barrier = page.getByTestId('barrier').filter({ hasText: /handover notes/i });
    assert.match(await barrier.textContent(), /Tomás Lindqvist/);
    assert.match(await barrier.textContent(), /Raised \d+ times by \d+ (person|people), last on/);
    assert.ok((await page.getByTestId('barrier').first().getByRole('link').count()) >= 1, 'the goals a barrier touched, linked');

    // Notifications: nothing is asked before the button; then today's reminders, once a day.
    assert.deepEqual(await page.evaluate(() => window.__shown), []);
    await page.getByTestId('notify-on').click();
    await page.getByTestId('notify-state').waitFor();
    const shown = await page.evaluate(() => window.__shown);
    assert.equal(shown.length, 1);
    assert.equal(shown[0].title, 'Trellis: due today');
    assert.match(shown[0].body, /1:1 with Kwame Asante is \d+ days overdue\./);
    await open(page, '/');
    await page.reload();
    await page.getByTestId('warnings').waitFor();
    assert.deepEqual(await page.evaluate(() => window.__shown), [], 'shown once a day, not on every open');
    assert.equal(await page.evaluate(() => localStorage.getItem('trellis-device:notify')), new Date().toISOString().slice(0, 10));

    // A person's page: their own trends.
    await open(page, '/people');
    await page.getByRole('link', { name: 'Priya Natarajan' }).click();
    const theirs = page.getByTestId('dashboard');
    await theirs.waitFor();
    assert.match(await theirs.locator('h2').textContent(), /Their last 12 weeks/);
    assert.equal(await theirs.getByTestId('chart-on-time').locator('tbody tr').count(), 12);
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `person trends ${name}`);
    }
    await screenshot(page, 'insight-person-trends-phone');
    await page.setViewportSize(tablet.viewport);

    // The monthly review carries the month's report: read there, downloaded as Markdown.
    await page.getByTestId('start-review').click();
    await page.getByTestId('review').waitFor();
    const month = page.getByTestId('month-report');
    await month.locator('summary').click();
    const text = month.getByTestId('month-report-text');
    assert.match(await text.textContent(), /^# Monthly report: Priya Natarajan, .*\n\n## Goals and check-ins\n\n- \d+ check-ins? held/);
    assert.match(await text.textContent(), /## Feedback\n\n\d+ recognition, \d+ corrective/);
    assert.match(await text.textContent(), /## Early warnings open now/);
    const [download] = await Promise.all([page.waitForEvent('download'), month.getByTestId('month-report-download').click()]);
    assert.equal(await fs.readFile(await download.path(), 'utf8'), await text.textContent());
    assert.match(download.suggestedFilename(), /^trellis-monthly-report-.+-\d{4}-\d{2}\.md$/);
    assert.deepEqual(await auditPage(page), [], 'review with the month report');
  } finally {
    await page.context().close();
  }
});

test('team health: three tiers scored from the data on Home, every measure with its counts and thresholds on /insights, and acknowledging the charter raises tier 3 after a reload', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const health = page.getByTestId('team-health');
    await health.waitFor();
    for (const t of ['strategic', 'operational', 'culture']) {
      assert.match(await health.getByTestId(`tier-${t}`).textContent(), /^Tier \d: .+\d+ \/ 100 (Healthy|Watch|Weak)/, t);
    }
    const culture = health.getByTestId('tier-culture');
    const before = Number(await culture.locator('strong').textContent());
    assert.match(await culture.textContent(), /Weakest: Charter acknowledged \((\d) of 6 people acknowledged version 3\)/);
    const acked = Number((await culture.textContent()).match(/(\d) of 6 people acknowledged/)[1]);
    await health.getByRole('link', { name: 'How the scores are made' }).click();
    const row = page.getByTestId('measure-charter');
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`${Math.round((acked / 6) * 100)} %Weak${acked} of 6 people acknowledged version 3\\. Healthy from 100 %, watch from 75 %\\.`));
    const history = page.getByTestId('tier-history');
    assert.equal(await history.locator('tbody tr').count(), 3, 'a row per tier');
    assert.equal(await history.locator('thead th').count(), 1 + 4 + 1, 'four quarters and today');
    assert.match(await history.locator('thead').textContent(), /^TierEnd of Q\d \d{4}End of Q/);

    // One more person acknowledges the charter: tier 3 goes up, and stays up after a reload.
    await open(page, '/team');
    const acks = page.getByTestId('acknowledgements');
    await acks.getByRole('button', { name: /^Acknowledge as / }).first().click();
    await acks.locator('h2').filter({ hasText: `Acknowledged by ${acked + 1} of 6` }).waitFor();
    await page.reload();
    await open(page, '/');
    await culture.waitFor();
    assert.ok(Number(await culture.locator('strong').textContent()) > before, 'tier 3 rose');
    await open(page, '/insights');
    assert.match(await page.getByTestId('measure-charter').textContent(), new RegExp(`${acked + 1} of 6 people acknowledged version 3`));
  } finally {
    await page.context().close();
  }
});
