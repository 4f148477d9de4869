// Improvement plans, end to end in headless Chromium with three browser profiles through the
// reference JSON endpoint: the manager (the demo team), Hannah and Kwame, each joined from an
// invitation on their own device. From the decision aid to a plan with two goals (bad input
// refused at its field); Hannah acknowledges receipt with a response on her own device; a review
// (one dated before the start refused) fills the support ledger; an adjustment is a new version
// that asks for a new acknowledgement; the print view and the Markdown carry the fingerprint;
// the outcome closes the plan, read-only after a reload. Kwame's device never receives it. The
// demo's plan (Daniel's) on Home and on its page; screenshots and audits at three sizes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, syncSteps, startEndpoint, isoInDays, readStored } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, stored, openPerson } = appSteps(env);
const { setUp, syncNow, invite, join, memberDevice: device } = syncSteps(env);
const memberDevice = (size) => device(endpoint.url, size);
const tablet = { viewport: { width: 820, height: 1180 } };
const phone = { viewport: { width: 390, height: 844 } };
const MARKER = 'PIP-MARKER-7731';

let endpoint;
before(async () => {
  endpoint = await startEndpoint();
});
after(async () => {
  await endpoint?.stop();
});

async function peopleIds(page) {
  return Object.fromEntries((await records(page, 'person')).map((r) => [r.data.name.split(' ')[0], r.id]));
}

const errorOf = (page, id) => page.locator(`#${id}-error`).textContent();

