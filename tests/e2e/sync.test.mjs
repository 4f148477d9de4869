// Sync through the reference JSON endpoint (started here, on 127.0.0.1), end to end in headless
// Chromium with two browser profiles: a laptop with the demo team and a fresh tablet. Everything
// reaches the tablet; edits on either side reach the other; a private note never reaches the
// server; an edit made offline waits and goes; the same name changed on both shows as a conflict
// to choose; a wrong token, an HTML page, a server error, a truncated body and a huge one each
// say what happened and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, syncSteps, startEndpoint } from './harness.mjs';

const env = useApp();
const { loadDemo, records } = appSteps(env);
const { setUp, twoDevices, stayInStep } = syncSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };
let endpoint;
before(async () => {
  endpoint = await startEndpoint();
});
after(async () => {
  await endpoint?.stop();
});

const storedDoc = async (name) => fs.readFile(path.join(endpoint.dir, `${name}.json`), 'utf8');
/** Every place's document of the team `name` (its own, each person's, the manager's). */
const storedDocs = async (name) => {
  const files = (await fs.readdir(endpoint.dir)).filter((f) => f === `${name}.json` || f.startsWith(`${name}-`));
  return (await Promise.all(files.map((f) => fs.readFile(path.join(endpoint.dir, f), 'utf8')))).join('\n');
};

test('two devices stay in step through the JSON endpoint; private notes stay; offline edits wait; conflicts are shown', async () => {
  await twoDevices(async (laptop, pad) => {
    await stayInStep(laptop, pad, { url: `${endpoint.url}/acme`, serverText: () => storedDocs('acme') });
    for (const [name, width, height] of SIZES) {
      await pad.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(pad), [], `sync settings ${name}`);
      await screenshot(pad, `sync-settings-${name}`);
    }
  });
});

test('bad endpoint answers say what happened and change nothing', async () => {
  // A small faulty server: a web page, a refusal, a failure, a cut-off document.
  const faults = http.createServer((req, res) => {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'ETag', 'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match, If-None-Match', 'Access-Control-Allow-Methods': 'GET, PUT, OPTIONS' };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const name = req.url.slice(1);
    if (name === 'html') return res.writeHead(200, { ...cors, 'Content-Type': 'text/html', ETag: '"x"' }).end('<html><body>Welcome to nginx</body></html>');
    if (name === 'boom') return res.writeHead(500, cors).end('Internal Server Error');
    if (name === 'cut') return res.writeHead(200, { ...cors, 'Content-Type': 'application/json', ETag: '"y"' }).end('{"format":"trellis-export","schema":1,"records":[{"v":1,"id":"ab');
    if (name === 'huge') {
      // Announces 60 MB, then trickles: the client must not wait for it or read it.
      res.writeHead(200, { ...cors, 'Content-Type': 'application/json', 'Content-Length': String(60_000_000), ETag: '"z"' });
      res.write('{"format":"trellis-export","schema":1,"records":[');
      const drip = setInterval(() => res.write(' '), 200);
      res.on('close', () => clearInterval(drip));
      return undefined;
    }
    return res.writeHead(404, cors).end();
  });
  await new Promise((r) => faults.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${faults.address().port}`;
  const guarded = await startEndpoint({ token: 'right-token' });
  const page = await newPage(env.browser, tablet);
  try {
    await loadDemo(page);
    const before = JSON.stringify(await records(page, 'person'));
    const cases = [
      [`${base}/html`, '', /did not send a Trellis document/],
      [`${base}/boom`, '', /The endpoint failed \(HTTP 500\)/],
      [`${base}/cut`, '', /did not send a Trellis document/],
      [`${base}/huge`, '', /sent more than 50 MB/],
      [`${guarded.url}/acme`, 'wrong-token', /refused the token \(HTTP 401\)/],
    ];
    for (const [url, token, message] of cases) {
      const { error } = await setUp(page, url, token);
      assert.match(error ?? '', message, url);
      assert.equal(JSON.stringify(await records(page, 'person')), before, `nothing changed by ${url}`);
    }
    // A bad address is refused at the field and nothing is saved.
    await page.getByLabel('Team document URL').fill('sync.example.com/acme');
    await page.getByRole('button', { name: 'Save and sync' }).click();
    assert.match(await page.locator('#sync-url-error').textContent(), /starts with https:\/\//);
    // The right token works.
    const ok = await setUp(page, `${guarded.url}/acme`, 'right-token');
    assert.equal(ok.error, null);
    assert.match(ok.status, /Last synced/);
  } finally {
    await page.context().close();
    faults.close();
    await guarded.stop();
  }
});
