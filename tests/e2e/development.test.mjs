// Development, end to end in headless Chromium: a skill defined for a role (a level outside 1-4
// refused), two people assessed (an assessment without a level refused), the gap and the single
// point of failure, a plan action (a past due date refused) completed with evidence, which offers
// a new assessment; after a reload it shows on the person's page and in the monthly review. The
// demo's coverage, stale assessment and fairness view; exports; screen sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, isoInDays } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, openPerson } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

/** The demo's people by first name → record id. */
async function peopleIds(page) {
  return Object.fromEntries((await records(page, 'person')).map((r) => [r.data.name.split(' ')[0], r.id]));
}

test('development: define a skill, assess two people, see the gap and the single point of failure, plan and complete an action, reload', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const ids = await peopleIds(page);

    // 1. A skill for a role. A level outside 1-4 is refused at the field; nothing is saved.
    await open(page, '/development/skills');
    const before = (await records(page, 'skill')).length;
    await page.getByTestId('add-skill').click();
    const form = page.getByTestId('skill-form');
    await form.locator('#skill-name').fill('Queue triage');
    await form.getByLabel('Category').selectOption('process');
    await form.getByLabel('Support Engineer', { exact: true }).fill('5');
    await form.getByRole('button', { name: 'Save skill' }).click();
    assert.match(await page.locator('#skill-required-error').textContent(), /Support Engineer: A level is a whole number from 1 to 4, not “5”/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'skill-required');
    assert.equal((await records(page, 'skill')).length, before);
    await form.getByLabel('Support Engineer', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Save skill' }).click();
    assert.match(await page.locator('#skill-levels-error').textContent(), /Describe what level 1 \(Learning\) looks like/);
    const levels = ['Sorts the queue with the checklist.', 'Sorts most tickets right alone.', 'Sorts the hard ones and spots incidents early.', 'Designs the triage rules.'];
    for (const [i, text] of levels.entries()) await form.locator(`#skill-level-${i + 1}`).fill(text);
    await form.getByRole('button', { name: 'Save skill' }).click();
    await form.waitFor({ state: 'detached' });
    const card = page.getByTestId('skill').filter({ hasText: 'Queue triage' });
    assert.match(await card.getByTestId('skill-required').textContent(), /Support Engineer at 3/);
    const [skill] = (await records(page, 'skill')).filter((r) => r.data.name === 'Queue triage');
    assert.equal(skill.scope, 'team', "the framework is the team's");
    // A skill that is a behaviour of the standards is described there, once.
    assert.match(await page.getByTestId('skill').filter({ hasText: 'Collaboration' }).textContent(), /described there, not copied here.*Support Engineer, Meets: Hands over with full context/);

    // 2. Assess two people. Without a level nothing is saved.
    const assess = async (name, level, evidence) => {
      await openPerson(page, name);
      await page.getByTestId('open-development').click();
      await page.getByTestId('development').waitFor();
      const panel = page.getByTestId('assess');
      await panel.getByLabel('Skill', { exact: true }).selectOption({ label: 'Queue triage' });
      await panel.getByLabel('Evidence').fill(evidence);
      const count = (await records(page, 'assessment')).length;
      if (level === null) {
        await panel.getByRole('button', { name: 'Save assessment' }).click();
        assert.match(await page.locator('#assess-level-error').textContent(), /Choose a level from 1 to 4/);
        assert.equal((await records(page, 'assessment')).length, count);
        return;
      }
      await panel.getByLabel(new RegExp(`${level} · `)).check();
      await panel.getByRole('button', { name: 'Save assessment' }).click();
      await panel.getByTestId('assessment-history').getByText(evidence, { exact: false }).waitFor();
      assert.equal((await records(page, 'assessment')).length, count + 1);
    };
    await assess('Tomás Lindqvist', null, 'Spotted the SSO incident from three tickets.');
    await assess('Tomás Lindqvist', 4, 'Spotted the SSO incident from three tickets.');
    await assess('Hannah Whitfield', 2, 'Sorts most tickets right; misses incident patterns.');
    const hannahs = (await records(page, 'assessment')).filter((r) => r.data.person === ids.Hannah);
    assert.ok(hannahs.every((r) => r.scope === `person:${ids.Hannah}`), "assessments are the person's and the manager's");

    // 3. The gap, explained, and the single point of failure.
    const gap = page.getByTestId('gap').filter({ hasText: 'Queue triage' });
    assert.match(await gap.textContent(), /needs 3 · assessed 2.*1 level short \(needs 3, assessed 2 on/);
    // The demo's API gap ranks first: her satisfaction goal needs it.
    assert.match(await page.getByTestId('gap').first().textContent(), /API troubleshooting.*needed by “Raise ticket satisfaction from 7.4 to 8.2”/);
    await open(page, '/development');
    const findings = page.getByTestId('coverage-findings');
    await findings.getByText('only Tomás Lindqvist holds Queue triage').waitFor();
    assert.match(await findings.textContent(), /only Maya Okafor holds Renewal conversations/);
    assert.match(await findings.textContent(), /Nobody holds: Product analytics \(SQL\) is needed/);
    assert.match(await findings.getByTestId('stale').textContent(), /Daniel Reyes's Renewal conversations assessment is 8 months old/);
    const row = page.getByTestId('coverage-grid').locator('tr').filter({ hasText: 'Queue triage' });
    assert.match(await row.textContent(), /Queue triage.*2 \(needs 3\).*4/);
    assert.match(await page.getByTestId('fairness-message').textContent(), /No stretch work in the last 12 months for Daniel Reyes, Hannah Whitfield, Kwame Asante/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-coverage').click()]);
    const csv = await fs.readFile(await download.path(), 'utf8');
    assert.match(csv.split('\r\n')[0], /^Skill,Category,Daniel Reyes,Hannah Whitfield,/);
    assert.ok(csv.includes('Queue triage,Process,'), csv);

    // 4. Plan an action for the gap: a past due date is refused, then it is added and completed.
    await open(page, `/people/${ids.Hannah}/development`);
    await page.getByRole('button', { name: 'Plan an action for Queue triage' }).click();
    const add = page.getByTestId('add-action');
    assert.equal(await add.getByLabel('For the gap in').inputValue(), skill.id);
    await add.locator('#act-title').fill('Shadow Tomás on the Monday triage');
    await add.getByLabel('Kind').selectOption('on_the_job');
    await add.getByLabel('Level it should bring (1-4)').fill('3');
    const actionsBefore = (await records(page, 'dev_action')).length;
    await add.getByRole('button', { name: 'Add to the plan' }).click();
    assert.match(await page.locator('#act-due-error').textContent(), /Give a due date/);
    await add.locator('#act-due').fill(isoInDays(-2));
    await add.getByRole('button', { name: 'Add to the plan' }).click();
    assert.match(await page.locator('#act-due-error').textContent(), /has passed/);
    assert.equal((await records(page, 'dev_action')).length, actionsBefore);
    await add.locator('#act-due').fill(isoInDays(5));
    await add.getByRole('button', { name: 'Add to the plan' }).click();
    const action = page.getByTestId('plan-action').filter({ hasText: 'Shadow Tomás on the Monday triage' });
    await action.waitFor();
    assert.match(await page.getByTestId('plan-progress').textContent(), /1 of 4 actions done/);
    // Completing needs evidence; then a new assessment is offered with the expected level.
    await action.getByTestId('complete-action').click();
    await action.getByTestId('mark-done').click();
    assert.match(await action.locator('.field-error').textContent(), /evidence is needed/);
    assert.equal(await action.getByTestId('action-status').textContent(), 'Planned');
    await action.getByLabel('Evidence it is done').fill('Ran Monday triage alone twice; flagged one incident.');
    await action.getByTestId('mark-done').click();
    await action.getByTestId('action-status').filter({ hasText: 'Done' }).waitFor();
    const offered = page.getByTestId('assess');
    assert.equal(await offered.getByLabel('Skill', { exact: true }).inputValue(), skill.id);
    assert.ok(await offered.getByLabel(/3 · Skilled/).isChecked());
    assert.match(await offered.getByLabel('Evidence').inputValue(), /Ran Monday triage alone twice/);
    await offered.getByRole('button', { name: 'Save assessment' }).click();
    await page.getByTestId('gap').filter({ hasText: 'Queue triage' }).filter({ hasText: 'Meets it' }).waitFor();
    await screenshot(page, 'development-person-tablet');

    // 5. After a reload: on her page, and in the monthly review's development part.
    await page.reload();
    await page.getByTestId('plan-action').filter({ hasText: 'Shadow Tomás' }).getByTestId('action-status').filter({ hasText: 'Done' }).waitFor();
    await open(page, `/people/${ids.Hannah}`);
    const summary = page.getByTestId('dev-summary');
    await summary.getByTestId('dev-progress').filter({ hasText: '2 of 4 actions done' }).waitFor();
    assert.match(await summary.textContent(), /Top gaps.*API troubleshooting/);
    await page.getByTestId('start-review').click();
    await page.getByTestId('review').waitFor();
    const thisMonth = new Date().toLocaleString('en-GB', { month: 'long', year: 'numeric' });
    await page.getByLabel('Month reviewed').selectOption({ label: thisMonth });
    await page.getByTestId('section-2').click();
    const part = page.getByTestId('review-development');
    await part.getByText(/Done \d+ \w+: Shadow Tomás on the Monday triage \(Queue triage\): Ran Monday triage alone twice/).waitFor();
    await part.getByTestId('plan-to-notes').click();
    assert.match(await page.getByLabel('Skills and learning').inputValue(), /Plan: 2 of 4 actions done[\s\S]*Shadow Tomás/);

    // The plan exports as Markdown.
    await open(page, `/people/${ids.Hannah}/development`);
    const [md] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-plan').click()]);
    const text = await fs.readFile(await md.path(), 'utf8');
    assert.match(text, /^# Development plan: Hannah Whitfield/);
    assert.match(text, /- \[x\] Shadow Tomás on the Monday triage · Practice on the job · Queue triage/);
  } finally {
    await page.close();
  }
});

test('development: a stretch assignment that ends before it starts is refused; one is added, checked, closed with its outcome', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const ids = await peopleIds(page);
    await open(page, `/people/${ids.Hannah}/development`);
    const list = page.getByTestId('stretches');
    await list.getByTestId('add-stretch').click();
    const form = page.getByTestId('stretch-form');
    await form.locator('#stretch-title').fill('Run the billing FAQ project with finance');
    await form.getByLabel('Kind').selectOption('cross_functional');
    await form.getByLabel('Results expected').fill(`Cut billing tickets from 40 to 20 a month by ${isoInDays(60)}`);
    await form.getByTestId('stretch-smart').getByText(/Measurable/).waitFor();
    await form.getByLabel('Writing help articles').check();
    await form.getByLabel('Support or mentor').fill('Kwame reviews the articles');
    await form.getByLabel('Starts').fill(isoInDays(0));
    await form.getByLabel('Ends').fill(isoInDays(-10));
    const before = (await records(page, 'stretch')).length;
    await form.getByRole('button', { name: 'Save stretch assignment' }).click();
    assert.match(await page.locator('#stretch-end-error').textContent(), /ends before it starts/);
    assert.equal((await records(page, 'stretch')).length, before);
    await form.getByLabel('Ends').fill(isoInDays(60));
    await form.getByLabel('Check-point 1').fill(isoInDays(30));
    await form.getByRole('button', { name: 'Save stretch assignment' }).click();
    const row = list.getByTestId('stretch').filter({ hasText: 'Run the billing FAQ project' });
    await row.waitFor();
    assert.equal(await row.getByTestId('stretch-state').textContent(), 'Running');
    assert.match(await row.textContent(), /builds Writing help articles/);
    await row.getByRole('checkbox').check();
    await page.getByTestId('flash').filter({ hasText: 'Check-point updated' }).waitFor();
    await row.getByRole('button', { name: 'Close with the outcome…' }).click();
    await row.getByRole('button', { name: 'Close the assignment' }).click();
    assert.match(await row.locator('.field-error').first().textContent(), /Say what came of it/);
    await row.getByLabel('Outcome: what came of it').fill('Billing tickets down to 22 a month.');
    await row.getByLabel('Reflection: what they learned').fill('Finance reads FAQs differently from customers.');
    await row.getByRole('button', { name: 'Close the assignment' }).click();
    await row.getByTestId('stretch-state').filter({ hasText: 'Finished' }).waitFor();
    await page.reload();
    const again = page.getByTestId('stretch').filter({ hasText: 'Run the billing FAQ project' });
    assert.match(await again.textContent(), /Outcome: Billing tickets down to 22 a month\./);
    assert.ok(await again.getByRole('checkbox').isChecked(), 'the check-point stays done');
    await open(page, '/development');
    const fair = page.getByTestId('fairness').locator('tr').filter({ hasText: 'Hannah Whitfield' });
    assert.match(await fair.textContent(), /Hannah Whitfield0101/);
  } finally {
    await page.close();
  }
});

test('development pages at three sizes: no horizontal overflow, axe-clean, 44 px targets', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const ids = await peopleIds(page);
    const problems = [];
    for (const [size, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const [route, name, ready] of [
        [`/people/${ids.Hannah}/development`, 'development-person', 'gaps'],
        ['/development', 'development-team', 'coverage-grid'],
        ['/development/skills', 'development-skills', 'skill'],
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
