// Service worker of the poster maker (/maker/ only: registered with the maker folder as its scope).
// The page waits for this worker before it starts the render engine, so every file the engine fetches (its script,
// the WASM and the font slices the typed text needs) goes through here and is kept; after one visit the maker works
// with the network unplugged. The cache is named after the build (a new deployment installs a new worker, which
// drops the old cache), so kept files are served first and downloaded once; the page itself and the campaign list
// are fetched fresh when the network is there.
'use strict';
var CACHE = 'qm-maker-{{ qmMaker.version }}';
// Paths of the site's own files (letters, digits, '.', '/', '-'): nothing for autoescape to change.
var CORE = '{{ qmMaker.precache | join(",") }}'.split(',');

self.addEventListener('install', function (event) {
  self.skipWaiting();
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // One by one: a file that cannot be fetched now is simply kept later, when the page fetches it.
      return Promise.all(CORE.map(function (p) { return cache.add(new URL(p, self.location.href).href).catch(function () {}); }));
    }),
  );
});
self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (keys) {
        return Promise.all(keys.filter(function (k) { return k.indexOf('qm-maker-') === 0 && k !== CACHE; }).map(function (k) { return caches.delete(k); }));
      })
      .then(function () { return self.clients.claim(); }),
  );
});

function fetchAndKeep(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok && response.type === 'basic') {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode !== 'navigate' && !/\/campaigns\.json$/.test(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreSearch: true }).then(function (hit) { return hit || fetchAndKeep(event); });
      }),
    );
    return;
  }
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok && response.type === 'basic') {
          var copy = response.clone();
          event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
        }
        return response;
      })
      .catch(function () {
        return caches.match(request, { ignoreSearch: true }).then(function (hit) {
          return hit || Response.error();
        });
      }),
  );
});
