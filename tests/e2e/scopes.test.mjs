// Who may read what, end to end in headless Chromium with three browser profiles: the manager
// (the demo team), Hannah and Kwame, each joined from an invitation link on their own device.
// Against the reference JSON endpoint (a token per document: each member's reaches the team's
// place and their own) and against pouchdb-server (a database per place). Hannah's device never
// receives anyone else's check-ins, ratings or feedback: checked on every response body it
// receives and on its localStorage. She sees her own action items and the charter, acknowledges
// the charter, writes a self-report, and both reach the manager. An invitation that is damaged,
// expired or already used is refused with a message and changes nothing; records a hostile
// server puts in her place are dropped, and the sync status says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useApp, newPage, screenshot, auditPage, SIZES, appSteps, syncSteps, startEndpoint, startPouch, readStored } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records, stored } = appSteps(env);
const { setUp, syncNow, addPerson, invite, join, memberDevice: device } = syncSteps(env);
const memberDevice = (server, size = phone) => device(server, size);
const PASSPHRASE = 'scopes keep their own keys';
const tablet = { viewport: { width: 820, height: 1180 } };
const phone = { viewport: { width: 390, height: 844 } };

let endpoint;
let pouch;
let tokensFile;
before(async () => {
  tokensFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'trellis-tokens-')), 'tokens.txt');
  await fs.writeFile(tokensFile, '');
  endpoint = await startEndpoint({ token: 'manager-token', tokensFile });
  pouch = await startPouch();
});
after(async () => {
  await endpoint?.stop();
  await pouch?.stop();
  await fs.rm(path.dirname(tokensFile), { recursive: true, force: true });
});

/** The demo's people by first name → record id. */
async function peopleIds(page) {
  return Object.fromEntries((await records(page, 'person')).map((r) => [r.data.name.split(' ')[0], r.id]));
}

/**
 * What a member's device may hold: records of the team's scope and of their own, nothing else.
 * `others`: the ids of everyone else; `secrets`: texts of other people's records.
 */
async function holdsOnly(page, me, others, secrets, bodies) {
  const entries = await stored(page);
  const scopes = new Set(Object.entries(entries).filter(([k]) => k.startsWith('trellis:r:')).map(([k, v]) => readStored(k, v).scope));
  assert.deepEqual([...scopes].sort(), ['person:' + me, 'team'], 'only the team and their own in storage');
  const everything = JSON.stringify(entries);
  for (const text of [...bodies, everything]) {
    // A record's scope, as JSON or as JSON inside a JSON string (storage, CouchDB documents).
    const scoped = (scope) => new RegExp(`"scope\\\\*"\\s*:\\s*\\\\*"${scope}`);
    for (const id of others) {
      const at = text.search(scoped(`person:${id}`));
      assert.ok(at < 0, `nothing of person ${id}: ${text.slice(Math.max(0, at - 300), at + 100)}`);
    }
    assert.ok(!scoped('manager').test(text), 'nothing of the manager alone');
    for (const secret of secrets) assert.ok(!text.includes(secret), `never received: ${secret}`);
  }
}

/** Texts of the check-ins, ratings and feedback about anyone but `me`, from the manager's device. */
async function othersSecrets(manager, me) {
  const texts = [];
  for (const r of await records(manager, 'check_in')) if (r.data.person !== me && r.data.notes) texts.push(r.data.notes);
  for (const r of await records(manager, 'feedback')) {
    if (r.data.person === me || r.scope === 'team') continue;
    texts.push(r.data.corrective?.observation || r.data.text);
  }
  for (const r of await records(manager, 'rating')) if (r.data.person !== me && r.data.note) texts.push(r.data.note);
  for (const r of await records(manager, 'assessment')) if (r.data.person !== me) texts.push(r.data.evidence);
  for (const r of await records(manager, 'dev_action')) if (r.data.person !== me) texts.push(r.data.title);
  // Only texts that are theirs alone (the demo repeats some words across people).
  const own = JSON.stringify(
    (await Promise.all(['check_in', 'feedback', 'rating', 'goal', 'self_report', 'charter_version', 'celebration', 'skill', 'assessment', 'dev_action', 'stretch'].map((k) => records(manager, k))))
      .flat()
      .filter((r) => r.scope === 'team' || r.scope === `person:${me}`),
  );
  return texts.filter((t) => t && t.length > 12).map((t) => t.slice(0, 40)).filter((t) => !own.includes(JSON.stringify(t).slice(1, -1)));
}

