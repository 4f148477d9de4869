// The authority matrix, end to end in headless Chromium: "who decides?" within and above the
// spending limits, bad limits and rules refused at the field, a cell changed and kept after a
// reload, and the grid at tablet and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records } = appSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };

test('who decides: within a limit, above every limit → the escalation target; bad input refused; a cell kept after reload', async () => {
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    await open(page, '/team');
    await page.getByRole('link', { name: 'Who decides' }).click();
    const lookup = page.getByTestId('lookup');
    await lookup.waitFor();
    const answer = page.getByTestId('answer');

    await page.locator('#ask-area').selectOption('Customer refunds and credits');
    await page.getByLabel('Amount (optional)').fill('800');
    await lookup.getByRole('button', { name: 'Ask' }).click();
    assert.equal(await answer.textContent(), 'Decides: Maya Okafor, Daniel Reyes (and informs the manager).');
    await page.getByLabel('Amount (optional)').fill('5,000');
    await lookup.getByRole('button', { name: 'Ask' }).click();
    assert.equal(
      await answer.textContent(),
      "Above everyone's spending limit in this area. Escalate to the manager within 4 hours. Rule: A refund or credit above your limit.",
    );
    // An area with its own no rule: the general one.
    await page.locator('#ask-area').selectOption('Renewal discounts');
    await page.getByLabel('Amount (optional)').fill('3000');
    await lookup.getByRole('button', { name: 'Ask' }).click();
    assert.match(await answer.textContent(), /Escalate to Maya Okafor within 2 hours\. Rule: A customer says they will leave\./);
    await page.getByLabel('Amount (optional)').fill('lots');
    await lookup.getByRole('button', { name: 'Ask' }).click();
    assert.match(await page.locator('#ask-amount-error').textContent(), /whole number/);

    // Bad input is refused at the field and changes nothing.
    const before = JSON.stringify((await records(page, 'authority'))[0].data);
    await page.locator('#limit-person').selectOption({ label: 'Priya Natarajan' });
    await page.getByLabel('Limit per decision').fill('-50');
    await page.getByRole('button', { name: 'Set limit' }).click();
    assert.match(await page.locator('#limit-limit-error').textContent(), /positive whole amount/);
    await page.getByLabel('What triggers it').fill('A data-protection request');
    await page.getByLabel('Within (hours)').fill('8');
    await page.getByRole('button', { name: 'Add rule' }).click();
    assert.match(await page.locator('#rule-to-error').textContent(), /needs a target/);
    await page.getByLabel('Name of the area').fill('  ');
    await page.getByRole('button', { name: 'Add area' }).click();
    assert.match(await page.locator('#area-area_name-error').textContent(), /required/);
    assert.equal(JSON.stringify((await records(page, 'authority'))[0].data), before);

    // Raise Priya's limit; give her the decision on refunds; both kept after a reload.
    await page.getByLabel('Limit per decision').fill('6000');
    await page.getByRole('button', { name: 'Set limit' }).click();
    await page.getByTestId('limits').getByText('up to 6000').waitFor();
    await page.getByLabel('Priya Natarajan, Customer refunds and credits').selectOption('decide');
    await page.reload();
    await lookup.waitFor();
    assert.equal(await page.getByLabel('Priya Natarajan, Customer refunds and credits').inputValue(), 'decide');
    await page.locator('#ask-area').selectOption('Customer refunds and credits');
    await page.getByLabel('Amount (optional)').fill('5000');
    await lookup.getByRole('button', { name: 'Ask' }).click();
    assert.equal(await answer.textContent(), 'Decides: Priya Natarajan.');

    // The printable grid: selects give way to their text.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByTestId('lookup').isVisible(), false);
    await screenshot(page, 'authority-print');
    await page.emulateMedia({ media: 'screen' });
  } finally {
    await page.context().close();
  }
});

test('authority screens at tablet and phone sizes: screenshots, labels, 44 px targets', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    await open(page, '/team/authority');
    await page.getByTestId('grid').locator('table').waitFor();
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `authority ${name}`);
      await screenshot(page, `authority-${name}`);
    }
  } finally {
    await page.context().close();
  }
});
