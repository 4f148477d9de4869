// Installable and offline, end to end in headless Chromium with the service worker on: the
// manifest and its icons, a start with no network (every area, an edit that stays), sync picking
// up again once back online, and a new deploy offered as "A new version is ready" without
// interrupting a running check-in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useApp, newPage, waitReady, startApp, startEndpoint, syncSteps, appSteps, DIST, screenshot } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, openPerson } = appSteps(env);
const { setUp } = syncSteps(env);
const online = { serviceWorkers: 'allow', viewport: { width: 820, height: 1180 } };

/** Waits until the page is controlled by a service worker that has cached the build. */
async function installed(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', null, { timeout: 30000 });
}

/** Width and height of a PNG, from its header. */
function pngSize(buf) {
  assert.equal(buf.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

test('the manifest is valid and its icons exist at their sizes', async () => {
  const base = `${env.app.url}/`;
  const page = await newPage(env.browser, online);
  try {
    await page.goto(base);
    await waitReady(page);
    const href = await page.locator('link[rel=manifest]').evaluate((l) => l.href);
    assert.equal(href, `${base}manifest.webmanifest`);
    const res = await fetch(href);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /application\/manifest\+json/);
    const m = await res.json();
    for (const field of ['name', 'short_name', 'description', 'theme_color', 'background_color']) {
      assert.ok(typeof m[field] === 'string' && m[field].length > 0, `${field} is set`);
    }
    assert.equal(m.display, 'standalone');
    // start_url and scope resolve against the manifest's own URL: the app's base path.
    assert.equal(new URL(m.start_url, href).href, base);
    assert.equal(new URL(m.scope, href).href, base);
    const png = m.icons.filter((i) => i.type === 'image/png');
    assert.ok(m.icons.some((i) => i.type === 'image/svg+xml'), 'an SVG icon');
    assert.ok(png.some((i) => i.purpose === 'maskable'), 'a maskable icon');
    for (const want of ['192x192', '512x512']) assert.ok(png.some((i) => i.sizes === want), `a ${want} PNG`);
    for (const icon of m.icons) {
      const r = await fetch(new URL(icon.src, href));
      assert.equal(r.status, 200, icon.src);
      const buf = Buffer.from(await r.arrayBuffer());
      if (icon.type === 'image/png') assert.deepEqual(pngSize(buf).join('x'), icon.sizes, icon.src);
      else assert.match(buf.toString('utf8'), /^<svg/, icon.src);
    }
  } finally {
    await page.context().close();
  }
});

test('installed, it starts with no network: every area opens, an edit is kept; back online, sync resumes', async () => {
  const endpoint = await startEndpoint();
  const page = await newPage(env.browser, online);
  const context = page.context();
  try {
    await loadDemo(page);
    await installed(page);
    const { error } = await setUp(page, `${endpoint.url}/offline-team`);
    assert.equal(error, null);
    await page.getByLabel(/Sync automatically/).check();
    await page.getByRole('button', { name: 'Save and sync' }).click();
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('trellis-device:sync') || '{}').auto === true);

    await context.setOffline(true);
    await page.reload();
    await waitReady(page);
    assert.equal(await page.locator('h1').textContent(), 'Settings', 'the page came from the worker');
    // A deep link typed offline opens too (the shell answers every path under the base).
    await page.goto(`${env.app.url}/people`);
    await waitReady(page);
    await page.getByTestId('person-link').first().waitFor();
    // Every area's chunk comes from the cache.
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, ready] of [
      ['Goals', page.getByTestId('goal-line').first()],
      ['Feedback', page.locator('h1', { hasText: 'Feedback' })],
      ['Team', page.getByTestId('charter-current')],
      ['Settings', page.getByTestId('sync-status')],
      ['Home', page.getByTestId('team-name')],
    ]) {
      await nav.getByRole('link', { name: link }).click();
      await ready.waitFor();
      assert.equal(await page.getByRole('alert').filter({ hasText: 'could not be downloaded' }).count(), 0, `${link} opened offline`);
    }
    // An edit offline is saved, and still there after an offline reload.
    await openPerson(page, 'Kwame Asante');
    await page.getByTestId('edit-person').click();
    await page.getByLabel('Role').fill('Education Lead (offline edit)');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('person-view').getByText('Education Lead (offline edit)').waitFor();
    await page.reload();
    await waitReady(page);
    await page.getByText('Education Lead (offline edit)').waitFor();
    await screenshot(page, 'offline-person');

    // Back online: the change waiting reaches the server.
    await context.setOffline(false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await page.waitForFunction(
      async (url) => {
        const doc = await fetch(url).then((r) => (r.ok ? r.text() : ''), () => '');
        return doc.includes('Education Lead (offline edit)');
      },
      `${endpoint.url}/offline-team`,
      { timeout: 30000, polling: 500 },
    );
  } finally {
    await context.close();
    await endpoint.stop();
  }
});

test('a new deploy is offered, never forced: a running check-in carries on, Reload takes the new version', async () => {
  // A copy of the build to deploy over.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-deploy-'));
  await fs.cp(DIST, dir, { recursive: true });
  const app = await startApp({ dir });
  const page = await newPage(env.browser, online);
  try {
    await page.goto(`${app.url}/`);
    await waitReady(page);
    await page.getByRole('button', { name: /Try with a demo team/ }).click();
    await page.getByTestId('team-name').waitFor();
    await installed(page);
    await page.goto(`${app.url}/people`);
    await waitReady(page);
    await page.getByTestId('person-link').filter({ hasText: 'Maya Okafor' }).click();
    await page.getByTestId('start-check-in').click();
    await page.getByTestId('check-in-run').waitFor();
    await page.getByLabel('Notes', { exact: true }).fill('Mid-meeting when the deploy lands.');
    const runUrl = page.url();
    await page.evaluate(() => (window.__samePage = true));

    // Deploy: a new service worker (a build with another version).
    const sw = path.join(dir, 'sw.js');
    const text = await fs.readFile(sw, 'utf8');
    const version = text.match(/"version":"([0-9a-f]+)"/)[1];
    await fs.writeFile(sw, text.replace(`"version":"${version}"`, `"version":"${version.split('').reverse().join('')}"`));
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

    const banner = page.getByTestId('banner-update');
    await banner.waitFor({ timeout: 30000 });
    assert.match(await banner.textContent(), /A new version of Trellis is ready/);
    assert.equal(page.url(), runUrl, 'still in the check-in');
    assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload happened');
    assert.equal(await page.getByLabel('Notes', { exact: true }).inputValue(), 'Mid-meeting when the deploy lands.');
    await screenshot(page, 'update-banner-check-in');

    // Reload when it suits: the new worker takes over, the check-in is still running.
    await banner.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => window.__samePage === undefined);
    await waitReady(page);
    await page.getByTestId('check-in-run').waitFor();
    assert.equal(page.url(), runUrl);
    assert.equal(await page.getByTestId('banner-update').count(), 0);
    const controller = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: !!reg.waiting, active: reg.active?.state };
    });
    assert.deepEqual(controller, { waiting: false, active: 'activated' });
  } finally {
    await page.context().close();
    await app.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
