// Rolling it out, end to end in headless Chromium: a fresh team is offered the 90-day rollout on
// Home; started, its tasks tick themselves from what the app sees (after a reload too) and the
// others are ticked by hand with a note; the demo's quarterly system review is due, the review
// refuses an empty keep/stop/change and a far-off action, then saves with the weakest measure as
// an owned action, and the last review's action is marked done; the manager's leadership plan
// shows its evidence, takes a new self-assessment and a learning action, and keeps them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, waitReady, screenshot, auditPage, SIZES, appSteps, isoInDays } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

const task = (page, key) => page.locator(`[data-testid=rollout-task][data-task=${key}]`);

test('a fresh team starts the rollout from Home; tasks tick themselves, after a reload too, and by hand with a note', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await open(page, '/');
    await page.getByRole('button', { name: /Start fresh/ }).click();
    await page.getByLabel('Team name').fill('Field Service');
    await page.getByRole('button', { name: 'Save team' }).click();
    const offer = page.getByTestId('rollout-offer');
    await offer.waitFor();
    await offer.getByRole('link', { name: 'Plan the rollout' }).click();
    await page.getByTestId('rollout-page').waitFor();

    // A start day far in the past is refused at the field; nothing is stored.
    await page.getByLabel('First day').fill(isoInDays(-200));
    await page.getByTestId('start-rollout').click();
    assert.match(await page.locator('#rollout-start-error').textContent(), /Start within the last 90 days or the next 60/);
    assert.equal((await records(page, 'rollout')).length, 0);
    await page.getByLabel('First day').fill(isoInDays(0));
    await page.getByTestId('start-rollout').click();
    await task(page, 'team').waitFor();
    const [ro] = await records(page, 'rollout');
    assert.equal(ro.scope, 'manager', "the manager's own plan");
    assert.equal(await task(page, 'team').getAttribute('data-state'), 'done');
    assert.match(await task(page, 'team').textContent(), /Seen by Trellis: The team is named\./);
    assert.equal(await task(page, 'people').getAttribute('data-state'), 'open');
    assert.match(await task(page, 'people').textContent(), /Trellis will tick it when it sees it: No people on the team yet/);
    assert.match(await page.getByTestId('rollout-summary').textContent(), /^Day 1 of 90: 1 of 20 tasks done\.$/);

    // A task Trellis cannot see, ticked by hand with a note.
    await page.getByTestId('mark-review_current').click();
    await page.getByLabel('Note (optional): what was done, or where').fill('Asked each person what works today.');
    await page.getByTestId('tick-review_current').click();
    await page.locator('[data-task=review_current][data-state=done]').waitFor();
    assert.match(await task(page, 'review_current').textContent(), /Ticked on .*: Asked each person what works today\./);
    // The tick is a small record of its own; the rollout is not rewritten.
    const ticks = await records(page, 'rollout_tick');
    assert.deepEqual(ticks.map((t) => [t.data.task, t.data.note, t.scope]), [['review_current', 'Asked each person what works today.', 'manager']]);
    const [same] = await records(page, 'rollout');
    assert.equal(same.rev, ro.rev, 'the rollout itself is unchanged');
    assert.equal(same.data.ticks, undefined);
    // Taken back, and ticked again.
    await task(page, 'review_current').getByRole('button', { name: 'Take the tick back' }).click();
    await page.locator('[data-task=review_current][data-state=open]').waitFor();
    assert.equal((await records(page, 'rollout_tick')).length, 0, 'the tick is deleted');
    await page.getByTestId('mark-review_current').click();
    await page.getByLabel('Note (optional): what was done, or where').fill('Asked each person what works today.');
    await page.getByTestId('tick-review_current').click();
    await page.locator('[data-task=review_current][data-state=done]').waitFor();
    assert.equal((await records(page, 'rollout_tick')).length, 1);

    // Someone joins the team: after a reload, "Add everyone you manage" has ticked itself.
    await open(page, '/people/new');
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Role').fill('Technician');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('person-view').waitFor();
    await open(page, '/rollout');
    await page.reload();
    await waitReady(page);
    await task(page, 'people').waitFor();
    assert.equal(await task(page, 'people').getAttribute('data-state'), 'done');
    assert.match(await task(page, 'people').textContent(), /Seen by Trellis: 1 person on the team\./);
    assert.equal(await task(page, 'review_current').getAttribute('data-state'), 'done', 'the hand tick is kept');
    assert.equal(await task(page, 'standards').getAttribute('data-state'), 'open', 'no standards for the role yet');

    // Home shows the progress until day 90; the offer is gone.
    await open(page, '/');
    const home = page.getByTestId('rollout-progress');
    await home.waitFor();
    assert.match(await home.textContent(), /Day 1 of 90: 3 of 20 tasks done\..*Now: Foundation/s);
    assert.equal(await page.getByTestId('rollout-offer').count(), 0);

    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await open(page, '/rollout');
      await task(page, 'team').waitFor();
      await screenshot(page, `rollout-${name}`);
      assert.deepEqual(await auditPage(page), [], `rollout at ${name}`);
    }
  } finally {
    await page.context().close();
  }
});

