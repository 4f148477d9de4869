#!/usr/bin/env node
// Zero-dependency static server for the built app (Node 20+).
//
//   node tools/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1] [--base /]
//
// - Serves files from --dir under the URL prefix --base (e.g. --base /trellis/ for a
//   sub-path build made with `make dist PUBLIC_URL=/trellis/`).
// - Any GET/HEAD under the base that is not a file (a deep link such as /people or
//   /people/abc) answers 200 with index.html, like a static host with SPA fallback.
// - Paths resolving outside --dir are refused (403).
// - index.html and sw.js are sent with Cache-Control: no-cache.
// - --brotli: text, js, css and wasm go out brotli-compressed (q11), as a real static host
//   sends them (`make run` and the Lighthouse run in `make bench` use it).
//
// Tests import { startServer } and pass port 0 to get a random free port.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function normaliseBase(base) {
  let b = base || '/';
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

async function statFile(p) {
  try {
    const st = await fsp.stat(p);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.webmanifest', '.txt', '.map']);
/** Brotli-compressed files, by path and modification time (compressed once, q11 as hosts do). */
const brotliCache = new Map();

function brotliOf(filePath, st) {
  const key = `${filePath}:${st.mtimeMs}:${st.size}`;
  let body = brotliCache.get(key);
  if (!body) {
    const raw = fs.readFileSync(filePath);
    body = zlib.brotliCompressSync(raw, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    });
    brotliCache.set(key, body);
  }
  return body;
}

function sendFile(req, res, filePath, st, status = 200, brotli = false) {
  const ext = path.extname(filePath).toLowerCase();
  const headers = {
    'Content-Type': CONTENT_TYPES[ext] || 'application/octet-stream',
    'Content-Length': st.size,
    'X-Content-Type-Options': 'nosniff',
  };
  const name = path.basename(filePath);
  if (name === 'index.html' || name === '404.html' || name === 'sw.js') {
    headers['Cache-Control'] = 'no-cache';
  }
  let body = null;
  if (brotli && COMPRESSIBLE.has(ext) && /\bbr\b/.test(req.headers['accept-encoding'] || '')) {
    body = brotliOf(filePath, st);
    headers['Content-Encoding'] = 'br';
    headers['Content-Length'] = body.length;
    headers['Vary'] = 'Accept-Encoding';
  }
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (body) {
    res.end(body);
    return;
  }
  const stream = fs.createReadStream(filePath);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

/**
 * Start the static server.
 * @param {{dir?: string, port?: number, host?: string, base?: string, brotli?: boolean}} opts
 *   brotli: send text, js, css and wasm brotli-compressed to clients that accept it
 * @returns {Promise<http.Server>} resolves once listening (use server.address().port for port 0)
 */
export function startServer({ dir = 'dist', port = 8080, host = '127.0.0.1', base = '/', brotli = false } = {}) {
  const root = path.resolve(dir);
  const prefix = normaliseBase(base);
  const indexPath = path.join(root, 'index.html');

  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      }
      const url = new URL(req.url, 'http://localhost');
      let pathname;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        return send(res, 400, 'Bad Request\n');
      }
      if (pathname.includes('\0')) return send(res, 400, 'Bad Request\n');

      // Let "/trellis" reach the app mounted at "/trellis/".
      if (prefix !== '/' && pathname === prefix.slice(0, -1)) {
        res.writeHead(301, { Location: prefix + url.search });
        return res.end();
      }
      if (!pathname.startsWith(prefix)) return send(res, 404, 'Not Found\n');

      const rel = pathname.slice(prefix.length);
      const target = path.resolve(root, '.' + path.sep + rel);
      if (target !== root && !target.startsWith(root + path.sep)) {
        return send(res, 403, 'Forbidden\n');
      }

      let st = await statFile(target);
      if (st) return sendFile(req, res, target, st, 200, brotli);
      // Directory with an index.html (e.g. "/" itself).
      const dirIndex = path.join(target, 'index.html');
      st = await statFile(dirIndex);
      if (st) return sendFile(req, res, dirIndex, st, 200, brotli);

      // SPA fallback: anything else under the base (deep links such as /people/abc)
      // gets the app shell with 200.
      st = await statFile(indexPath);
      if (st) return sendFile(req, res, indexPath, st, 200, brotli);
      return send(res, 404, `Not Found (no index.html in ${root})\n`);
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'Internal Server Error\n');
      else res.destroy();
      console.error('serve.mjs:', err);
    }
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--(dir|port|host|base)(?:=(.*))?$/.exec(a);
    if (m) {
      const v = m[2] !== undefined ? m[2] : argv[++i];
      if (v === undefined) throw new Error(`missing value for --${m[1]}`);
      opts[m[1]] = m[1] === 'port' ? Number(v) : v;
    } else if (a === '--brotli') {
      opts.brotli = true;
    } else if (a === '-h' || a === '--help') {
      console.log('usage: node tools/serve.mjs [--dir dist] [--port 8080] [--host 127.0.0.1] [--base /] [--brotli]');
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return opts;
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  let opts;
  try {
    opts = { dir: 'dist', port: 8080, host: '127.0.0.1', base: '/', ...parseArgs(process.argv.slice(2)) };
  } catch (e) {
    console.error(`serve.mjs: ${e.message}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(opts.dir, 'index.html'))) {
    console.error(`serve.mjs: warning: ${path.resolve(opts.dir)}/index.html not found (run \`make dist\`?)`);
  }
  const server = await startServer(opts);
  const { port } = server.address();
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  console.log(`Serving ${opts.dir} at http://${hostForUrl}:${port}${normaliseBase(opts.base)}`);
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => server.close(() => process.exit(0)));
  }
}
