// Sync through the reference JSON endpoint over a misbehaving network, end to end in headless
// Chromium with two browser profiles: a laptop with the demo team and a tablet. A small fault
// proxy in front of the endpoint drops requests, fails them, holds answers, cuts answers off,
// and loses the answer to a write the endpoint did apply. Each failed round says what happened
// and keeps the edit here; a held answer that lets the other device write first ends in a 412
// and a retry. Once the network behaves, every edit made on either device (acknowledged or not)
// is on both, both hold the same people, and so does the server's document. A request that is
// never answered ends its round at the client's timeout, changing nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useApp, newPage, appSteps, syncSteps, startEndpoint, startFaultProxy } from './harness.mjs';

const env = useApp();
const { loadDemo, records } = appSteps(env);
const { setUp, syncNow, addPerson, rename } = syncSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };
let endpoint;
let proxy;
before(async () => {
  endpoint = await startEndpoint();
  proxy = await startFaultProxy(endpoint.url);
});
after(async () => {
  await proxy?.close();
  await endpoint?.stop();
});

const OFFLINE = /Could not reach the endpoint: offline, or the address is wrong/;
const FAILED = /The endpoint failed \(HTTP 503\)/;
const CUT = /The endpoint's answer was cut off\. Nothing was changed here/;

/** People as compared between devices and the server: id, name and role, by id. */
const people = (list) =>
  list.map((r) => ({ id: r.id, name: r.data.name, role: r.data.role })).sort((a, b) => a.id.localeCompare(b.id));
/** The not deleted people in the server's stored document `name`. */
async function storedPeople(name) {
  const doc = JSON.parse(await fs.readFile(path.join(endpoint.dir, `${name}.json`), 'utf8'));
  return doc.records.filter((r) => r.kind === 'person' && !r.deleted);
}
const names = (list) => list.map((r) => r.data.name);

/** Runs `step` with the proxy set to `mode`; returns what it returned, once the fault has acted. */
async function withFault(mode, opts, step) {
  const from = proxy.log.length;
  proxy.set(mode, opts);
  let result;
  try {
    result = await step();
  } finally {
    proxy.set('pass');
  }
  assert.ok(proxy.log.slice(from).some((e) => e.mode === mode), `the ${mode} fault hit a request`);
  return result;
}