/** An invitation link's code, read; and a link made from a changed one. */
const readLink = (link) => JSON.parse(Buffer.from(link.split('#TRELLIS1.')[1], 'base64').toString());
const makeLink = (link, pass) => link.split('#')[0] + '#TRELLIS1.' + Buffer.from(JSON.stringify(pass)).toString('base64');

/**
 * The whole flow against one server: `url` (the team's place), tokens when the server checks
 * them, `passphrase` to seal it end to end (then also: a wrong key, and Hannah taken off the team).
 */
async function threeDevices({ url, couch, server, tokens, placeHolds, passphrase = '' }) {
  const manager = await newPage(env.browser, tablet);
  const hannah = await memberDevice(server);
  const kwame = await memberDevice(server, tablet);
  const again = await newPage(env.browser, phone);
  try {
    await loadDemo(manager);
    const ids = await peopleIds(manager);
    if (tokens) {
      // The server's operator: the manager's token reaches everything; each member's, the
      // team's document and their own.
      await fs.writeFile(tokensFile, [
        `acme hannah-token`, `acme kwame-token`,
        `acme-p-${ids.Hannah} hannah-token`, `acme-p-${ids.Kwame} kwame-token`,
        ...Object.values(ids).map((id) => `acme-p-${id}`), 'acme-m',
      ].join('\n'));
    }
    const first = await setUp(manager, url, tokens ? 'manager-token' : '', { couch, passphrase });
    assert.equal(first.error, null, 'the manager syncs every place');
    const hannahLink = await invite(manager, 'Hannah Whitfield', tokens ? 'hannah-token' : '');
    const kwameLink = await invite(manager, 'Kwame Asante', tokens ? 'kwame-token' : '');
    const list = manager.getByTestId('invitations');
    assert.match(await list.textContent(), /Hannah Whitfield · made .*: not used yet/);
    if (!couch) {
      for (const [name, width, height] of SIZES) {
        await manager.setViewportSize({ width, height });
        assert.deepEqual(await auditPage(manager), [], `devices ${name}`);
        await screenshot(manager, `settings-devices-${name}`);
      }
      await manager.setViewportSize(tablet.viewport);
    }
    assert.equal((await syncNow(manager)).error, null, 'the invitations go to their places');
    const secrets = await othersSecrets(manager, ids.Hannah);
    assert.ok(secrets.length > 10, 'there is something to keep from Hannah');

    // Hannah joins on her phone: her page, her action items, the charter, nobody else's.
    await join(hannah.page, hannahLink);
    if (!couch) await screenshot(hannah.page, 'member-device-home-phone');
    const others = Object.entries(ids).filter(([n]) => n !== 'Hannah').map(([, id]) => id);
    await holdsOnly(hannah.page, ids.Hannah, others, secrets, hannah.bodies);
    assert.equal(await hannah.page.getByTestId('leave-member-mode').count(), 0, "no way to the manager's view");
    const mine = (await records(hannah.page, 'check_in')).filter((r) => r.data.person === ids.Hannah);
    assert.ok(mine.length > 0, 'her own check-ins arrived');
    assert.ok((await records(hannah.page, 'charter_version')).length > 0, 'the charter arrived');
    // Her development plan, and nobody else's.
    await hannah.page.getByTestId('dev-summary').getByTestId('open-development').click();
    await hannah.page.getByTestId('plan-action').filter({ hasText: 'Pair with Tomás on webhook tickets' }).waitFor();
    assert.match(await hannah.page.getByTestId('assess').locator('h2').textContent(), /Assess yourself/);
    assert.ok((await records(hannah.page, 'skill')).length >= 8, "the team's skills framework arrived");
    await open(hannah.page, `/people/${ids.Daniel}/development`);
    assert.match(await hannah.page.getByTestId('not-yours').textContent(), /Daniel Reyes's development plan is theirs and the manager's/);
    await open(hannah.page, '/development');
    assert.match(await hannah.page.getByTestId('team-development').textContent(), /only the manager's devices hold/);
    await open(hannah.page, '/settings');
    const audiences = hannah.page.getByTestId('audiences');
    assert.match(await audiences.textContent(), /This device is Hannah Whitfield's/);
    assert.equal(await hannah.page.getByTestId('devices').count(), 0, 'members invite nobody');

    // She acknowledges the charter (only as herself) and writes her self-report.
    await open(hannah.page, '/team');
    const acks = hannah.page.getByTestId('acknowledgements');
    await acks.waitFor();
    assert.ok((await acks.getByTestId('ack-row').count()) > 2, 'the whole team is listed');
    assert.equal(await acks.getByRole('button', { name: /Acknowledge as (?!Hannah)/ }).count(), 0, 'only as herself');
    await acks.getByRole('button', { name: 'Acknowledge as Hannah Whitfield' }).click();
    await acks.getByTestId('ack-row').filter({ hasText: 'Hannah Whitfield' }).filter({ hasText: 'acknowledged' }).waitFor();
    await open(hannah.page, '/me');
    await hannah.page.getByLabel('What got done').fill('SCOPES-REPORT: closed the SSO backlog.');
    await hannah.page.getByLabel('Next priorities').fill('Billing FAQ.');
    await hannah.page.getByTestId('self-report-form').getByLabel('4', { exact: true }).check();
    await hannah.page.getByRole('button', { name: 'Save self-report' }).click();
    await hannah.page.getByTestId('flash').filter({ hasText: 'Self-report saved' }).waitFor();
    assert.equal((await syncNow(hannah.page)).error, null);
    assert.equal((await syncNow(manager)).error, null);
    assert.ok((await records(manager, 'self_report')).some((r) => r.data.what_done?.startsWith?.('SCOPES-REPORT') || JSON.stringify(r.data).includes('SCOPES-REPORT')), "Hannah's report reached the manager");
    const charter = (await records(manager, 'charter_version')).sort((a, b) => b.data.number - a.data.number)[0];
    assert.ok((await records(manager, 'charter_ack')).some((r) => r.data.person === ids.Hannah && r.data.version === charter.data.number), 'her acknowledgement reached the manager');
    await open(manager, '/settings');
    assert.match(await manager.getByTestId('invitations').textContent(), /Hannah Whitfield · made .*: joined on/);

    if (passphrase) {
      // Her device holds her own key, never the team passphrase.
      const config = JSON.parse(await hannah.page.evaluate(() => localStorage.getItem('trellis-device:sync')));
      assert.equal(config.passphrase, '');
      assert.equal(Buffer.from(config.key, 'base64').length, 32);
      assert.ok(!JSON.stringify(await stored(hannah.page)).includes(passphrase));
      assert.ok(!hannahLink.includes(Buffer.from(passphrase).toString('base64')));
      // A link with a wrong key is refused at the first round: nothing kept, the invitation
      // still unused.
      await again.goto(makeLink(kwameLink, { ...readLink(kwameLink), key: Buffer.alloc(32, 7).toString('base64') }));
      await again.getByTestId('join-button').click();
      await again.getByTestId('join-error').waitFor({ timeout: 30000 });
      assert.match(await again.getByTestId('join-error').textContent(), /key does not open/);
      assert.deepEqual(Object.keys(await stored(again)).filter((k) => k.startsWith('trellis:r:')), []);
      assert.equal(await again.evaluate(() => localStorage.getItem('trellis-device:sync')), null);
      await again.goto('about:blank'); // a link to the same page with another code: a fresh load
    }

    // Kwame joins on his tablet; he holds his own, not Hannah's report.
    await join(kwame.page, kwameLink);
    const kwameOthers = Object.entries(ids).filter(([n]) => n !== 'Kwame').map(([, id]) => id);
    await holdsOnly(kwame.page, ids.Kwame, kwameOthers, ['SCOPES-REPORT', ...(await othersSecrets(manager, ids.Kwame))], kwame.bodies);

    // Forms say who will read what they save; a personal goal shared with the team moves to
    // the team's place and reaches Kwame; the person's place no longer holds it.
    await open(manager, `/goals/new?owner=${ids.Hannah}`);
    assert.equal(await manager.getByTestId('audience').textContent(), 'Visible to Hannah and you');
    const hers = (await records(manager, 'goal')).find((g) => g.scope === `person:${ids.Hannah}` && !g.data.archived);
    await open(manager, `/goals/${hers.id}`);
    const audience = manager.getByTestId('goal-view').getByTestId('audience');
    assert.equal(await audience.textContent(), 'Visible to Hannah and you');
    await manager.getByTestId('share-goal').click();
    await audience.filter({ hasText: 'The whole team' }).waitFor();
    await manager.reload();
    await manager.getByTestId('goal-view').getByTestId('audience').filter({ hasText: 'The whole team' }).waitFor();
    assert.equal(await manager.getByTestId('share-goal').textContent(), 'Keep it to Hannah and you');
    assert.equal((await syncNow(manager)).error, null);
    assert.equal((await syncNow(kwame.page)).error, null);
    assert.ok((await records(kwame.page, 'goal')).some((g) => g.id === hers.id && g.scope === 'team'), 'the shared goal reached Kwame');
    assert.ok(!(await placeHolds(`acme-p-${ids.Hannah}`, hers.id)), "it left Hannah's place");
    assert.ok(await placeHolds('acme', hers.id), "it is in the team's place");
    assert.equal((await syncNow(hannah.page)).error, null);
    assert.equal((await records(hannah.page, 'goal')).find((g) => g.id === hers.id)?.scope, 'team', 'Hannah still has it, as the team');
    // Kept to Hannah again: it leaves the team's place, and Kwame's device drops it.
    await open(manager, `/goals/${hers.id}`);
    await manager.getByTestId('share-goal').click();
    await manager.getByTestId('goal-view').getByTestId('audience').filter({ hasText: 'Visible to Hannah and you' }).waitFor();
    assert.equal((await syncNow(manager)).error, null);
    assert.ok(!(await placeHolds('acme', hers.id)), "it left the team's place");
    assert.equal((await syncNow(kwame.page)).error, null);
    assert.ok(!(await records(kwame.page, 'goal')).some((g) => g.id === hers.id), "Kwame's device no longer holds it");
    assert.ok(!JSON.stringify(await stored(kwame.page)).includes(hers.id), 'kept nowhere there');
    assert.equal((await syncNow(hannah.page)).error, null);
    assert.equal((await records(hannah.page, 'goal')).find((g) => g.id === hers.id)?.scope, `person:${ids.Hannah}`, 'Hannah has it as hers again');

    // Hannah's link a second time, on another device: used, refused, nothing kept.
    await again.goto(hannahLink);
    await again.getByTestId('join-button').click();
    const refused = again.getByTestId('join-error');
    await refused.waitFor({ timeout: 30000 });
    assert.match(await refused.textContent(), /already used/);
    assert.deepEqual(Object.keys(await stored(again)).filter((k) => k.startsWith('trellis:r:')), [], 'nothing of the team stays');
    assert.equal(await again.evaluate(() => localStorage.getItem('trellis-device:role')), null);

    if (passphrase) {
      // Hannah taken off the team: the manager's next round makes a new team key, wrapped for
      // the manager and Kwame only. Her device is told, and receives nothing new; Kwame's does.
      await open(manager, `/people/${ids.Hannah}`);
      await manager.getByRole('button', { name: 'Archive' }).click();
      await manager.getByTestId('flash').filter({ hasText: 'receives nothing new' }).waitFor();
      assert.equal((await syncNow(manager)).error, null);
      await addPerson(manager, 'After Hannah Left');
      assert.equal((await syncNow(manager)).error, null);
      const { keys } = (await pouch.couch('GET', '/acme/trellis%3Acrypto')).sealed_with;
      assert.equal(keys.gen, 2, 'a new team key');
      const current = keys.team.filter((w) => w.gen === 2).map((w) => w.to);
      assert.ok(current.includes('passphrase') && current.includes(`person:${ids.Kwame}`), 'wrapped for the manager and those still on the team');
      assert.equal(current.length, Object.keys(ids).length + 1, 'everyone but Hannah, and the newcomer');
      assert.ok(!keys.team.some((w) => w.to === `person:${ids.Hannah}`), 'nothing wrapped for Hannah any more');
      const left = await syncNow(hannah.page);
      assert.match(left.error ?? '', /was not given: it was taken off the team/);
      assert.ok(!JSON.stringify(await stored(hannah.page)).includes('After Hannah Left'), 'nothing new reached her device');
      assert.ok((await records(hannah.page, 'check_in')).length > 0, 'what she had stays');
      assert.equal((await syncNow(kwame.page)).error, null);
      assert.ok((await records(kwame.page, 'person')).some((p) => p.data.name === 'After Hannah Left'), 'Kwame still receives the team');
      await screenshot(hannah.page, 'member-device-taken-off');
    }
    return { manager, hannah, kwame, ids };
  } catch (e) {
    await screenshot(hannah.page, `scopes-failure-${couch ? 'couch' : 'json'}`).catch(() => {});
    throw e;
  } finally {
    for (const p of [manager, hannah.page, kwame.page, again]) await p.context().close();
  }
}

test('JSON endpoint: a manager and two members by invitation, each holding exactly what they may read', async () => {
  const placeHolds = async (doc, id) => JSON.parse(await fs.readFile(path.join(endpoint.dir, `${doc}.json`), 'utf8')).records.some((r) => r.id === id);
  await threeDevices({ url: `${endpoint.url}/acme`, couch: false, server: endpoint.url, tokens: true, placeHolds });
});

test('CouchDB, end-to-end encrypted: a database and a key per place; taken off the team, a device receives nothing new', async () => {
  const placeHolds = async (db, id) => !(await pouch.couch('GET', `/${db}/${id}`)).error;
  await threeDevices({ url: `${pouch.url}/acme`, couch: true, server: pouch.url, tokens: false, placeHolds, passphrase: PASSPHRASE });
});

test('a damaged, expired or foreign invitation is refused with a message; a hostile server is told off', async () => {
  const page = await newPage(env.browser, phone);
  try {
    await open(page, '/join');
    const field = page.getByLabel('Invitation link or code');
    await field.fill('https://example.com/join#TRELLIS1.bm90IGpzb24=');
    assert.match(await page.locator('#join-code-error').textContent(), /damaged or incomplete/);
    assert.ok(await page.getByTestId('join-button').isDisabled());
    const pass = { invitation: 'x1', person: 'p1', name: 'Hannah Whitfield', team: 'Customer Success', url: `${endpoint.url}/nowhere`, couch: false, token: '', key: '', expires: '2026-01-01T00:00:00Z' };
    const code = (p) => 'TRELLIS1.' + Buffer.from(JSON.stringify(p)).toString('base64');
    await field.fill(code(pass));
    assert.match(await page.locator('#join-code-error').textContent(), /expired on 2026-01-01/);
    // Valid, but its invitation is on no server: refused after the round, nothing kept.
    await field.fill(code({ ...pass, expires: new Date(Date.now() + 86400000).toISOString() }));
    assert.match(await page.getByTestId('join-who').textContent(), /For Hannah Whitfield in Customer Success/);
    await page.getByTestId('join-button').click();
    const error = page.getByTestId('join-error');
    await error.waitFor({ timeout: 30000 });
    assert.match(await error.textContent(), /refused the token|not on the team's server/);
    assert.equal(await page.evaluate(() => localStorage.getItem('trellis-device:sync')), null);
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      assert.deepEqual(await auditPage(page), [], `join ${name}`);
      await screenshot(page, `join-refused-${name}`);
    }
  } finally {
    await page.context().close();
  }

  // A member's device whose server puts someone else's record in their place drops it.
  await fs.writeFile(tokensFile, '');
  const manager = await newPage(env.browser, tablet);
  const hannah = await memberDevice(endpoint.url);
  try {
    await loadDemo(manager);
    const ids = await peopleIds(manager);
    assert.equal((await setUp(manager, `${endpoint.url}/hostile`, 'manager-token')).error, null);
    const link = await invite(manager, 'Hannah Whitfield');
    await syncNow(manager);
    await fs.writeFile(tokensFile, '');
    // No per-document tokens: the link's empty token is refused by the server, so give her the
    // operator's (this server is hostile anyway).
    const hers = makeLink(link, { ...readLink(link), token: 'manager-token' });
    await join(hannah.page, hers);
    const place = path.join(endpoint.dir, `hostile-p-${ids.Hannah}.json`);
    const kwames = JSON.parse(await fs.readFile(path.join(endpoint.dir, `hostile-p-${ids.Kwame}.json`), 'utf8'));
    const doc = JSON.parse(await fs.readFile(place, 'utf8'));
    doc.records.push(...kwames.records.slice(0, 3));
    await fs.writeFile(place, JSON.stringify(doc));
    const round = await syncNow(hannah.page);
    assert.match(round.error ?? '', /sent 3 record\(s\) this device may not hold.*dropped/);
    const all = await stored(hannah.page);
    const dropped = kwames.records.slice(0, 3).map((r) => r.id);
    assert.equal(dropped.length, 3);
    // Their keys are nowhere (a team record may still point at one: a win naming his goal).
    const leaked = Object.keys(all).filter((k) => dropped.some((id) => k.endsWith(`:${id}`)));
    assert.deepEqual(leaked, [], "Kwame's records are kept nowhere");
    const scopes = new Set(Object.entries(all).filter(([k]) => k.startsWith('trellis:r:')).map(([k, v]) => readStored(k, v).scope));
    assert.deepEqual([...scopes].sort(), [`person:${ids.Hannah}`, 'team'], 'only the team and her own in storage');
    await screenshot(hannah.page, 'member-device-refused-records');
  } finally {
    await manager.context().close();
    await hannah.page.context().close();
  }
});
