// Smoke test: the app shell loads, becomes ready, and deep links are served.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, launchBrowser, newPage, waitReady, screenshot } from './harness.mjs';

let app;
let browser;

before(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.close();
});

test('home page loads and becomes ready', async () => {
  const page = await newPage(browser);
  try {
    const res = await page.goto(`${app.url}/`);
    assert.equal(res.status(), 200);
    await waitReady(page);
    assert.match(await page.title(), /Trellis/);
    await screenshot(page, 'smoke-home');
  } finally {
    await page.context().close();
  }
});

test('deep link /people is served and becomes ready', async () => {
  const page = await newPage(browser);
  try {
    const res = await page.goto(`${app.url}/people`);
    assert.equal(res.status(), 200);
    await waitReady(page);
    assert.match(await page.title(), /Trellis/);
    await screenshot(page, 'smoke-people-deep-link');
  } finally {
    await page.context().close();
  }
});
