// Feedback and recognition, end to end in headless Chromium: a corrective conversation whose
// vague observation gets a hint, is rewritten, saved, and comes back on Home and in the next
// check-in; recognition from a script with a live preview, copied and logged into the person's
// timeline; peer feedback requested and answered; a team win on the wall after a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, isoInDays } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, openPerson } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

test('corrective feedback: vague observation → hint → rewrite → save → follow-up on Home and in the next check-in', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await openPerson(page, 'Kwame Asante');
    await page.getByTestId('person-feedback').getByRole('link', { name: 'Corrective feedback' }).click();
    await page.getByTestId('corrective').waitFor();
    assert.equal(await page.locator('#cf-person option:checked').textContent(), 'Kwame Asante');
    const before = (await records(page, 'feedback')).length;

    // A vague, absolute observation gets a hint at once.
    const observation = page.getByLabel('1. Specific observation');
    await observation.fill("You're always late with the weekly report.");
    assert.match(await page.getByTestId('hint-observation').textContent(), /“always” is easy to dispute/);
    await observation.fill('Your attitude in meetings is poor.');
    assert.match(await page.getByTestId('hint-observation').textContent(), /“attitude” is a judgement/);

    // Saving with steps missing and a past follow-up date: messages at the fields, nothing saved.
    await page.getByLabel('5. Follow-up date').fill(isoInDays(-2));
    await page.getByRole('button', { name: 'Save and schedule follow-up' }).click();
    assert.match(await page.locator('#impact-error, #cf-impact-error').first().textContent(), /Describe the impact/);
    assert.match(await page.locator('#cf-follow_up-error').textContent(), /in the past/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'cf-impact');
    assert.equal((await records(page, 'feedback')).length, before, 'nothing saved');

    // The rewrite: specific and anchored; the hint goes away. A generic impact and a vague
    // expectation get theirs, and go away when made concrete.
    await observation.fill('The last two weekly reports arrived on Monday instead of Friday.');
    await page.getByTestId('hint-observation').waitFor({ state: 'detached' });
    const impact = page.getByLabel('2. Impact');
    await impact.fill("It's bad.");
    await page.getByTestId('hint-impact').waitFor();
    await impact.fill('the Monday planning, which ran without numbers twice, so two customer escalations waited a week');
    await page.getByTestId('hint-impact').waitFor({ state: 'detached' });
    // A reload mid-sentence loses nothing: the draft comes back, for the same person.
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    assert.equal(await observation.inputValue(), 'The last two weekly reports arrived on Monday instead of Friday.');
    assert.match(await impact.inputValue(), /^the Monday planning/);
    assert.equal(await page.locator('#cf-person option:checked').textContent(), 'Kwame Asante');
    assert.equal((await records(page, 'feedback')).length, before, 'a draft is not a record');
    const expectation = page.getByLabel('3. Expectation');
    await expectation.fill('Be more professional');
    await page.getByTestId('hint-expectation').waitFor();
    await expectation.fill('the weekly report sent by Friday 3 pm');
    await page.getByTestId('hint-expectation').waitFor({ state: 'detached' });
    await page.getByLabel('4. Support offer').fill('block Friday afternoons for reporting and share the template');
    await page.getByRole('button', { name: 'In 1 week' }).click();
    assert.equal(await page.getByLabel('5. Follow-up date').inputValue(), isoInDays(7));
    const conversation = await page.getByTestId('conversation').textContent();
    assert.match(conversation, /I've noticed that the last two weekly reports arrived on Monday instead of Friday\./);
    assert.match(conversation, /What I need to see is the weekly report sent by Friday 3 pm\./);
    assert.match(conversation, /How can I help you achieve this\? I can block Friday afternoons/);
    assert.equal(await page.getByTestId('hint-count').textContent(), '');

    await page.getByRole('button', { name: 'Save and schedule follow-up' }).click();
    await page.getByTestId('feedback-log').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('trellis-draft:corrective')), null, 'saved: the draft is done');
    const entry = page.getByTestId('entry').filter({ hasText: 'the weekly report sent by Friday 3 pm' });
    await entry.waitFor();
    assert.match(await entry.getByTestId('follow-up-status').textContent(), /Follow-up due/);
    const saved = (await records(page, 'feedback')).filter((r) => r.data.kind === 'corrective' && r.data.corrective.expectation.includes('Friday 3 pm'));
    assert.equal(saved.length, 1);
    assert.equal(saved[0].data.corrective.follow_up, isoInDays(7));

    // Home lists it among this week's follow-ups (with the demo's one due in 2 days), but not
    // the one due in 12 days; it survives a reload.
    await open(page, '/');
    const homeFollowUps = page.getByTestId('home-follow-ups');
    await homeFollowUps.getByTestId('follow-up').filter({ hasText: 'Friday 3 pm' }).waitFor();
    assert.match(await homeFollowUps.textContent(), /Kwame Asante: Follow up on “the weekly report sent by Friday 3 pm” · due in 7 days/);
    assert.equal(await homeFollowUps.getByTestId('follow-up').count(), 2);
    await page.reload();
    await homeFollowUps.getByTestId('follow-up').filter({ hasText: 'Friday 3 pm' }).waitFor();

    // Kwame's next check-in shows it; marking it held there closes it everywhere.
    await openPerson(page, 'Kwame Asante');
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    const inCheckIn = page.getByTestId('follow-up').filter({ hasText: 'Friday 3 pm' });
    await inCheckIn.waitFor();
    await inCheckIn.getByLabel('What you found (optional)').fill('Sent on time this week');
    await inCheckIn.getByRole('button', { name: 'Mark followed up' }).click();
    await inCheckIn.waitFor({ state: 'detached' });
    const held = (await records(page, 'feedback')).find((r) => r.data.corrective?.expectation?.includes('Friday 3 pm'));
    assert.equal(held.data.corrective.outcome, 'Sent on time this week');
    assert.ok(held.data.corrective.followed_up);
    await open(page, '/');
    await homeFollowUps.getByTestId('follow-up').first().waitFor();
    assert.equal(await homeFollowUps.getByTestId('follow-up').count(), 1);
  } finally {
    await page.context().close();
  }
});

