#!/usr/bin/env node
// Renders the app's PNG icons from their SVGs in headless Chromium (the same browser the tests
// use), for the web app manifest: public/icons/icon-192.png, icon-512.png and
// icon-maskable-512.png (full bleed; the glyph inside the middle 60 %, so any mask keeps it).
// The PNGs are committed; run this after changing an icon:  node tools/icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, REPO_ROOT } from '../tests/e2e/harness.mjs';

const dir = path.join(REPO_ROOT, 'public', 'icons');
const jobs = [
  ['icon.svg', 192, 'icon-192.png'],
  ['icon.svg', 512, 'icon-512.png'],
  ['icon-maskable.svg', 512, 'icon-maskable-512.png'],
];
const browser = await launchBrowser();
try {
  for (const [svg, size, png] of jobs) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const data = fs.readFileSync(path.join(dir, svg), 'base64');
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: path.join(dir, png), omitBackground: true });
    await page.close();
    console.log(`icons: ${png} (${size}x${size})`);
  }
} finally {
  await browser.close();
}
