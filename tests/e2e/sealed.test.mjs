// End-to-end encrypted sync, in both modes, in headless Chromium: with a team passphrase the
// server's data holds no plaintext (a known marker is searched for in what it stores); what
// the browser sealed opens with Node's own crypto (PBKDF2-SHA256, 600,000 iterations, then
// AES-256-GCM with the record id as additional data), and a record Node sealed with a fixed IV
// opens in the browser, so the format is the documented one and not just self-consistent; a
// device without the passphrase, or with a wrong one, is told so and changes nothing; a
// ciphertext changed on the server is rejected and reported, and everything else still syncs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { useApp, newPage, appSteps, syncSteps, startPouch, startEndpoint, screenshot, auditPage, SIZES } from './harness.mjs';

const env = useApp();
const { loadDemo, records } = appSteps(env);
const { setUp, syncNow, addPerson, twoDevices } = syncSteps(env);
const tablet = { viewport: { width: 820, height: 1180 } };
const PASSPHRASE = 'correct horse battery staple';
const MARKER = 'SEALED-MARKER-93';
let pouch;
let endpoint;
before(async () => {
  [pouch, endpoint] = await Promise.all([startPouch(), startEndpoint()]);
});
after(async () => {
  await pouch?.stop();
  await endpoint?.stop();
});

/**
 * The team key, by Node from the server's description: the passphrase's key (PBKDF2), which
 * unwraps the team key of the current generation (a random key, sealed for its generation).
 */
function teamKey(sealedWith) {
  assert.equal(sealedWith.kdf, 'PBKDF2-SHA256');
  assert.equal(sealedWith.cipher, 'AES-256-GCM');
  assert.ok(sealedWith.iterations >= 600000);
  const kek = crypto.pbkdf2Sync(PASSPHRASE, Buffer.from(sealedWith.salt, 'base64'), sealedWith.iterations, 32, 'sha256');
  const { gen, team } = sealedWith.keys;
  const wrap = team.find((w) => w.gen === gen && w.to === 'passphrase');
  const raw = Buffer.from(open(kek, `trellis:key:team:${gen}:passphrase`, wrap.key), 'base64');
  assert.equal(raw.length, 32, 'a 256-bit team key');
  assert.ok(!raw.equals(kek), 'not the passphrase key itself');
  return raw;
}

function open(key, id, sealed) {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(id));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString();
}

function seal(key, id, text, iv) {
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(id));
  const body = Buffer.concat([cipher.update(text), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** A person record as Trellis stores it, made here (id and all). */
function personRecord(id, name) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  return { v: 1, id, rev: 1, seq: 1, created: now, updated: now, deleted: false, kind: 'person', data: { name, role: 'Sealed by Node', start_date: null, email: '', cadence: 'weekly', archived: false } };
}

async function markerOnDevice(page) {
  await addPerson(page, `${MARKER} Person`);
}

test('CouchDB mode with a passphrase: the server holds only ciphertext; keys are checked; tampering is caught', async () => {
  await twoDevices(async (laptop, pad) => {
    const url = `${pouch.url}/sealed`;
    await loadDemo(laptop);
    await markerOnDevice(laptop);
    // A passphrase too short is refused at its field, and nothing is saved.
    await laptop.getByRole('link', { name: 'Settings' }).first().click();
    await laptop.getByLabel('Kind of server').selectOption('couch');
    await laptop.getByLabel('Database URL').fill(url);
    await laptop.getByLabel('Team passphrase (optional)').fill('short');
    await laptop.getByRole('button', { name: 'Save and sync' }).click();
    assert.match(await laptop.locator('#sync-passphrase-error').textContent(), /at least 12 characters/);
    const first = await setUp(laptop, url, '', { couch: true, passphrase: PASSPHRASE });
    assert.equal(first.error, null);
    assert.match(first.status, /end-to-end encrypted/);

    const all = await pouch.couch('GET', '/sealed/_all_docs?include_docs=true');
    // Every place (the team's, the manager's, each person's) holds only ciphertext.
    const places = (await pouch.couch('GET', '/_all_dbs')).filter((d) => d === 'sealed' || d.startsWith('sealed-'));
    assert.equal(places.length, 2 + (await records(laptop, 'person')).length, `a database per place: ${places}`);
    for (const db of places) {
      const text = JSON.stringify(await pouch.couch('GET', `/${db}/_all_docs?include_docs=true`));
      for (const plain of [MARKER, 'Hannah', 'Customer Success', 'check_in', 'corrective']) {
        assert.ok(!text.includes(plain), `no plaintext "${plain}" in ${db}`);
      }
    }
    const docs = all.rows.map((r) => r.doc).filter((d) => !d._id.startsWith('trellis:'));
    assert.ok(docs.length > 30 && docs.every((d) => Object.keys(d).sort().join() === '_id,_rev,sealed'), 'only ids, revisions and ciphertext');
    const meta = await pouch.couch('GET', '/sealed/trellis%3Acrypto');
    const key = teamKey(meta.sealed_with);
    const opened = docs.map((d) => JSON.parse(open(key, d._id, d.sealed)));
    assert.ok(opened.some((r) => r.data?.name === `${MARKER} Person`), 'Node opens what the browser sealed');
    assert.ok(new Set(docs.map((d) => Buffer.from(d.sealed, 'base64').subarray(0, 12).toString('hex'))).size === docs.length, 'a fresh IV per record');

    // No passphrase, then a wrong one: told so, nothing taken.
    const none = await setUp(pad, url, '', { couch: true });
    assert.match(none.error, /end-to-end encrypted: enter the team passphrase/);
    const wrong = await setUp(pad, url, '', { couch: true, passphrase: 'not the team passphrase' });
    assert.match(wrong.error, /passphrase does not match/);
    assert.equal((await records(pad, 'person')).length, 0);

    // A record sealed by Node with a fixed IV (an independent implementation) opens in the browser.
    const nodeRecord = personRecord('nodesealed000001', 'Nadia From Node');
    const iv = Buffer.from('000102030405060708090a0b', 'hex');
    await pouch.couch('PUT', '/sealed/nodesealed000001', { sealed: seal(key, 'nodesealed000001', JSON.stringify(nodeRecord), iv) });

    const right = await setUp(pad, url, '', { couch: true, passphrase: PASSPHRASE });
    assert.equal(right.error, null);
    const padNames = (await records(pad, 'person')).map((r) => r.data.name);
    assert.ok(padNames.includes(`${MARKER} Person`) && padNames.includes('Nadia From Node'));

    // A ciphertext changed on the server: rejected and reported; the rest still syncs.
    const victim = docs.find((d) => opened.find((r) => r.id === d._id)?.data?.name === 'Daniel Reyes');
    const raw = Buffer.from(victim.sealed, 'base64');
    raw[20] ^= 1;
    await pouch.couch('PUT', `/sealed/${victim._id}`, { _rev: victim._rev, sealed: raw.toString('base64') });
    // Another record sealed for one id, put under another: also rejected (the id is bound).
    const other = docs.find((d) => opened.find((r) => r.id === d._id)?.data?.name === 'Priya Natarajan');
    const moved = docs.find((d) => opened.find((r) => r.id === d._id)?.data?.name === 'Kwame Asante');
    await pouch.couch('PUT', `/sealed/${moved._id}`, { _rev: moved._rev, sealed: other.sealed });
    await addPerson(laptop, 'After Tamper');
    await syncNow(laptop);
    const caught = await syncNow(pad);
    assert.match(caught.error, /2 record\(s\) from the server failed their integrity check/);
    assert.ok(caught.error.includes(victim._id) && caught.error.includes(moved._id));
    const after = (await records(pad, 'person')).map((r) => r.data.name);
    assert.ok(after.includes('After Tamper'), 'the other changes still came');
    assert.ok(after.includes('Daniel Reyes') && after.includes('Kwame Asante'), 'the tampered versions were not applied');
    await screenshot(pad, 'sync-sealed-tampered');
    for (const [name, width, height] of SIZES) {
      await pad.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(pad), [], `sync settings ${name}`);
    }
  });
});