test('an improvement plan from the decision aid to its outcome, acknowledged on the person’s own device, never on a third', async () => {
  const manager = await newPage(env.browser, tablet);
  const hannah = await memberDevice(phone);
  const kwame = await memberDevice(tablet);
  try {
    await loadDemo(manager);
    const ids = await peopleIds(manager);
    assert.equal((await setUp(manager, `${endpoint.url}/acme`)).error, null);
    const hannahLink = await invite(manager, 'Hannah Whitfield');
    const kwameLink = await invite(manager, 'Kwame Asante');
    assert.equal((await syncNow(manager)).error, null);
    await join(hannah.page, hannahLink);
    await join(kwame.page, kwameLink);

    // 1. The decision aid, from her record: nothing rated below now, so coaching first.
    await openPerson(manager, 'Hannah Whitfield');
    await manager.getByTestId('open-aid').click();
    const advice = manager.getByTestId('aid-advice');
    await advice.waitFor();
    assert.equal(await advice.getByTestId('aid-step').textContent(), 'Coaching in the 1:1s');
    assert.match(await advice.textContent(), /No standard is rated below, so there is no documented gap/);
    assert.match(await advice.getByTestId('aid-facts').textContent(), /corrective conversation.*development action.*Obstacles raised in/s);
    await advice.getByTestId('start-plan').click();
    const form = manager.getByTestId('plan-form');
    await form.waitFor();
    assert.match(await form.locator('#plan-background').inputValue(), /^What the record showed on .* \(the last 90 days\):\n- No standard is rated below/, 'the facts carried into the background');

    // Bad input: a duration under 14 days, goals without measure or date; nothing is saved.
    const today = isoInDays(0);
    await form.locator('#plan-end').fill(isoInDays(7));
    await form.getByRole('button', { name: 'Save the plan' }).click();
    assert.match(await errorOf(manager, 'plan-gap'), /The performance gap .* is required/);
    assert.match(await errorOf(manager, 'plan-end'), /A plan runs 14 to 120 days; these dates give 7/);
    assert.equal((await records(manager, 'improvement_plan')).length, 1, "only the demo's");
    await form.getByRole('button', { name: '60 days' }).click();
    assert.equal(await form.locator('#plan-end').inputValue(), isoInDays(60));
    await form.getByLabel('The performance gap').fill(`${MARKER} 26 tickets solved a week is the standard; the last six weeks averaged 17.`);
    await form.getByRole('group', { name: 'Standards the gap is in' }).getByLabel('Productivity').check();
    await form.getByLabel('Skills or knowledge', { exact: true }).check();
    await form.getByLabel('Skills or knowledge: evidence').fill('Billing tickets take her three times as long as the team average.');
    const goals = form.getByTestId('plan-goal');
    await goals.nth(0).getByLabel('Goal 1').fill('Solve 26 tickets a week, none reopened for the same cause');
    await goals.nth(0).getByLabel('Measure').fill('Tickets solved a week from 17 to 26');
    await goals.nth(0).getByLabel('Target date').fill(isoInDays(50));
    await form.getByTestId('add-plan-goal').click();
    await goals.nth(1).getByLabel('Goal 2').fill('Close billing-export tickets without escalating');
    await goals.nth(1).getByLabel('Target date').fill(isoInDays(40));
    const support = form.getByTestId('plan-support-row');
    await support.nth(0).getByLabel('Support').fill('Two pairing sessions a week with Tomás on billing tickets');
    await support.nth(0).getByLabel('By').fill(isoInDays(7));
    await form.getByRole('button', { name: 'Save the plan' }).click();
    assert.equal(await errorOf(manager, 'plan-goals'), 'Goal 2: give a measure, so both of you can tell when it is met.');
    assert.equal(await manager.evaluate(() => document.activeElement?.id), 'plan-goals');
    assert.equal((await records(manager, 'improvement_plan')).length, 1);
    // The SMART-R checker reads each goal as it is typed.
    assert.match(await goals.nth(1).getByTestId('goal-smart').textContent(), /SMART-R: \d of 6\. .*Measurable:/);
    await goals.nth(1).getByLabel('Measure').fill('Billing escalations from 5 a week to 1 or fewer');
    await form.getByRole('button', { name: 'Save the plan' }).click();
    const page = manager.getByTestId('plan-page');
    await page.waitFor();
    const version = await manager.getByTestId('plan-version').textContent();
    const [, fp1] = version.match(/^Version 1 · fingerprint ([0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}) · issued /);
    const plan = (await records(manager, 'improvement_plan')).find((r) => r.data.person === ids.Hannah);
    assert.equal(plan.scope, `person:${ids.Hannah}`, "Hannah's and the manager's");
    assert.equal(plan.data.goals.length, 2);
    assert.match(await manager.getByTestId('ack-status').textContent(), /Hannah Whitfield has not yet acknowledged receipt of version 1/);

    // 2. Hannah, on her phone: she sees it, acknowledges receipt (not agreement) and answers.
    assert.equal((await syncNow(manager)).error, null);
    assert.equal((await syncNow(hannah.page)).error, null);
    await open(hannah.page, '/me');
    await hannah.page.getByTestId('person-plan').getByRole('link', { name: 'Improvement plan' }).click();
    await hannah.page.getByTestId('plan-page').waitFor();
    assert.match(await hannah.page.getByTestId('plan-version').textContent(), new RegExp(`fingerprint ${fp1}`));
    assert.match(await hannah.page.getByTestId('ack-form').textContent(), /It does not say you agree with it/);
    assert.equal(await hannah.page.getByTestId('record-review').count(), 0, 'she cannot change it');
    await screenshot(hannah.page, 'improvement-ack-phone');
    assert.deepEqual(await auditPage(hannah.page), [], 'the plan on her phone');
    await hannah.page.getByLabel('Your response (optional)').fill('Received. Billing tickets were never part of my onboarding.');
    await hannah.page.getByTestId('acknowledge').click();
    await hannah.page.getByTestId('ack-status').filter({ hasText: 'acknowledged receipt of version 1' }).waitFor();
    assert.equal((await syncNow(hannah.page)).error, null);
    assert.equal((await syncNow(manager)).error, null);
    await open(manager, `/improvement/${plan.id}`);
    assert.match(await manager.getByTestId('ack-status').textContent(), /Hannah Whitfield acknowledged receipt of version 1 on .* on their own device\./);
    assert.match(await manager.getByTestId('plan-history').textContent(), /Their response: “Received\. Billing tickets were never part of my onboarding\.”/);

    // 3. A review: one dated before the plan starts is refused; then progress and support.
    await manager.getByTestId('record-review').click();
    const review = manager.getByTestId('review-form');
    await review.getByLabel('Held on').fill(isoInDays(-3));
    await review.getByLabel(/^Goal 1:/).selectOption('progressing');
    await review.getByLabel(/^Goal 2:/).selectOption('not_started');
    await review.getByLabel('Two pairing sessions a week with Tomás on billing tickets').check();
    await review.getByRole('button', { name: 'Save the review' }).click();
    assert.match(await errorOf(manager, 'review-review_on'), /A review is held on or after the plan starts/);
    assert.equal((await records(manager, 'plan_review')).filter((r) => r.data.plan === plan.id).length, 0);
    await review.getByLabel('Held on').fill(today);
    await review.getByLabel('Note on goal 1').fill('21 tickets this week.');
    await review.getByLabel('Next steps').fill('Keep the pairing; add the billing runbook.');
    await review.getByRole('button', { name: 'Save the review' }).click();
    await manager.getByTestId('plan-review').first().waitFor();
    assert.equal(await manager.getByTestId('ledger-words').textContent(), '1 of 1 support commitments delivered.');
    assert.match(await manager.getByTestId('plan-goals').textContent(), /Progressing/);

    // 4. An adjustment: a new version, which needs a new acknowledgement.
    await manager.getByTestId('adjust-plan').click();
    const adjust = manager.getByTestId('plan-form');
    await adjust.getByTestId('plan-goal').nth(0).getByLabel('Measure').fill('Tickets solved a week from 17 to 24');
    await adjust.getByRole('button', { name: 'Save as a new version' }).click();
    assert.match(await errorOf(manager, 'plan-change'), /Say what changed and why/);
    await adjust.getByLabel('What changed, and why').fill('Target set to 24 while she learns billing.');
    await adjust.getByRole('button', { name: 'Save as a new version' }).click();
    await manager.getByTestId('plan-version').filter({ hasText: 'Version 2' }).waitFor();
    const fp2 = (await manager.getByTestId('plan-version').textContent()).match(/fingerprint ([0-9a-f ]{19})/)[1];
    assert.notEqual(fp2, fp1);
    assert.match(await manager.getByTestId('ack-status').textContent(), /has not yet acknowledged receipt of version 2/);
    assert.match(await manager.getByTestId('plan-history').textContent(), /Issued version 2 \(fingerprint .*\): Target set to 24 while she learns billing\./);

    // 6. Print and Markdown carry the version's fingerprint and the acknowledgement record.
    await manager.emulateMedia({ media: 'print' });
    assert.ok(await manager.getByTestId('plan-version').isVisible());
    assert.match(await manager.getByTestId('plan-version').textContent(), new RegExp(fp2));
    assert.equal(await manager.getByTestId('record-review').isVisible(), false, 'no buttons on paper');
    await screenshot(manager, 'improvement-print');
    await manager.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([manager.waitForEvent('download'), manager.getByTestId('export-plan-md').click()]);
    const md = await fs.readFile(await download.path(), 'utf8');
    assert.ok(md.startsWith('# Improvement plan: Hannah Whitfield\n\nVersion 2 · fingerprint ' + fp2));
    assert.match(md, /Hannah Whitfield has not yet acknowledged receipt of version 2\./);
    assert.match(md, /Acknowledged receipt of version 1 .* on their own device\. Their response/);

    // 5. The outcome: refused without one; success asks how it is kept up, then offers recognition.
    await manager.getByTestId('close-plan').click();
    const close = manager.getByTestId('close-form');
    await close.getByTestId('save-outcome').click();
    assert.match(await errorOf(manager, 'close-outcome'), /Choose the outcome/);
    await close.getByLabel('Outcome').selectOption('successful');
    await close.getByLabel('Summary').fill('26 tickets in each of the last three weeks; billing escalations down to one.');
    await close.getByTestId('save-outcome').click();
    assert.match(await errorOf(manager, 'close-sustain'), /Say how the improvement will be kept up/);
    await close.getByLabel('How it will be kept up').fill('Ticket numbers stay in the weekly 1:1 until March.');
    await close.getByTestId('save-outcome').click();
    await manager.getByTestId('plan-outcome').getByTestId('recognise-prompt').getByRole('link', { name: 'Recognise Hannah' }).waitFor();
    await manager.reload();
    await manager.getByTestId('plan-outcome').waitFor();
    assert.match(await manager.getByTestId('plan-outcome').textContent(), /Outcome: Successful.*Keeping it up: Ticket numbers/s);
    assert.equal(await manager.getByTestId('record-review').count(), 0, 'a closed plan is read-only');
    assert.equal(await manager.getByTestId('ack-form').count(), 0);

    // 7. Kwame's device never receives any of it.
    assert.equal((await syncNow(manager)).error, null);
    assert.equal((await syncNow(kwame.page)).error, null);
    assert.equal((await syncNow(hannah.page)).error, null);
    const kwameHolds = JSON.stringify(await stored(kwame.page));
    assert.ok(!kwameHolds.includes(MARKER), 'not in his storage');
    assert.ok(!kwame.bodies.some((b) => b.includes(MARKER) || b.includes('plan_ack')), 'not in anything he received');
    const kinds = Object.keys(await stored(kwame.page)).filter((k) => /^trellis:r:(improvement_plan|plan_review|plan_ack):/.test(k));
    assert.deepEqual(kinds, [], "no plan of anyone's on his device");
    assert.ok(hannah.bodies.some((b) => b.includes(MARKER)), 'Hannah received hers');
    const hers = Object.entries(await stored(hannah.page)).filter(([k]) => k.startsWith('trellis:r:improvement_plan:')).map(([k, v]) => readStored(k, v));
    assert.deepEqual(hers.map((r) => r.data.person), [ids.Hannah], "her own plan only, not Daniel's");
    await open(hannah.page, `/improvement/${plan.id}`);
    await hannah.page.getByTestId('plan-outcome').waitFor();
  } finally {
    await manager.context().close();
    await hannah.page.context().close();
    await kwame.page.context().close();
  }
});

