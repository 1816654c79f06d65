(function () {
  'use strict';
  // Signage rotation. Reads the slides already in the page (their text was escaped at build time) and only
  // toggles classes and sizes: no text is ever parsed as HTML. Needs nothing from the network after the first load.
  var body = document.body;
  var params = new URLSearchParams(location.search);
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));

  function clamp(value, min, max, fallback) {
    var n = parseFloat(value);
    if (!isFinite(n)) return fallback;
    return Math.min(max, Math.max(min, n));
  }
  var intervalMs = clamp(params.get('interval'), 1, 600, 8) * 1000;

  // ?slogans=all | none | 1,3,5 | 2-4 (1-based); unknown numbers are ignored, nothing valid means all.
  function pickSlogans(spec, count) {
    if (spec === null || spec === '' || spec === 'all') return null;
    if (spec === 'none') return {};
    var chosen = {};
    var any = false;
    spec.split(',').forEach(function (part) {
      var m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
      if (!m) return;
      var from = Number(m[1]);
      var to = m[2] ? Number(m[2]) : from;
      for (var n = from; n <= to && n <= count; n++) if (n >= 1) { chosen[n] = true; any = true; }
    });
    return any ? chosen : null;
  }
  var sloganCount = slides.filter(function (s) { return s.getAttribute('data-kind') === 'slogan'; }).length;
  var chosen = pickSlogans(params.get('slogans'), sloganCount);
  var showTheme = params.get('theme') !== '0';
  var active = slides.filter(function (s) {
    if (s.getAttribute('data-kind') === 'theme') return showTheme;
    return chosen === null || chosen[Number(s.getAttribute('data-n'))] === true;
  });
  if (active.length === 0) active = slides.slice(0, 1);
  slides.forEach(function (s) { s.classList.toggle('off', active.indexOf(s) < 0); });

  var fixed = params.get('orientation');
  if (['landscape', 'portrait', 'bar'].indexOf(fixed) < 0) fixed = null;
  function orientation() {
    if (fixed) return fixed;
    var w = window.innerWidth, h = window.innerHeight;
    return w >= 3 * h ? 'bar' : w >= h ? 'landscape' : 'portrait';
  }

  function fits(slide) {
    return slide.scrollWidth <= slide.clientWidth && slide.scrollHeight <= slide.clientHeight;
  }
  // The largest size at which the text fits its box; halves stay unbroken unless even the floor is too big.
  function fit(slide, mode) {
    var text = slide.querySelector('.text');
    var w = slide.clientWidth, h = slide.clientHeight;
    var hi = mode === 'bar' ? h * 0.7 : Math.min(w * (mode === 'portrait' ? 0.16 : 0.11), h * 0.4);
    var lo = 8;
    text.classList.remove('wrap');
    text.style.fontSize = lo + 'px';
    if (!fits(slide)) text.classList.add('wrap');
    for (var i = 0; i < 14; i++) {
      var mid = (lo + hi) / 2;
      text.style.fontSize = mid + 'px';
      if (fits(slide)) lo = mid; else hi = mid;
    }
    text.style.fontSize = Math.floor(lo) + 'px';
  }
  function layout() {
    var mode = orientation();
    body.classList.remove('landscape', 'portrait', 'bar');
    body.classList.add(mode);
    active.forEach(function (s) { fit(s, mode); });
  }

  var index = 0;
  function show(i) {
    slides.forEach(function (s) { s.classList.toggle('on', s === active[i]); });
  }
  layout();
  show(0);
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(layout, 150);
  });
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(layout);
  if (active.length > 1) {
    setInterval(function () {
      index = (index + 1) % active.length;
      show(index);
    }, intervalMs);
  }

  // Keep the screen awake where the browser allows it (secure contexts only).
  if (navigator.wakeLock && navigator.wakeLock.request) {
    navigator.wakeLock.request('screen').catch(function () {});
  }
  // Cache this page and its font so that a reload without network still shows the slogans.
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(body.getAttribute('data-sw'), { scope: './' }).catch(function () {});
  }
})();