test('every edit survives dropped, failed, held and cut-off answers and lost acknowledgements', async (t) => {
  const laptop = await newPage(env.browser, tablet);
  const pad = await newPage(env.browser, tablet);
  const label = (page) => (page === laptop ? 'laptop' : 'tablet');
  const url = `${proxy.url}/acme`;
  /** Every edit made: { on, name, was (a rename's old name), acked (a clean round ended after it) }. */
  const edits = [];
  const add = async (page, name) => {
    await addPerson(page, name);
    edits.push({ on: page, name, acked: false });
  };
  const renamed = async (page, was, name) => {
    await rename(page, was, name);
    edits.push({ on: page, name, was, acked: false });
  };
  /** Asserts `page` holds every edit in `list`. */
  const holds = async (page, list, why) => {
    const have = names(await records(page, 'person'));
    for (const e of list) {
      assert.ok(have.includes(e.name), `${why}: ${e.name} on the ${label(page)}`);
      if (e.was) assert.ok(!have.includes(e.was), `${why}: ${e.was} renamed on the ${label(page)}`);
    }
  };
  /** A round on `page`; one without an error acknowledges every edit made there so far. */
  const round = async (page) => {
    const r = await syncNow(page);
    if (r.error === null) for (const e of edits.filter((e) => e.on === page)) e.acked = true;
    return r;
  };
  /** A round through `mode` (once, by default): it says `message`, and this device's edits stay and wait. */
  const faulty = async (page, mode, opts, message) => {
    const r = await withFault(mode, { count: 1, ...opts }, () => round(page));
    const what = `${mode} ${opts.method ?? ''} on the ${label(page)}`;
    assert.match(r.error ?? '(no error)', message, what);
    assert.doesNotMatch(r.status, /nothing waiting/, what);
    await holds(page, edits.filter((e) => e.on === page), `kept after ${what}`);
    return r;
  };
  try {
    await loadDemo(laptop);
    assert.equal((await setUp(laptop, url)).error, null);
    assert.equal((await setUp(pad, url)).error, null);
    assert.equal((await records(pad, 'person')).length, 6);

    // The request never arrives, or its answer does not: a dropped GET, a failed PUT.
    await add(laptop, 'Ada Drop');
    await faulty(laptop, 'drop', {}, OFFLINE);
    await renamed(pad, 'Maya Okafor', 'Maya Okafor-Lee');
    await faulty(pad, 'fail', { method: 'PUT' }, FAILED);
    assert.equal((await round(laptop)).error, null);

    // A cut-off document changes nothing here: the laptop's new person is not taken.
    await add(pad, 'Bea Truncate');
    await faulty(pad, 'truncate', { method: 'GET' }, CUT);
    assert.ok(!names(await records(pad, 'person')).includes('Ada Drop'), 'nothing taken from a cut-off answer');

    // The endpoint applies the write but the answer is lost: the laptop cannot know it went.
    await renamed(laptop, 'Daniel Reyes', 'Daniel Reyes-Ortiz');
    await faulty(laptop, 'lose-ack', { method: 'PUT' }, OFFLINE);
    assert.ok(names(await storedPeople('acme')).includes('Daniel Reyes-Ortiz'), 'the lost write was applied');

    // The laptop's GET answer is held while the tablet syncs: the laptop's write is based on an
    // old version, the endpoint refuses it (412) and the round starts again, taking the tablet's.
    await add(laptop, 'Cy Delay');
    const from = proxy.log.length;
    const slow = await withFault('delay', { method: 'GET', count: 1, ms: 15000 }, async () => {
      const held = proxy.faulted();
      const laptopRound = round(laptop);
      await held;
      assert.equal((await round(pad)).error, null);
      proxy.release();
      return laptopRound;
    });
    assert.equal(slow.error, null);
    assert.ok(proxy.log.slice(from).some((e) => e.method === 'PUT' && e.status === 412), 'the held round met a 412 and retried');
    await holds(laptop, edits.filter((e) => e.on === pad), 'the retry took the tablet’s edits');

    // More of each, now with changes on both sides waiting when the network comes back.
    await renamed(pad, 'Priya Natarajan', 'Priya Natarajan-Shah');
    await faulty(pad, 'truncate', { method: 'PUT' }, CUT);
    assert.ok(names(await storedPeople('acme')).includes('Priya Natarajan-Shah'), 'the write with the cut-off answer was applied');
    await renamed(laptop, 'Tomás Lindqvist', 'Tomás Lindqvist-Berg');
    await faulty(laptop, 'drop', { method: 'PUT' }, OFFLINE);
    await add(pad, 'Eve Fail');
    await faulty(pad, 'fail', { method: 'GET' }, FAILED);
    await add(laptop, 'Gus Ack');
    await faulty(laptop, 'lose-ack', { method: 'PUT' }, OFFLINE);
    await renamed(pad, 'Hannah Whitfield', 'Hannah Whitfield-Kim');
    await faulty(pad, 'lose-ack', { method: 'PUT' }, OFFLINE);
    await add(pad, 'Fay After');

    const list = (acked) => edits.filter((e) => e.acked === acked).map((e) => `${e.name} (${label(e.on)})`);
    t.diagnostic(`acknowledged: ${list(true).join(', ')}`);
    t.diagnostic(`not acknowledged: ${list(false).join(', ')}`);
    assert.ok(list(false).length > 0 && list(true).length > 0);

    // The network behaves: rounds on each side in turn until neither has anything waiting.
    // (At least laptop, tablet, laptop: the last round takes what the tablet sent.)
    let settled = false;
    for (let i = 0, before = false; i < 8 && !settled; i++) {
      const r = await round(i % 2 ? pad : laptop);
      const clean = r.error === null && /nothing waiting/.test(r.status);
      settled = i >= 2 && clean && before;
      before = clean;
    }
    assert.ok(settled, 'both devices settled within 4 rounds each');

    // Nothing lost, nothing doubled, the same everywhere.
    await holds(laptop, edits, 'nothing lost');
    await holds(pad, edits, 'nothing lost');
    const onLaptop = people(await records(laptop, 'person'));
    assert.deepEqual(people(await records(pad, 'person')), onLaptop);
    assert.equal(onLaptop.length, 6 + edits.filter((e) => !e.was).length, 'no one doubled or lost');
    assert.deepEqual(people(await storedPeople('acme')), onLaptop);
  } finally {
    await laptop.context().close();
    await pad.context().close();
  }
});

test('a request never answered ends the round at the timeout and changes nothing', async () => {
  const page = await newPage(env.browser, tablet);
  page.setDefaultTimeout(45000); // the round ends at the client's 20 s timeout
  try {
    await loadDemo(page);
    assert.equal((await setUp(page, `${proxy.url}/timeout`)).error, null);
    await addPerson(page, 'Hal Hang');
    const before = people(await records(page, 'person'));
    const hung = await withFault('hang', { count: 1 }, () => syncNow(page));
    assert.match(hung.error ?? '(no error)', /The endpoint did not answer within 20 seconds\. Nothing was changed here/);
    assert.match(hung.status, /1 change waiting/);
    assert.deepEqual(people(await records(page, 'person')), before);
    assert.ok(!names(await storedPeople('timeout')).includes('Hal Hang'));

    const ok = await syncNow(page);
    assert.equal(ok.error, null);
    assert.match(ok.status, /nothing waiting/);
    assert.deepEqual(people(await storedPeople('timeout')), before);
  } finally {
    await page.context().close();
  }
});
