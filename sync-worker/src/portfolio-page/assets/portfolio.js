/* global document, window, fetch, DOMParser, URLSearchParams, history, location, setTimeout, clearTimeout, Event */
// The portfolio page's only script: an enhancement. Without it every filter, sort and language switch is a
// plain link or form submit that the server answers. With it, filters apply as you choose them, sorting does
// not reload the page, and the page follows the portfolio live (a vote cast in Jira shows up within seconds).
(function () {
  'use strict';
  var body = document.body;
  document.documentElement.classList.add('js');
  var live = document.getElementById('live-region');
  var refreshMs = Number(body.getAttribute('data-refresh-ms') || '0');
  var versionUrl = body.getAttribute('data-version-url');
  var liveText = body.getAttribute('data-live-text') || '';
  var version = body.getAttribute('data-version');
  var isList = !!document.getElementById('portfolio-content');
  var swapping = false;
  var debounce;

  function announce(text) {
    if (!live) return;
    live.textContent = '';
    setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  function nowText() {
    var lang = document.documentElement.lang === 'en' ? 'en-GB' : 'da-DK';
    return new Date().toLocaleTimeString(lang);
  }

  // Fetch a view of the page and replace the parts that change, keeping the filter form (and its focus).
  function swap(url, push, focusSelector) {
    if (swapping) return Promise.resolve();
    swapping = true;
    return fetch(url, { headers: { accept: 'text/html' }, credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.text();
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html');
        ['portfolio-content', 'lang-switch'].forEach(function (id) {
          var fresh = doc.getElementById(id);
          var old = document.getElementById(id);
          if (fresh && old) old.replaceWith(document.importNode(fresh, true));
        });
        var freshBody = doc.body;
        if (freshBody) version = freshBody.getAttribute('data-version') || version;
        if (push) history.pushState({ portfolio: true }, '', url);
        window.dispatchEvent(new Event('portfolio:swapped'));
        if (focusSelector) {
          var el = document.querySelector(focusSelector);
          if (el) el.focus();
        }
        bindContent();
      })
      .catch(function () {
        if (push) location.href = url;
      })
      .finally(function () {
        swapping = false;
      });
  }

  function formUrl(form) {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (el) {
      // An unchecked box (the needs-attention filter) is not part of the query, as in a plain form submit.
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      if (el.name && el.value) params.set(el.name, el.value);
    });
    var qs = params.toString();
    return form.getAttribute('action') + (qs ? '?' + qs : '');
  }

  function bindContent() {
    var links = document.querySelectorAll('a.sort-link');
    Array.prototype.forEach.call(links, function (a) {
      a.addEventListener('click', function (ev) {
        if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
        ev.preventDefault();
        var sort = a.getAttribute('data-sort');
        var href = a.getAttribute('href');
        // Keep the form's hidden sort fields in step, so a later filter change keeps the order.
        var u = new URL(href, location.href);
        setHidden('sort', u.searchParams.get('sort'));
        setHidden('dir', u.searchParams.get('dir'));
        swap(href, true, 'a.sort-link[data-sort="' + sort + '"]');
      });
    });
  }

  function setHidden(name, value) {
    // The skip link moves keyboard focus to the content (not only the scroll position).
    var skip = document.querySelector('.skip-link');
    var mainEl = document.getElementById('main');
    if (skip && mainEl) {
      skip.addEventListener('click', function (ev) {
        ev.preventDefault();
        history.pushState(history.state, '', '#main');
        mainEl.focus();
      });
    }

    var form = document.getElementById('filters');
    if (!form) return;
    var input = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (!value) {
      if (input) input.remove();
      return;
    }
    if (!input) {
      input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  var form = document.getElementById('filters');
  if (form && isList) {
    form.addEventListener('change', function (ev) {
      if (ev.target && ev.target.tagName === 'SELECT') swap(formUrl(form), true);
    });
    form.addEventListener('input', function (ev) {
      if (!ev.target || ev.target.name !== 'q') return;
      clearTimeout(debounce);
      debounce = setTimeout(function () {
        swap(formUrl(form), true);
      }, 250);
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      swap(formUrl(form), true);
    });
    // Back/forward between filtered views reloads that view; a jump within the page (#main) does not.
    var shownSearch = location.search;
    window.addEventListener('popstate', function () {
      if (location.search !== shownSearch) location.reload();
    });
    window.addEventListener('portfolio:swapped', function () {
      shownSearch = location.search;
    });
  }
  bindContent();

  // Live updates: ask for the portfolio's version; when it moved, fetch the current view again. A hidden tab
  // does not ask at all; it asks once as soon as it is shown again, then keeps the rhythm.
  var pollTimer = null;
  var polling = false;
  function schedule(ms) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, ms);
  }
  function poll() {
    pollTimer = null;
    if (!versionUrl || refreshMs <= 0) return;
    if (document.hidden || polling) return;
    polling = true;
    fetch(versionUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (data) {
        if (!data || !data.version || data.version === version) return null;
        if (!isList) {
          version = data.version;
          return fetch(location.href, { headers: { accept: 'text/html' } })
            .then(function (res) {
              return res.text();
            })
            .then(function (text) {
              var doc = new DOMParser().parseFromString(text, 'text/html');
              var fresh = doc.querySelector('main');
              var old = document.querySelector('main');
              if (fresh && old) old.replaceWith(document.importNode(fresh, true));
              announce(liveText.replace('{time}', nowText()));
            });
        }
        return swap(location.pathname + location.search, false).then(function () {
          body.setAttribute('data-version', version);
          announce(liveText.replace('{time}', nowText()));
        });
      })
      .catch(function () {})
      .finally(function () {
        polling = false;
        if (!document.hidden) schedule(refreshMs);
      });
  }
  document.addEventListener('visibilitychange', function () {
    if (!document.hidden && refreshMs > 0 && pollTimer === null) poll();
  });
  if (refreshMs > 0) schedule(refreshMs);
})();