test('recognition from a script: preview, copy, log as given, in the timeline; the 30-day notice clears', async () => {
  const page = await newPage(env.browser, tablet);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  try {
    await loadDemo(page);
    // Home's early warnings name the one person not recognised for 30 days.
    const notice = page.getByTestId('warning').and(page.locator('[data-rule=no_recognition]'));
    await notice.waitFor();
    assert.equal(await notice.count(), 1);
    assert.match(await notice.textContent(), /No recognition for Hannah Whitfield in \d+ days/);
    await notice.getByTestId('warning-next').click();
    await page.getByTestId('recognize').waitFor();
    assert.equal(await page.getByLabel('Name in the script').inputValue(), 'Hannah');

    await page.locator('#rec-script').selectOption({ label: 'Team support' });
    const preview = page.getByTestId('preview');
    assert.match(await preview.textContent(), /^Hannah, thank you for \[what they did\]/);
    // Placeholders left empty: messages at the fields, nothing saved.
    const before = (await records(page, 'feedback')).length;
    await page.getByRole('button', { name: 'Log as given' }).click();
    assert.match(await page.locator('#rec-what-error').textContent(), /fill it in/);
    assert.match(await page.locator('#rec-impact-error').textContent(), /fill it in/);
    assert.equal((await records(page, 'feedback')).length, before);

    await page.getByLabel('What they did').fill('covering the Acme escalations on Friday');
    await page.getByLabel('The impact').fill('Tomás could finish the migration a day early');
    const text = 'Hannah, thank you for covering the Acme escalations on Friday. You made a teammate\'s load lighter, and Tomás could finish the migration a day early. That is how we succeed as a team.';
    assert.equal(await preview.textContent(), text);
    await page.getByRole('button', { name: 'Copy text' }).click();
    await page.getByText('Copied.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text);
    await page.getByLabel('In front of the team').check();
    await page.getByRole('button', { name: 'Log as given' }).click();

    // The person's timeline, newest first, survives a reload.
    await page.getByTestId('feedback-log').waitFor();
    const first = page.getByTestId('entry').first();
    await first.getByText(text).waitFor();
    assert.match(await first.textContent(), /Recognition.*Hannah Whitfield · in front of the team · Team support/);
    await page.reload();
    await page.getByTestId('entry').first().getByText(text).waitFor();
    // Filter by kind: only corrective entries, then none in a range before the demo.
    await page.locator('#log-kind').selectOption({ label: 'Corrective' });
    assert.equal(await page.getByTestId('entry').filter({ hasText: text }).count(), 0);
    await page.locator('#log-kind').selectOption({ label: 'Recognition' });
    await page.getByTestId('entry').filter({ hasText: text }).waitFor();
    await page.getByLabel('To', { exact: true }).fill('2020-01-01');
    await page.getByText('Nothing logged for this choice yet.').waitFor();

    // Home no longer shows the notice.
    await open(page, '/');
    await page.getByTestId('due-row').first().waitFor();
    await page.getByTestId('warnings').waitFor();
    assert.equal(await page.locator('[data-rule=no_recognition]').count(), 0);
    // Her page shows the balance.
    await openPerson(page, 'Hannah Whitfield');
    assert.match(await page.getByTestId('balance').textContent(), /Last 90 days: \d+ recognition/);
  } finally {
    await page.context().close();
  }
});

test('peer feedback: a request is pending per peer until each answers', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/feedback/request?person=');
    await page.getByTestId('request').waitFor();
    await page.getByRole('button', { name: 'Request feedback' }).click();
    assert.match(await page.locator('#req-person-error').textContent(), /Choose whose work/);
    assert.match(await page.locator('#req-peers-error').textContent(), /at least one peer/);
    await page.locator('#req-person').selectOption({ label: 'Daniel Reyes' });
    await page.getByLabel('About what').fill('The Globex renewal call');
    await page.getByTestId('request').getByLabel('Maya Okafor').check();
    await page.getByTestId('request').getByLabel('Kwame Asante').check();
    await page.getByRole('button', { name: 'Request feedback' }).click();
    const req = page.getByTestId('request').filter({ hasText: 'The Globex renewal call' });
    await req.waitFor();
    assert.equal(await req.getByRole('link', { name: /Answer for/ }).count(), 2);

    await req.getByRole('link', { name: 'Answer for Maya Okafor' }).click();
    await page.getByTestId('peer').waitFor();
    assert.equal(await page.locator('#peer-from option:checked').textContent(), 'Maya Okafor');
    assert.equal(await page.locator('#peer-person option:checked').textContent(), 'Daniel Reyes');
    await page.getByRole('button', { name: 'Record peer feedback' }).click();
    assert.match(await page.locator('#peer-text-error').textContent(), /required/);
    await page.getByLabel('What happened').fill('Daniel prepared the pricing options before the call and let the customer choose.');
    await page.getByLabel('Its impact').fill('The customer renewed for two years on the call.');
    await page.getByRole('button', { name: 'Record peer feedback' }).click();
    await page.getByTestId('feedback-log').waitFor();
    await page.getByTestId('entry').filter({ hasText: 'prepared the pricing options' }).waitFor();
    await open(page, '/feedback');
    const still = page.getByTestId('request').filter({ hasText: 'The Globex renewal call' });
    await still.waitFor();
    assert.deepEqual(await still.getByRole('link', { name: /Answer for/ }).allTextContents(), ['Answer for Kwame Asante']);
  } finally {
    await page.context().close();
  }
});

