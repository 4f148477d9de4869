// The team charter, end to end in headless Chromium: edit it (an empty section is refused), a
// new version with a new fingerprint and everyone pending, two members acknowledge, a reload
// keeps it all; versions compared; a fresh team starts from the template; screen sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

test('charter: edit → new version → acknowledgements pending → two members acknowledge → reload → shown', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/team');
    const current = page.getByTestId('charter-current');
    await current.waitFor();
    assert.match(await current.locator('h2').textContent(), /Version 3/);
    const oldPrint = (await page.getByTestId('fingerprint').locator('code').textContent()).trim();
    assert.match(oldPrint, /^[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}$/);
    const acks = page.getByTestId('acknowledgements');
    assert.match(await acks.locator('h2').textContent(), /Acknowledged by 3 of 6/);

    // Edit: an emptied section is refused at its field and nothing is saved.
    const versionsBefore = (await records(page, 'charter_version')).length;
    await page.getByRole('button', { name: 'Edit charter' }).click();
    const form = page.getByTestId('charter-form');
    await form.waitFor();
    assert.match(await form.locator('h2').textContent(), /New version 4/);
    const contributions = page.getByLabel('What each of us contributes');
    await contributions.fill('   ');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    assert.match(await page.locator('#charter-section_1-error').textContent(), /is empty/);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'charter-section_1');
    assert.equal((await records(page, 'charter_version')).length, versionsBefore);
    // Saving the same words again is refused too: it would only ask for acknowledgements again.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Edit charter' }).click();
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    assert.match(await page.locator('#charter-section_0-error').textContent(), /Nothing changed since version 3/);

    // A real change: version 4, a new fingerprint, everyone pending.
    await contributions.fill('Everyone owns at least one goal that feeds a team goal.\nWe say early when we will miss a commitment.');
    await page.getByLabel('What changed (optional)').fill('Shorter contributions');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await form.waitFor({ state: 'detached' });
    await current.locator('h2').filter({ hasText: 'Version 4' }).waitFor();
    const newPrint = (await page.getByTestId('fingerprint').locator('code').textContent()).trim();
    assert.notEqual(newPrint, oldPrint);
    assert.match(await acks.locator('h2').textContent(), /Acknowledged by 0 of 6/);
    assert.equal(await acks.getByTestId('ack-row').filter({ hasText: 'pending' }).count(), 6);

    // Two members acknowledge.
    await acks.getByRole('button', { name: 'Acknowledge as Maya Okafor' }).click();
    await acks.getByRole('button', { name: 'Acknowledge as Kwame Asante' }).click();
    await acks.locator('h2').filter({ hasText: 'Acknowledged by 2 of 6' }).waitFor();
    const stored = (await records(page, 'charter_ack')).filter((a) => a.data.version === 4);
    assert.equal(stored.length, 2);
    assert.ok(stored.every((a) => a.data.fingerprint === newPrint));

    await page.reload();
    await current.locator('h2').filter({ hasText: 'Version 4' }).waitFor();
    assert.match(await acks.locator('h2').textContent(), /Acknowledged by 2 of 6/);
    const row = (name) => acks.getByTestId('ack-row').filter({ hasText: name });
    assert.match(await row('Maya Okafor').textContent(), /acknowledged/);
    assert.match(await row('Kwame Asante').textContent(), /acknowledged/);
    assert.match(await row('Daniel Reyes').textContent(), /pending/);
    assert.equal((await page.getByTestId('fingerprint').locator('code').textContent()).trim(), newPrint);

    // Compare 3 → 4: the changed lines, marked.
    const compare = page.getByTestId('compare');
    await page.locator('#compare-a').selectOption('3');
    await page.locator('#compare-b').selectOption('4');
    await compare.locator('li.added').filter({ hasText: 'We say early when we will miss a commitment.' }).waitFor();
    assert.ok((await compare.locator('li.removed').count()) >= 1);

    // The printout carries the fingerprint.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.getByTestId('fingerprint').isVisible());
    assert.equal(await page.getByRole('button', { name: 'Edit charter' }).isVisible(), false);
    await screenshot(page, 'charter-print');
    await page.emulateMedia({ media: 'screen' });
  } finally {
    await page.context().close();
  }
});