test('the quarterly system review: due in the demo, refuses an empty review, saves the weakest measure as an owned action; the last action is marked done', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    // The demo's rollout on Home, on day 40.
    const home = page.getByTestId('rollout-progress');
    await home.waitFor();
    assert.match(await home.textContent(), /Day 40 of 90: \d+ of 20 tasks done/);
    const panel = page.getByTestId('system-reviews');
    await panel.waitFor();
    assert.match(await panel.getByTestId('system-review-due').textContent(), /The Q\d \d{4} system review is due: the last was on/);
    assert.match(await panel.getByTestId('system-review-action').textContent(), /Kwame Asante: Walk the team through the new charter version.*Due in 10 days/);

    await panel.getByTestId('start-system-review').click();
    await page.getByTestId('system-review-page').waitFor();
    assert.match(await page.getByTestId('sr-scores').textContent(), /Strategic alignment\s*84/);
    const weakest = await page.getByTestId('sr-weakest').textContent();
    assert.match(weakest, /^The weakest measure today: /);
    assert.match(await page.getByLabel('The action').inputValue(), /^Raise “.+” to its healthy line: it is at \d+ %/);
    // Nothing to keep, stop or change: refused at the field, nothing saved.
    await page.getByTestId('save-system-review').click();
    assert.match(await page.locator('#sysrev-keep').locator('xpath=..').locator('.field-error').textContent(), /Say at least one thing to keep, stop or change/);
    assert.equal((await records(page, 'system_review')).length, 1);
    await page.getByLabel('What to change').fill('Shorter monthly reviews: start from the self-report.');
    await page.getByLabel('Owner').selectOption({ label: 'Hannah Whitfield' });
    await page.getByLabel('Due').fill(isoInDays(200));
    await page.getByTestId('save-system-review').click();
    assert.match(await page.locator('#sysrev-due-error').textContent(), /within 120 days/);
    assert.equal((await records(page, 'system_review')).length, 1);
    await page.getByLabel('Due').fill(isoInDays(45));
    await screenshot(page, 'system-review-form');
    assert.deepEqual(await auditPage(page), []);
    await page.getByTestId('save-system-review').click();
    await page.getByTestId('insights').waitFor();

    await page.reload();
    await waitReady(page);
    const all = page.getByTestId('system-reviews');
    await all.waitFor();
    const stored = await records(page, 'system_review');
    assert.equal(stored.length, 2);
    const mine = stored.find((r) => r.data.change.startsWith('Shorter'));
    assert.equal(mine.scope, 'team', "the team's");
    assert.ok(mine.data.action.owner, 'owned by a person');
    assert.equal(mine.data.now.length, 3);
    assert.match(await all.getByTestId('system-review-due').textContent(), /This quarter's review is held/);
    assert.equal(await all.getByTestId('system-review').count(), 2, 'past reviews kept');
    assert.match(await all.textContent(), /Hannah Whitfield: Raise “/);

    // The last quarter's action, marked done with what came of it: a small record beside the
    // review, which is not rewritten.
    const kwameReview = stored.find((r) => !r.data.change.startsWith('Shorter'));
    const kwame = all.getByTestId('system-review-action').filter({ hasText: 'Kwame Asante' });
    await kwame.getByTestId('action-done-open').click();
    await kwame.getByLabel('What came of it (optional)').fill('All six acknowledged version 2.');
    await kwame.getByTestId('action-done').click();
    await all.getByTestId('system-review-action').filter({ hasText: 'Kwame Asante' }).waitFor({ state: 'detached' });
    await page.reload();
    await waitReady(page);
    await page.getByTestId('system-reviews').waitFor();
    assert.match(await page.getByTestId('system-reviews').textContent(), /Done on .*Outcome: All six acknowledged version 2\./s);
    const [outcome] = await records(page, 'action_outcome');
    assert.deepEqual([outcome.data.review, outcome.data.outcome, outcome.scope], [kwameReview.id, 'All six acknowledged version 2.', 'team']);
    const after = (await records(page, 'system_review')).find((r) => r.id === kwameReview.id);
    assert.equal(after.rev, kwameReview.rev, 'the review itself is unchanged');
  } finally {
    await page.context().close();
  }
});