test('JSON endpoint mode with a passphrase: the document holds only ids, revisions and ciphertext', async () => {
  await twoDevices(async (laptop, pad) => {
    const url = `${endpoint.url}/sealed`;
    await loadDemo(laptop);
    await markerOnDevice(laptop);
    assert.equal((await setUp(laptop, url, '', { passphrase: PASSPHRASE })).error, null);
    const stored = await fs.readFile(path.join(endpoint.dir, 'sealed.json'), 'utf8');
    const places = (await fs.readdir(endpoint.dir)).filter((f) => f === 'sealed.json' || f.startsWith('sealed-'));
    assert.ok(places.length > 2, `a document per place: ${places}`);
    for (const f of places) {
      const text = await fs.readFile(path.join(endpoint.dir, f), 'utf8');
      for (const plain of [MARKER, 'Hannah', 'Customer Success', 'check_in', 'corrective']) {
        assert.ok(!text.includes(plain), `no plaintext "${plain}" in ${f}`);
      }
    }
    const doc = JSON.parse(stored);
    assert.equal(doc.format, 'trellis-sealed');
    assert.ok(doc.records.every((r) => Object.keys(r).sort().join() === 'id,rev,sealed'));
    const key = teamKey(doc.sealed_with);
    assert.ok(doc.records.some((r) => JSON.parse(open(key, r.id, r.sealed)).data?.name === `${MARKER} Person`));

    const wrong = await setUp(pad, url, '', { passphrase: 'not the team passphrase' });
    assert.match(wrong.error, /passphrase does not match/);
    assert.equal((await records(pad, 'person')).length, 0);
    assert.equal((await setUp(pad, url, '', { passphrase: PASSPHRASE })).error, null);
    assert.ok((await records(pad, 'person')).some((r) => r.data.name === `${MARKER} Person`));
    // A round that only sends (the document unchanged since: 304) keeps the team's salt.
    await addPerson(pad, 'Back From Tablet');
    await syncNow(pad);
    const later = JSON.parse(await fs.readFile(path.join(endpoint.dir, 'sealed.json'), 'utf8'));
    assert.equal(later.sealed_with.salt, doc.sealed_with.salt);
    assert.ok(later.records.some((r) => JSON.parse(open(key, r.id, r.sealed)).data?.name === 'Back From Tablet'));
    await syncNow(laptop);
    assert.ok((await records(laptop, 'person')).some((r) => r.data.name === 'Back From Tablet'));
    // A device without the passphrase is refused and writes nothing.
    const plain = await newPage(env.browser, tablet);
    try {
      assert.match((await setUp(plain, url)).error, /end-to-end encrypted: enter the team passphrase/);
    } finally {
      await plain.context().close();
    }
  });
});
