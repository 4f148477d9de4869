// Sync through a CouchDB-compatible server (pouchdb-server, started here on 127.0.0.1), end to
// end in headless Chromium with two browser profiles: the database is created by the first
// device; a fresh tablet gets everything; edits go both ways; a round after one edit sends that
// one record, not the team; a private note never reaches the server; an edit made offline waits
// and goes; the same name changed on both devices is shown as a conflict to choose; a document
// changed on the server between a device's read and write (409) is merged and the write retried;
// a write whose answer is lost is found on the server and not sent twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, appSteps, syncSteps, startPouch } from './harness.mjs';

const env = useApp();
const { records } = appSteps(env);
const { syncNow, addPerson, rename, twoDevices, names, stayInStep } = syncSteps(env);
let pouch;
before(async () => {
  pouch = await startPouch();
});
after(async () => {
  await pouch?.stop();
});

/** Every record document the server holds in database `db` (not design or settings documents). */
async function serverDocs(db) {
  const all = await pouch.couch('GET', `/${db}/_all_docs?include_docs=true`);
  return all.rows.map((r) => r.doc).filter((d) => !d._id.startsWith('_') && !d._id.startsWith('trellis:'));
}

/** The same over every place of the team `db`: its own database, each person's, the manager's. */
async function placeDocs(db) {
  const dbs = (await pouch.couch('GET', '/_all_dbs')).filter((d) => d === db || d.startsWith(`${db}-`));
  return (await Promise.all(dbs.map(serverDocs))).flat();
}

/** The documents a page sends with _bulk_docs while `action` runs. */
async function bulkSent(page, action) {
  const sent = [];
  const seen = (req) => {
    if (req.url().endsWith('/_bulk_docs')) sent.push(...JSON.parse(req.postData()).docs);
  };
  page.on('request', seen);
  try {
    await action();
  } finally {
    page.off('request', seen);
  }
  return sent;
}

test('two devices stay in step through a CouchDB database; one edit sends one record', async () => {
  await twoDevices(async (laptop, pad) => {
    const url = `${pouch.url}/acme`;
    await stayInStep(laptop, pad, { url, couch: true, serverText: async () => JSON.stringify(await placeDocs('acme')) });
    // One document per record, tombstones included, each in its scope's database (the first
    // round created them).
    const docs = await placeDocs('acme');
    const keys = Object.keys(await laptop.evaluate(() => ({ ...localStorage }))).filter((k) => k.startsWith('trellis:r:'));
    assert.equal(docs.length, keys.length);

    // One edit: the next round sends that record alone; a round with nothing changed, nothing.
    await addPerson(laptop, 'Xavier Laptop');
    const sent = await bulkSent(laptop, () => syncNow(laptop));
    assert.deepEqual(sent.map((d) => d.record.data.name), ['Xavier Laptop']);
    assert.deepEqual(await bulkSent(laptop, () => syncNow(laptop)), []);
    await syncNow(pad);
    assert.deepEqual(await names(laptop), await names(pad));

    // A write the server applied but whose answer was lost: the round fails and says so; the
    // next one finds its own write on the server, sends nothing twice, and both devices agree.
    await addPerson(laptop, 'Wanda Lost-Answer');
    await laptop.route('**/_bulk_docs', async (route) => {
      await route.fetch(); // the server takes the write...
      await route.abort('connectionreset'); // ...and the answer never arrives
    });
    const lost = await syncNow(laptop);
    await laptop.unroute('**/_bulk_docs');
    assert.match(lost.error, /Could not reach the endpoint/);
    assert.match(lost.status, /1 change waiting/);
    assert.ok((await serverDocs('acme')).some((d) => d.record.data.name === 'Wanda Lost-Answer'));
    const again = await bulkSent(laptop, () => syncNow(laptop));
    assert.deepEqual(again, [], 'its own write, found on the server, is not sent again');
    await syncNow(pad);
    assert.deepEqual(await names(laptop), await names(pad));
    assert.equal((await names(pad)).filter((n) => n === 'Wanda Lost-Answer').length, 1);

    // Someone else writes a record on the server between the tablet's read and its write: the
    // write comes back as a conflict (409), the round reads again, merges and writes.
    await rename(pad, 'Daniel Reyes', 'Daniel Reyes (Tablet)');
    const daniel = (await records(pad, 'person')).find((r) => r.data.name === 'Daniel Reyes (Tablet)');
    let raced = false;
    await pad.route('**/_bulk_docs', async (route) => {
      if (!raced) {
        raced = true;
        const doc = await pouch.couch('GET', `/acme/${daniel.id}`);
        doc.record.data.role = 'Role set elsewhere';
        doc.record.rev += 1;
        await pouch.couch('PUT', `/acme/${daniel.id}`, doc);
      }
      await route.continue();
    });
    const retried = await syncNow(pad);
    await pad.unroute('**/_bulk_docs');
    assert.ok(raced);
    assert.equal(retried.error, null);
    const both = (await records(pad, 'person')).find((r) => r.id === daniel.id);
    assert.equal(both.data.name, 'Daniel Reyes (Tablet)');
    assert.equal(both.data.role, 'Role set elsewhere');
    const onServer = await pouch.couch('GET', `/acme/${daniel.id}`);
    assert.equal(onServer.record.data.name, 'Daniel Reyes (Tablet)');
    assert.equal(onServer.record.data.role, 'Role set elsewhere');
  });
});
