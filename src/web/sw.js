// Trellis's service worker: the app starts and runs with no network.
//
// tools/split.sh writes it into each release build with that build's version and files (BUILD),
// so every deploy is a new worker, which the browser installs in the background.
// - Every file of the build is cached on install. Their names carry content hashes, so they are
//   served from the cache first.
// - The shell (index.html) is fetched from the network first, with this build's cached copy as
//   the fallback (offline, or no answer within a few seconds). Any page under the scope is the
//   shell, so deep links open offline too.
// - A new worker waits until the page tells it to take over (the app's "Reload"), then removes
//   the caches of older builds.
const BUILD = {{BUILD}};

const CACHE = `trellis-${BUILD.version}`;
const SCOPE = new URL(self.registration.scope);
const SHELL = new URL('index.html', SCOPE).href;
const FILES = new Set(BUILD.files.map((f) => new URL(f, SCOPE).href));
/** How long the network may take for the shell before the cached copy is used. */
const SHELL_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll([new Request(SHELL, { cache: 'reload' }), ...FILES]),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('trellis-') && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const type = event.data?.type;
  if (type === 'version') event.ports[0]?.postMessage({ version: BUILD.version });
  if (type === 'activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  if (request.mode === 'navigate' || url.href === SHELL) {
    event.respondWith(shell(request));
    return;
  }
  const file = url.origin + url.pathname;
  if (FILES.has(file)) {
    event.respondWith(caches.match(file, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
  }
});

/** The network's shell when it answers in time, else this build's cached one. */
async function shell(request) {
  const cached = () => caches.match(SHELL, { cacheName: CACHE });
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise((_, fail) => setTimeout(() => fail(new Error('slow')), SHELL_TIMEOUT_MS)),
    ]);
    if (response.ok) return response;
    return (await cached()) || response;
  } catch {
    return (await cached()) || Response.error();
  }
}
