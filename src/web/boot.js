// Trellis's bootstrap: starts the app, and in release builds keeps it usable offline through the
// service worker (sw.js). A file of its own, so the Content Security Policy needs no inline
// script. tools/split.sh writes it into each build as boot-<hash>.js, filling in the names in
// double braces.
import init from './{{JS}}';

/** This build's version: the service worker of the same build says the same. */
const VERSION = '{{VERSION}}';
/** Release builds work offline; debug builds (`trunk serve`) leave no worker behind. */
const OFFLINE = {{OFFLINE}};

const started = init({ module_or_path: new URL('./{{WASM}}', import.meta.url) });

const sw = navigator.serviceWorker;
if (sw && !OFFLINE) {
  sw.getRegistrations().then((all) => all.forEach((r) => r.unregister()));
} else if (sw) {
  // Once the app is running, the page has loaded and the browser is idle, so the worker's
  // downloads never compete with the first screen.
  started
    .then(idle)
    .then(register)
    .catch((e) => console.warn('Trellis: offline use is not available here:', e));
}

/** Resolves after the load event, when the browser is idle (or after 5 s at most). */
function idle() {
  return new Promise((resolve) => {
    const go = () => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 5000 }) : setTimeout(resolve, 1000));
    if (document.readyState === 'complete') go();
    else addEventListener('load', go, { once: true });
  });
}

async function register() {
  const reg = await sw.register(new URL('sw.js', document.baseURI), { scope: new URL('./', document.baseURI).pathname });
  // A worker of another build, installed and waiting: this page may already run that build (it
  // loaded online after a deploy); then it simply takes over. Otherwise the app offers a reload,
  // and never reloads by itself, so a check-in in progress is never interrupted.
  const consider = async (worker) => {
    if ((await versionOf(worker)) === VERSION) {
      worker.postMessage({ type: 'activate' });
    } else {
      window.trellisUpdateReady = true;
      dispatchEvent(new Event('trellis-update-ready'));
    }
  };
  if (reg.waiting && sw.controller) consider(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const worker = reg.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && sw.controller) consider(worker);
    });
  });
  // The user chose to reload: the waiting worker takes over, then the page reloads once.
  window.trellisApplyUpdate = () => {
    if (!reg.waiting) return location.reload();
    sw.addEventListener('controllerchange', () => location.reload(), { once: true });
    reg.waiting.postMessage({ type: 'activate' });
  };
  // A tablet may stay open for days: look for a new deploy now and then.
  const check = () => reg.update().catch(() => {});
  setInterval(check, 30 * 60 * 1000);
  addEventListener('online', check);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
}

/** The build a worker belongs to (null if it does not answer). */
function versionOf(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (e) => resolve(e.data?.version ?? null);
    worker.postMessage({ type: 'version' }, [channel.port2]);
    setTimeout(() => resolve(null), 3000);
  });
}
