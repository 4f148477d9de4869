// Every page with the demo team, at the three sizes, through the audits every feature's tests
// use: axe-core (WCAG 2.x A and AA: no serious or critical violation), labels, 44 px targets and
// nothing wider than the screen. Pages with an id take the demo's first record of their kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, newPage, auditPage, SIZES, appSteps } from './harness.mjs';

const env = useApp();
const { open, loadDemo, records } = appSteps(env);

test('every page passes the audits at tablet and phone sizes', async () => {
  const page = await newPage(env.browser);
  try {
    await loadDemo(page);
    const first = async (kind, pick = () => true) => (await records(page, kind)).find(pick).id;
    const person = await first('person');
    const goal = await first('goal');
    const held = await first('check_in');
    const review = await first('review');
    const routes = [
      '/', '/people', '/people/new', `/people/${person}`, `/people/${person}/edit`,
      '/goals', '/goals/new', `/goals/${goal}`, `/goals/${goal}/edit`,
      `/check-ins/${held}`, `/reviews/${review}`,
      '/feedback', `/feedback?person=${person}`, '/feedback/recognize', '/feedback/corrective', '/feedback/peer', '/feedback/request',
      '/wins', '/wins/new', '/team', '/team/authority', '/team/standards', '/me', '/settings', '/rollout', '/leadership', '/insights/system-review', '/no/such/page',
    ];
    const problems = [];
    for (const [name, width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      for (const route of routes) {
        await open(page, route);
        await page.locator('main h1').first().waitFor();
        for (const p of await auditPage(page)) problems.push(`${name} ${route}: ${p}`);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await page.context().close();
  }
});