test('a new team writes its first charter from the template', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await open(page, '/');
    await page.getByRole('button', { name: /Start fresh/ }).click();
    await page.getByLabel('Team name').fill('Platform');
    await page.getByRole('button', { name: 'Save team' }).click();
    await page.getByTestId('team-name').waitFor();
    await open(page, '/team');
    await page.getByText('No charter yet.').waitFor();
    await page.getByRole('button', { name: 'Write the charter' }).click();
    assert.match(await page.getByTestId('charter-form').locator('h2').textContent(), /First version/);
    assert.match(await page.getByLabel('Shared goals and objectives').inputValue(), /This year we will reach/);
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByTestId('charter-current').locator('h2').filter({ hasText: 'Version 1' }).waitFor();
    assert.match(await page.getByTestId('acknowledgements').locator('h2').textContent(), /Acknowledged by 0 of 0/);
  } finally {
    await page.context().close();
  }
});

test('charter screens at tablet and phone sizes: screenshots, labels, 44 px targets', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    await open(page, '/team');
    await page.getByTestId('charter-current').waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `charter ${name}`);
      await screenshot(page, `charter-${name}`);
    }
    await page.getByRole('button', { name: 'Edit charter' }).click();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `charter form ${name}`);
    }
  } finally {
    await page.context().close();
  }
});

test('standards: a role\'s standards shown, a rating without a level refused, then saved into the history after a reload', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/team');
    await page.getByRole('link', { name: 'Standards' }).click();
    await page.getByTestId('standards').waitFor();
    assert.equal(await page.getByTestId('role-standards').count(), 2);
    assert.match(await page.getByTestId('role-standards').filter({ hasText: 'Support Engineer' }).textContent(), /Fewer than 3 % of solved tickets reopened/);

    // Hannah is a support engineer: her role's standards apply; her history is there.
    const rate = page.getByTestId('rate');
    await page.locator('#rate-person').selectOption({ label: 'Hannah Whitfield' });
    await rate.getByText('Rated against the standards for Support Engineer.').waitFor();
    const history = page.getByTestId('rating-history');
    const before = await history.locator('li').count();
    assert.equal(before, 6, "three ratings and three self-assessments");

    // No level: refused at the field, nothing saved.
    const stored = (await records(page, 'rating')).length;
    await page.locator('#rate-item').selectOption('Learning');
    await page.getByRole('button', { name: 'Save rating' }).click();
    assert.match(await page.locator('#rate-level-error').textContent(), /Choose a level/);
    assert.equal((await records(page, 'rating')).length, stored);

    await rate.getByLabel('Exceeds').check();
    await page.getByLabel('Note (optional)').fill('Taught the team the new macro tool');
    await page.getByRole('button', { name: 'Save rating' }).click();
    await history.locator('li').nth(before).waitFor();
    await page.reload();
    await page.getByTestId('standards').waitFor();
    await page.locator('#rate-person').selectOption({ label: 'Hannah Whitfield' });
    await history.getByText(/Learning: Exceeds · Taught the team the new macro tool/).waitFor();
    assert.equal(await history.locator('li').count(), before + 1);
    assert.match(await page.getByTestId('latest-ratings').locator('li').filter({ hasText: 'Learning' }).textContent(), /Exceeds/);

    // Standards for a new role need every part.
    await page.getByRole('button', { name: 'Add standards for a role' }).click();
    await page.getByLabel('Role').fill('Customer Education Lead');
    await page.getByRole('button', { name: 'Save standards' }).click();
    assert.match(await page.locator('#std-quality-error').textContent(), /required/);
    assert.equal(await page.getByTestId('role-standards').count(), 2);
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `standards ${name}`);
      await screenshot(page, `standards-${name}`);
    }
  } finally {
    await page.context().close();
  }
});
