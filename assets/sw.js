// The course's service worker: after one visit, every file of this build answers from the
// cache, so the course opens and works with no network. `cargo xtask write-service-worker`
// (xtask/src/service_worker.rs) copies this file to the root of the built folder and fills in
// BUILD: the build's version (a hash of every file's name and content) and its files, as URLs
// relative to the folder. Any change to any file is a new worker, which installs beside the
// running one and waits until the page offers "A new version of the course is ready".
"use strict";

const BUILD = { "version": "development", "files": [], "languages": {} };

// Caches are shared by the whole origin: two copies of the course under different folders
// must never delete each other's, so the name holds the scope as well as the version.
const SCOPE = self.registration.scope;
const PREFIX = `integration-patterns-lab ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
const href = (file) => new URL(file, SCOPE).href;
const COMMON = BUILD.files.map(href);
// Another language's pages and files (`vi/…`, `….vi.json`): cached only for a learner who uses
// that language, so an English learner's phone never downloads them.
const LANGUAGES = Object.fromEntries(Object.entries(BUILD.languages).map(([code, files]) => [code, files.map(href)]));
const PRECACHED = new Set([...COMMON, ...Object.values(LANGUAGES).flat()]);

// "no-cache": never copy a stale index.html from the HTTP cache into a new version.
const fresh = (urls) => urls.map((url) => new Request(url, { cache: "no-cache" }));

// All or nothing: if one file cannot be fetched the install fails, the half-filled cache is
// dropped and the running version stays in charge; the browser tries again on a later visit.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const codes = await languagesInUse();
    const cache = await caches.open(CACHE);
    await cache.addAll(fresh([...COMMON, ...codes.flatMap((code) => LANGUAGES[code])]));
  })().catch((error) => caches.delete(CACHE).then(() => { throw error; })));
});

// The language whose folder holds `url`, if not English.
function languageOf(url) {
  return Object.keys(LANGUAGES).find((code) => url.startsWith(href(`${code}/`))) || null;
}

// The languages to cache with a new version: those of the pages open now, and those the
// version before had cached (its learner uses them).
async function languagesInUse() {
  const codes = new Set();
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const code = languageOf(client.url);
    if (code) codes.add(code);
  }
  for (const name of (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE)) {
    const cache = await caches.open(name);
    for (const code of Object.keys(LANGUAGES)) {
      if (await cache.match(href(`${code}/`))) codes.add(code);
    }
  }
  return [...codes];
}

// A learner who opens a page of another language gets that language's files cached too. A
// failure (offline) leaves the cache as it was; the next page of that language tries again.
async function cacheLanguage(code) {
  const cache = await caches.open(CACHE);
  if (await cache.match(href(`${code}/`))) return;
  await cache.addAll(fresh(LANGUAGES[code])).catch(() => {});
}

// Drops the caches of this app's other versions. On the first install the worker also takes
// charge of the page that registered it; after an update the page's Reload does (see "message").
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const others = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
    await Promise.all(others.map((name) => caches.delete(name)));
    if (others.length === 0) await self.clients.claim();
  })());
});

// The page's Reload button: the waiting worker takes over, and the page reloads when it has.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

// Files of this build answer from the cache; everything else goes to the network untouched.
// Nothing is cached at run time, so an error or opaque response is never stored, and a file of
// another deployment never mixes into this version's cache.
self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const key = cacheKey(request);
  if (key) event.respondWith(caches.match(key, { cacheName: CACHE }).then((cached) => cached || fetch(request)));
  const code = request.mode === "navigate" ? languageOf(request.url) : null;
  if (code) event.waitUntil(cacheLanguage(code));
});

// The cached URL that answers `request`, if any: its URL without the fragment, and for a page
// (a navigation) also the folder for `…/index.html` and `…/index.html` for the folder.
function cacheKey(request) {
  const url = new URL(request.url);
  url.hash = "";
  if (url.origin !== self.location.origin) return null;
  if (PRECACHED.has(url.href)) return url.href;
  if (request.mode !== "navigate") return null;
  const other = url.pathname.endsWith("/")
    ? new URL("index.html", url)
    : new URL(url.pathname.replace(/\/index\.html$/, "/"), url);
  other.search = url.search;
  return PRECACHED.has(other.href) ? other.href : null;
}