test('a team celebration: refused when incomplete, then on the wins wall and in best practices after a reload', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/wins');
    await page.getByTestId('win').first().waitFor();
    const wins = await page.getByTestId('win').count();
    await page.getByRole('link', { name: 'Celebrate a win' }).click();
    await page.getByTestId('celebrate').waitFor();
    await page.getByRole('button', { name: 'Add to the wins wall' }).click();
    assert.match(await page.locator('#win-title-error').textContent(), /required/);
    assert.match(await page.locator('#win-contributors-error').textContent(), /at least one person/);
    assert.equal((await records(page, 'celebration')).length, wins, 'nothing saved');

    await page.getByLabel('The achievement').fill('First week with zero tickets over SLA');
    await page.getByLabel('Maya Okafor').check();
    await page.getByLabel('Hannah Whitfield').check();
    await page.getByLabel('The story').fill('Every ticket was answered within four hours, including a Friday outage.');
    await page.getByLabel('What made it work').fill('Triage rota at 9:00\n- Swarm on outages');
    await page.getByRole('button', { name: 'Add to the wins wall' }).click();
    await page.getByTestId('wins').waitFor();
    await page.reload();
    const card = page.getByTestId('win').filter({ hasText: 'First week with zero tickets over SLA' });
    await card.waitFor();
    assert.match(await card.textContent(), /Maya Okafor, Hannah Whitfield/);
    assert.equal(await page.getByTestId('win').count(), wins + 1);
    const practices = await page.getByTestId('best-practices').textContent();
    assert.match(practices, /Triage rota at 9:00/);
    assert.match(practices, /Swarm on outages/);
  } finally {
    await page.context().close();
  }
});