test("the manager's leadership plan: evidence from the records beside the self-rating, a new self-assessment and a learning action kept after a reload", async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/leadership');
    await page.getByTestId('leadership-page').waitFor();
    const row = (k) => page.getByTestId(`skill-${k}`);
    assert.match(await row('goals').textContent(), /SMART-R letters the active goals pass: \d\.\d of 6 on average over \d+ active goals/);
    assert.match(await row('one_on_ones').textContent(), /5 of 5: Could teach it.*1:1s on time \(90 days\)/s);
    assert.match(await row('recognition').textContent(), /Recognition against corrective feedback \(90 days\): \d+ recognitions, \d+ corrective/);
    assert.match(await page.getByTestId('leadership-focus').textContent(), /^Where to start: /);

    // A new self-assessment: coaching down to 2.
    await page.getByLabel('Coaching', { exact: true }).selectOption('2');
    await page.getByTestId('save-assessment').click();
    await page.getByText('Earlier', { exact: true }).waitFor();
    // A learning action needs words; then it is kept.
    await page.getByLabel('Skill it builds').selectOption('coaching');
    await page.getByTestId('add-learning').click();
    assert.match(await page.locator('#lead-action-text-error').textContent(), /The learning action is required/);
    assert.equal((await records(page, 'learning_action')).length, 2, 'nothing added');
    assert.ok((await records(page, 'leader_assessment')).every((a) => a.scope === 'manager'));
    assert.equal(await page.getByTestId('learning-progress').textContent(), '1 of 2 done.');
    await page.getByLabel('What you will do').fill('Ask one coaching question before giving advice, in every 1:1.');
    await page.getByLabel('By').fill(isoInDays(30));
    await page.getByTestId('add-learning').click();
    await page.getByTestId('learning-action').filter({ hasText: 'Ask one coaching question' }).waitFor();

    await page.reload();
    await waitReady(page);
    await page.getByTestId('leadership-page').waitFor();
    assert.match(await row('coaching').textContent(), /2 of 5: Learning/);
    const action = page.getByTestId('learning-action').filter({ hasText: 'Ask one coaching question' });
    await action.getByTestId('toggle-learning').click();
    await page.locator('[data-testid=learning-action][data-done=true]').filter({ hasText: 'Ask one coaching question' }).waitFor();
    await page.getByTestId('learning-progress').filter({ hasText: '2 of 3 done.' }).waitFor();
    const assessed = (await records(page, 'leader_assessment')).sort((a, b) => a.data.on.localeCompare(b.data.on));
    assert.equal(assessed.length, 2, 'the earlier assessment is kept');
    assert.equal(assessed[1].data.levels[0], 2);
    const actions = await records(page, 'learning_action');
    assert.equal(actions.length, 3);
    assert.ok(actions.find((a) => a.data.text.startsWith('Ask one')).data.done);
    assert.equal((await records(page, 'leader_plan')).length, 0, 'no plan record: each part is its own');

    // A plan stored by the first version (one record holding every part) is lifted apart when
    // read: its action shows beside the others, as a record of its own with an id made from it.
    await page.evaluate((due) => localStorage.setItem('trellis:r:leader_plan:firstplan01', JSON.stringify({
      v: 3, id: 'firstplan01', rev: 1, seq: 1, created: '2026-11-01T09:00:00Z', updated: '2026-11-01T09:00:00Z',
      deleted: false, scope: 'manager', kind: 'leader_plan',
      data: { actions: [{ skill: 'feedback', text: 'Read the feedback chapter again, from the first version.', due }] },
    })), isoInDays(20));
    await page.reload();
    await waitReady(page);
    await page.getByTestId('learning-action').filter({ hasText: 'from the first version' }).waitFor();
    const lifted = (await records(page, 'learning_action')).find((a) => a.id === 'firstplan01-0');
    assert.equal(lifted?.scope, 'manager');
    assert.equal((await records(page, 'leader_plan')).length, 0, 'the old plan is deleted once lifted');
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      await screenshot(page, `leadership-${name}`);
      assert.deepEqual(await auditPage(page), [], `leadership at ${name}`);
    }
  } finally {
    await page.context().close();
  }
});
