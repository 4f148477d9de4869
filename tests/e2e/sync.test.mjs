// Sync through the reference JSON endpoint (started here, on 127.0.0.1), end to end in headless
// Chromium with two browser profiles: a laptop with the demo team and a fresh tablet. Everything
// reaches the tablet; edits on either side reach the other; a private note never reaches the
// server; an edit made offline waits and goes; the same name changed on both shows as a conflict
// to choose; a wrong token, an HTML page, a server error and a truncated body each say what
// happened and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, syncSteps, startEndpoint } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, openPerson } = appSteps(env);
const { rounds, setUp, settled, syncNow, addPerson, rename } = syncSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };
let endpoint;
before(async () => {
  endpoint = await startEndpoint();
});
after(async () => {
  await endpoint?.stop();
});

const storedDoc = async (name) => fs.readFile(path.join(endpoint.dir, `${name}.json`), 'utf8');

test('two devices stay in step through the JSON endpoint; private notes stay; offline edits wait; conflicts are shown', async () => {
  const laptop = await newPage(env.browser, tablet);
  const pad = await newPage(env.browser, tablet);
  const url = `${endpoint.url}/acme`;
  try {
    await loadDemo(laptop);
    // A private note in a check-in: never to leave the laptop.
    await openPerson(laptop, 'Hannah Whitfield');
    await laptop.getByTestId('start-check-in').click();
    await laptop.getByTestId('check-in-run').waitFor();
    await laptop.getByLabel(/Only for you/).fill('PRIVATE-MARKER-41 worried about workload');
    await laptop.getByTestId('finish').click();
    await laptop.getByTestId('check-in-record').waitFor();

    const first = await setUp(laptop, url);
    assert.equal(first.error, null);
    assert.match(first.status, /Last synced today/);
    assert.match(first.status, /nothing waiting/);
    const doc = await storedDoc('acme');
    assert.ok(doc.includes('Hannah Whitfield'));
    assert.ok(!doc.includes('PRIVATE-MARKER-41'), 'the private note stayed on the laptop');
    assert.ok((await records(laptop, 'check_in')).some((r) => (r.data.private_note || '').includes('PRIVATE-MARKER-41')));

    // The fresh tablet gets the whole team.
    await setUp(pad, url);
    await open(pad, '/');
    assert.equal(await pad.getByTestId('team-name').textContent(), 'Customer Success');
    assert.equal((await records(pad, 'person')).length, 6);
    assert.ok(!JSON.stringify(await records(pad, 'check_in')).includes('PRIVATE-MARKER-41'));

    // Edits on each side reach the other.
    await addPerson(laptop, 'Zoe Laptop');
    await syncNow(laptop);
    await addPerson(pad, 'Yusuf Tablet');
    await syncNow(pad);
    await syncNow(laptop);
    const names = async (p) => (await records(p, 'person')).map((r) => r.data.name).sort();
    assert.deepEqual(await names(laptop), await names(pad));
    assert.ok((await names(laptop)).includes('Yusuf Tablet') && (await names(pad)).includes('Zoe Laptop'));

    // Offline (moving inside the app, no page loads): the edit waits, the status says why;
    // back online it goes.
    await pad.context().setOffline(true);
    const offlineRename = async () => {
      await pad.getByRole('link', { name: 'People' }).first().click();
      await pad.getByTestId('person-link').filter({ hasText: 'Zoe Laptop' }).click();
      await pad.getByTestId('edit-person').click();
      await pad.getByLabel('Role').fill('Offline role');
      await pad.getByRole('button', { name: 'Save' }).click();
      await pad.getByTestId('person-view').waitFor();
      await pad.getByRole('link', { name: 'Settings' }).first().click();
      const before = await rounds(pad);
      await pad.getByTestId('sync-now').click();
      return before;
    };
    const offline = await settled(pad, await offlineRename());
    assert.match(offline.error, /Could not reach the endpoint/);
    assert.match(offline.status, /1 change waiting/);
    await pad.context().setOffline(false);
    const back = await syncNow(pad);
    assert.equal(back.error, null);
    await syncNow(laptop);
    assert.ok((await records(laptop, 'person')).some((r) => r.data.role === 'Offline role'));

    // The same name changed on both: the second device shows both and chooses.
    await rename(laptop, 'Kwame Asante', 'Kwame A. Asante');
    await rename(pad, 'Kwame Asante', 'Kwame Asante (Education)');
    await syncNow(laptop);
    await syncNow(pad);
    const conflicts = pad.getByTestId('sync-conflicts');
    await conflicts.waitFor();
    assert.match(await conflicts.textContent(), /This device: Kwame Asante \(Education\)/);
    assert.match(await conflicts.textContent(), /Other device: Kwame A\. Asante/);
    await screenshot(pad, 'sync-conflict-tablet-portrait');
    await pad.reload();
    await conflicts.waitFor(); // kept across a reload
    await conflicts.getByRole('button', { name: "Use the other device's" }).click();
    await conflicts.waitFor({ state: 'detached' });
    await syncNow(pad);
    await syncNow(laptop);
    assert.deepEqual(await names(laptop), await names(pad));
    assert.ok((await names(pad)).includes('Kwame A. Asante'));
    for (const [name, width, height] of SIZES) {
      await pad.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(pad), [], `sync settings ${name}`);
      await screenshot(pad, `sync-settings-${name}`);
    }
  } finally {
    await laptop.context().close();
    await pad.context().close();
  }
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
