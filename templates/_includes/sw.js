// Service worker for the signage pages only (registered with the display folder as its scope).
// Network first, so a screen shows fresh slogans when it can; the cached copy when the network is gone.
'use strict';
var CACHE = 'qm-display-v1';

// The page that registered this worker is its scope URL; the font and icon paths are relative to this script at the site root.
self.addEventListener('install', function (event) {
  self.skipWaiting();
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([self.registration.scope, new URL('{{ qmFont }}', self.location.href).href, new URL('{{ qmIcon }}', self.location.href).href]);
    }),
  );
});
self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request)
      .then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
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