test("the demo's plan: on Home's due list and in Daniel's 1:1s, its support ledger and acknowledgement; screens at three sizes", async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const due = page.getByTestId('due-plans');
    await due.waitFor();
    assert.match(await due.textContent(), /Daniel Reyes.*Next review .* · receipt acknowledged/s);
    await openPerson(page, 'Daniel Reyes');
    await page.getByTestId('person-meetings').getByTestId('person-plan').getByRole('link', { name: 'Improvement plan' }).click();
    await page.getByTestId('plan-page').waitFor();
    assert.equal(await page.getByTestId('ledger-words').textContent(), '2 of 3 support commitments delivered; 1 overdue.');
    assert.match(await page.getByTestId('plan-ledger').textContent(), /reply-time alerts, by .*: not delivered, overdue/);
    assert.equal(await page.getByTestId('plan-review').count(), 2);
    assert.match(await page.getByTestId('next-review').textContent(), /^Next review: /);
    assert.match(await page.getByTestId('ack-status').textContent(), /Daniel Reyes acknowledged receipt of version 1 on .* on their own device\./);
    assert.match(await page.getByTestId('plan-history').textContent(), /Their response: “I accept that replies slipped/);
    await page.reload();
    await page.getByTestId('plan-review').nth(1).waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `plan ${name}`);
      await screenshot(page, `improvement-plan-${name}`);
    }
    await page.setViewportSize(tablet.viewport);
    await page.getByTestId('record-review').click();
    await page.getByTestId('review-form').waitFor();
    assert.deepEqual(await auditPage(page), [], 'review form');
    await page.getByTestId('close-plan').click();
    await page.getByTestId('close-form').getByLabel('Outcome').selectOption('extended');
    await page.getByTestId('close-form').getByLabel('Reason for extending').waitFor();
    assert.deepEqual(await auditPage(page), [], 'outcome form');
    await screenshot(page, 'improvement-outcome-tablet');

    const ids = await peopleIds(page);
    await open(page, `/people/${ids.Tomás}/improvement`);
    await page.getByTestId('aid-advice').waitFor();
    await open(page, `/improvement/new?person=${ids.Tomás}`);
    await page.getByTestId('plan-form').waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `new plan ${name}`);
      await screenshot(page, `improvement-form-${name}`);
    }
  } finally {
    await page.context().close();
  }
});
