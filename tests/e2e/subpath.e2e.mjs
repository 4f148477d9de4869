// A build for a sub-path (`make dist PUBLIC_URL=/trellis/`) served under /trellis/: links,
// deep links and reloads stay under the sub-path. Run by `make test-subpath` (part of `make test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, waitReady } from './harness.mjs';

const env = useApp();

test('the app works under /trellis/: navigation, deep link, reload', async () => {
  assert.equal(process.env.TRELLIS_BASE, '/trellis/', 'run through make test-subpath');
  const page = await newPage(env.browser);
  try {
    await page.goto(`${env.app.url}/`);
    await waitReady(page);
    await page.getByRole('button', { name: /Try with a demo team/ }).click();
    await page.getByTestId('team-name').waitFor();
    await page.getByRole('link', { name: 'People', exact: true }).first().click();
    await page.getByRole('link', { name: 'Priya Natarajan' }).click();
    await page.getByTestId('person-view').waitFor();
    const url = new URL(page.url());
    assert.match(url.pathname, /^\/trellis\/people\/[0-9a-z]+$/);
    await page.reload();
    await waitReady(page);
    assert.equal(await page.locator('h1').textContent(), 'Priya Natarajan');
    const res = await page.goto(`${env.app.url}/settings`);
    assert.equal(res.status(), 200);
    await waitReady(page);
    assert.equal(await page.locator('h1').textContent(), 'Settings');
    assert.equal(await page.getByRole('link', { name: 'Home' }).getAttribute('href'), '/trellis/');
  } finally {
    await page.context().close();
  }
});

test('the sub-path build installs its worker under /trellis/ and starts offline', async () => {
  const page = await newPage(env.browser, { serviceWorkers: 'allow' });
  const context = page.context();
  try {
    await page.goto(`${env.app.url}/`);
    await waitReady(page);
    await page.getByRole('button', { name: /Try with a demo team/ }).click();
    await page.getByTestId('team-name').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30000 });
    const scope = await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.scope));
    assert.equal(new URL(scope).pathname, '/trellis/');
    await context.setOffline(true);
    await page.goto(`${env.app.url}/people`);
    await waitReady(page);
    await page.getByTestId('person-link').first().waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Goals' }).click();
    await page.getByTestId('goal-line').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/trellis/goals');
  } finally {
    await context.close();
  }
});