test('feedback screens at tablet and phone sizes: screenshots, labels, 44 px targets', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    const screens = [
      ['/feedback', 'feedback-log', 'feedback-log'],
      ['/feedback/corrective', 'corrective', 'feedback-corrective'],
      ['/feedback/recognize', 'recognize', 'feedback-recognize'],
      ['/feedback/peer', 'peer', 'feedback-peer'],
      ['/wins', 'wins', 'feedback-wins'],
      ['/wins/new', 'celebrate', 'feedback-celebrate'],
      ['/', 'home-follow-ups', 'home-feedback'],
    ];
    for (const [route, id, shot] of screens) {
      await open(page, route);
      await page.getByTestId(id).waitFor();
      if (route === '/feedback/corrective') {
        await page.getByLabel('1. Specific observation').fill('You never answer on time');
        await page.getByTestId('hint-observation').waitFor();
      }
      for (const [name, width, height] of SIZES) {
        await page.setViewportSize({ width, height });
        assert.deepEqual(await auditPage(page), [], `${route} ${name}`);
        await screenshot(page, `${shot}-${name}`);
      }
    }
  } finally {
    await page.context().close();
  }
});

test("the team's own recognition script: an unknown placeholder is refused, then it fills like the built-in ones; a logged entry can be deleted", async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/feedback/recognize');
    const scripts = page.getByTestId('team-scripts');
    await scripts.getByText('Customer shout-out').waitFor();
    const before = (await records(page, 'recognition_script')).length;
    await page.getByLabel('Script name').fill('Learning');
    await page.getByLabel('Script text').fill('{name}, you learned {what}.');
    await page.getByRole('button', { name: 'Add script' }).click();
    assert.match(await page.locator('#script-script_text-error').textContent(), /\{name\} is not a placeholder/);
    assert.equal((await records(page, 'recognition_script')).length, before);
    await page.getByLabel('Script text').fill('{person}, you learned {what} this month, and {impact}.');
    await page.getByRole('button', { name: 'Add script' }).click();
    await scripts.getByText('Learning').waitFor();

    await page.locator('#rec-person').selectOption({ label: 'Priya Natarajan' });
    await page.locator('#rec-script').selectOption({ label: 'Learning (team script)' });
    await page.getByLabel('What they did').fill('SQL');
    await page.getByLabel('The impact').fill('the health scores are yours now');
    const text = 'Priya, you learned SQL this month, and the health scores are yours now.';
    assert.equal(await page.getByTestId('preview').textContent(), text);
    await page.getByRole('button', { name: 'Log as given' }).click();
    const entry = page.getByTestId('entry').filter({ hasText: text });
    await entry.waitFor();
    await entry.getByRole('button', { name: 'Delete' }).click();
    await entry.getByRole('button', { name: 'Yes, delete' }).click();
    await entry.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('entry').first().waitFor();
    assert.equal(await page.getByTestId('entry').filter({ hasText: text }).count(), 0);
    assert.ok((await records(page, 'feedback')).every((r) => r.data.text !== text), 'a tombstone, not live');
  } finally {
    await page.context().close();
  }
});
