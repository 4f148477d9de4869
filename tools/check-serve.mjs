#!/usr/bin/env node
// `make test-serve`: starts `trunk serve --release` on a free port (into target/dist-serve, so
// dist/ stays as `make dist` left it), checks that / and a deep link answer with the app shell
// and that the module it names is served, then stops it. Exit code 1 on any failure.
import { spawn } from 'node:child_process';
import net from 'node:net';

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

const port = await freePort();
const trunk = spawn(
  'trunk',
  ['serve', '--release', '--no-autoreload', '--port', String(port), '--dist', 'target/dist-serve'],
  { stdio: ['ignore', 'inherit', 'inherit'], detached: true },
);
const stop = () => {
  try {
    process.kill(-trunk.pid, 'SIGTERM');
  } catch {}
};
let exited = false;
trunk.on('exit', () => (exited = true));

const fail = (msg) => {
  console.error(`test-serve: ${msg}`);
  stop();
  process.exit(1);
};

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 15 * 60 * 1000; // a cold build on two cores
let shell = null;
while (Date.now() < deadline && !exited) {
  try {
    const res = await fetch(`${base}/`);
    if (res.ok) {
      shell = await res.text();
      if (shell.includes('trellis-')) break;
    }
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
if (exited) fail('trunk serve exited before serving');
if (!shell) fail('trunk serve did not answer in time');

const js = shell.match(/trellis-[0-9a-f]+\.js/)?.[0];
if (!js) fail('the shell does not load trellis-<hash>.js');
const deep = await fetch(`${base}/people/abc`);
const deepText = await deep.text();
if (deep.status !== 200 || !deepText.includes(js)) fail(`the deep link /people/abc answered ${deep.status} without the app`);
const mod = await fetch(`${base}/${js}`);
if (mod.status !== 200 || !(await mod.text()).includes('__wasm_split')) fail(`${js} answered ${mod.status} or is not the split module`);
console.log(`test-serve: trunk serve --release answers /, /people/abc and ${js} on port ${port}`);
stop();
process.exit(0);
