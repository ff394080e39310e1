/*
 * Recall Gate console. Everything it shows comes from the service's public API, called from this
 * browser with the caller's own key (kept in sessionStorage for this tab only, sent only in the
 * Authorization header, never in an address). Everything the API returns reaches the page as
 * text (textContent, never HTML), and charts draw on a canvas.
 */
(function () {
  'use strict';

  var I = window.RecallGateI18n;
  var CSV = window.RecallGateCsv;
  var KEY_STORE = 'recallgate.apiKey';
  var LANG_STORE = 'recallgate.lang';
  var VERSION_RE = /^sha256:[0-9a-f]{64}$/;
  var SETTINGS = 'settings.csv';
  var MESSAGES = 'messages.csv';
  var TABS = ['policy', 'settings', 'holds', 'report'];
  var OUTCOMES = ['allow', 'deny', 'redact'];
  var OUTCOME_COLORS = { allow: '#2e9e5b', deny: '#5b6b82', redact: '#d99125' };
  var SHADES = {
    allow: ['#2e9e5b', '#7cc99a', '#1f7a44', '#a9dfbd'],
    deny: ['#5b6b82', '#94a3b8', '#3e4c5e', '#c3ccd8', '#71839c', '#2c3848', '#aab6c6'],
    redact: ['#d99125', '#f2c06d', '#a86a12', '#f7d9a4']
  };
  var OTHER_SHADES = ['#6d5bd0', '#c25b9a', '#3a8fb7', '#8a6d3b'];
  var MAX_CONVERSATIONS = 20;
  var ACTIVE_HOLDS_PAGE = 50;

  var state = {
    lang: initialLanguage(),
    key: readKey(),
    auth: 'unknown',
    prompt: null,
    tab: tabFromHash(),
    policy: { status: 'loading' },
    archive: { status: 'loading' },
    sentences: null,
    settings: null,
    impactPeriod: defaultPeriod(7),
    holds: { input: '', status: 'idle', results: [] },
    activeHolds: { status: 'idle', holds: [], next: null, error: null },
    report: { period: defaultPeriod(30), interval: 'day', status: 'idle' },
    charts: []
  };

  // ---------------------------------------------------------------- small helpers

  function t(key, params) {
    var s = I.t(state.lang, key, params);
    return s === undefined ? key : s;
  }

  function initialLanguage() {
    var saved = null;
    try {
      saved = window.localStorage.getItem(LANG_STORE);
    } catch (e) {
      saved = null;
    }
    if (saved === 'zh-CN' || saved === 'en') {
      return saved;
    }
    var langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (var i = 0; i < langs.length; i++) {
      var l = String(langs[i]).toLowerCase();
      if (l.indexOf('zh') === 0) {
        return 'zh-CN';
      }
      if (l.indexOf('en') === 0) {
        return 'en';
      }
    }
    return 'zh-CN';
  }

  function readKey() {
    try {
      return window.sessionStorage.getItem(KEY_STORE) || null;
    } catch (e) {
      return null;
    }
  }

  function storeKey(key) {
    try {
      if (key) {
        window.sessionStorage.setItem(KEY_STORE, key);
      } else {
        window.sessionStorage.removeItem(KEY_STORE);
      }
    } catch (e) {
      // storage may be off; the key then lasts until the page is reloaded
    }
  }

  function tabFromHash() {
    var h = (window.location.hash || '').replace('#', '');
    return TABS.indexOf(h) >= 0 ? h : 'policy';
  }

  /** An element; props set attributes and listeners; children are nodes or text (always as text). */
  function h(tag, props) {
    var el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined || v === false) {
          return;
        }
        if (k === 'class') {
          el.className = v;
        } else if (k === 'text') {
          el.textContent = v;
        } else if (k.indexOf('on') === 0) {
          el.addEventListener(k.slice(2).toLowerCase(), v);
        } else if (k === 'dataset') {
          Object.keys(v).forEach(function (d) {
            el.dataset[d] = v[d];
          });
        } else if (k === 'value') {
          el.value = v;
        } else if (k === 'disabled' || k === 'hidden' || k === 'selected') {
          el[k] = true;
        } else {
          el.setAttribute(k, v === true ? '' : String(v));
        }
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      add(el, arguments[i]);
    }
    return el;
  }

  function add(el, child) {
    if (arguments.length > 2) {
      for (var i = 1; i < arguments.length; i++) {
        add(el, arguments[i]);
      }
      return;
    }
    if (child === null || child === undefined || child === false) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (c) {
        add(el, c);
      });
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }

  function clear(el) {
    while (el.firstChild) {
      el.removeChild(el.firstChild);
    }
  }

  function num(n) {
    return new Intl.NumberFormat(state.lang).format(n);
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** A moment in this computer's time zone, e.g. 2026/11/24 16:01:00 GMT+8. */
  function localTime(iso) {
    if (!iso) {
      return '';
    }
    var d = new Date(iso);
    if (isNaN(d.getTime())) {
      return String(iso);
    }
    var offset = -d.getTimezoneOffset();
    var zone = 'UTC';
    if (offset) {
      var a = Math.abs(offset);
      zone += (offset > 0 ? '+' : '-') + Math.floor(a / 60) + (a % 60 ? ':' + pad(a % 60) : '');
    }
    return (
      d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' +
      pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + ' (' + zone + ')'
    );
  }

  /** A moment in UTC, as the scenario tests write them: 2026-11-24 08:02:00 UTC. */
  function utcTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) {
      return String(iso);
    }
    return utcDay(d) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds()) + ' UTC';
  }

  function utcDay(d) {
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  }

  function dayStart(day) {
    return new Date(day + 'T00:00:00Z');
  }

  function addDays(day, n) {
    var d = dayStart(day);
    d.setUTCDate(d.getUTCDate() + n);
    return utcDay(d);
  }

  function today() {
    return utcDay(new Date());
  }

  /** The last {@code days} days up to today, as inclusive UTC dates. */
  function defaultPeriod(days) {
    return { from: addDays(today(), -(days - 1)), to: today() };
  }

  /** An RFC 3339 time as the service writes them (no fractions for whole seconds). */
  function rfc3339(d) {
    return d.toISOString().replace('.000Z', 'Z');
  }

  function shortVersion(v) {
    return v && v.indexOf('sha256:') === 0 ? v.slice(0, 19) + '…' : String(v || '');
  }

  function word(v) {
    return String(v || '').trim().toLowerCase().replace(/[_-]/g, ' ').replace(/\s+/g, ' ');
  }

  function outcomeLabel(o) {
    return I.has(state.lang, 'outcome_' + o) ? t('outcome_' + o) : String(o);
  }

  function reasonLabel(code) {
    return I.has(state.lang, 'reason_' + code) ? t('reason_' + code) : String(code);
  }

  function scenarioLabel(id) {
    return I.has(state.lang, 'scenario_' + id) ? t('scenario_' + id) : String(id);
  }

  /** A scenario for a table: its plain name and the id the platform sends. */
  function scenarioCell(id) {
    if (I.has(state.lang, 'scenario_' + id)) {
      return [scenarioLabel(id), ' ', h('span', { class: 'muted mono', text: id })];
    }
    return h('span', { class: 'mono', text: id });
  }

  function outcomeBadge(o) {
    return h('span', { class: 'badge ' + (OUTCOMES.indexOf(o) >= 0 ? o : 'neutral'), text: outcomeLabel(o) });
  }

  /** The reason's sentence from the active policy's messages.csv, in the console's language. */
  function sentence(code) {
    var s = state.sentences;
    if (!s || !s.byCode[code]) {
      return null;
    }
    var row = s.byCode[code];
    var want = state.lang.toLowerCase();
    var exact = null;
    var prefix = null;
    s.languages.forEach(function (lang) {
      var l = lang.toLowerCase();
      if (l === want && row[lang]) {
        exact = row[lang];
      } else if (!prefix && l.split('-')[0] === want.split('-')[0] && row[lang]) {
        prefix = row[lang];
      }
    });
    return exact || prefix || row[s.languages[0]] || null;
  }

  function reasonCell(code) {
    var s = sentence(code);
    return [h('span', { text: reasonLabel(code) }), s ? h('span', { class: 'sentence', text: s }) : null];
  }

  // ---------------------------------------------------------------- the API

  /**
   * One call of the public API with the caller's key. Resolves (never rejects) with
   * {status, ok, body, text}; status 0 when the service could not be reached.
   */
  function api(path, opts) {
    opts = opts || {};
    var headers = { Accept: opts.accept || 'application/json', 'Accept-Language': state.lang };
    if (state.key) {
      headers.Authorization = 'Bearer ' + state.key;
    }
    var init = {
      method: opts.method || 'GET',
      headers: headers,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
      referrerPolicy: 'no-referrer'
    };
    if (opts.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(opts.body);
    }
    return window.fetch(path, init).then(
      function (r) {
        return r.text().then(function (text) {
          var type = r.headers.get('content-type') || '';
          var body = null;
          if (type.indexOf('json') >= 0) {
            try {
              body = JSON.parse(text);
            } catch (e) {
              body = null;
            }
          }
          if (r.status === 401) {
            unauthorized();
          }
          return { status: r.status, ok: r.ok, body: body, text: text };
        });
      },
      function () {
        return { status: 0, ok: false, body: null, text: '' };
      }
    );
  }

  function unauthorized() {
    if (state.prompt) {
      return;
    }
    state.prompt = state.key ? 'rejected' : 'needed';
    state.key = null;
    storeKey(null);
    render();
  }

  /** A notice for an answer that is not 2xx; 403 names the role the section needs. */
  function problem(r, role) {
    if (r.status === 403) {
      return h(
        'div',
        { class: 'notice warn need-role', dataset: { role: role } },
        t('needRole', { role: t('role_' + role) })
      );
    }
    if (r.status === 0) {
      return h('div', { class: 'notice bad' }, t('errNetwork'));
    }
    if (r.status === 429 || r.status === 503) {
      return h('div', { class: 'notice bad' }, t('errBusy'));
    }
    if (r.status === 413) {
      return h('div', { class: 'notice bad' }, t('errTooLarge'));
    }
    var detail = r.body && typeof r.body.detail === 'string' ? r.body.detail : null;
    return h(
      'div',
      { class: 'notice bad' },
      h('strong', { text: t('errOther', { status: r.status }) }),
      detail ? h('span', { class: 'small', text: t('errDetail', { detail: detail }) }) : null
    );
  }

  // ---------------------------------------------------------------- start and loading

  function start() {
    state.prompt = null;
    state.auth = 'unknown';
    state.policy = { status: 'loading' };
    state.archive = { status: 'loading' };
    render();
    api('/v1/policy').then(function (r) {
      if (r.status === 401) {
        return;
      }
      state.auth = state.key ? 'key' : 'off';
      setPolicy(r);
      loadArchive(0);
      loadReport();
      render();
    });
  }

  function setPolicy(r) {
    state.policy = r.ok ? { status: 'ok', data: r.body } : { status: 'error', error: r };
  }

  function refreshPolicy() {
    state.policy = { status: 'loading' };
    render();
    api('/v1/policy').then(function (r) {
      if (r.status === 401) {
        return;
      }
      setPolicy(r);
      loadArchive(0);
      renderFor('policy', 'settings');
    });
  }

  /** The version in force: from /v1/policy, or for a key without that role, from the archive's list. */
  function activeVersion() {
    if (state.policy.status === 'ok' && state.policy.data.version) {
      return Promise.resolve({ version: state.policy.data.version });
    }
    return api('/v1/policy/versions').then(function (r) {
      if (!r.ok || !r.body || !Array.isArray(r.body.versions)) {
        return { error: r };
      }
      var inForce = r.body.versions.filter(function (v) {
        return !v.retiredAt;
      });
      var v = inForce[0] || r.body.versions[0];
      return v ? { version: v.version } : { error: { status: 404, body: null } };
    });
  }

  /** The files of the version in force: the reasons' sentences and the settings table come from there. */
  function loadArchive(attempt) {
    if (attempt === 0) {
      state.archive = { status: 'loading' };
    }
    activeVersion().then(function (v) {
      if (v.error) {
        state.archive = { status: 'error', error: v.error };
        renderFor('settings', 'report');
        return;
      }
      if (!VERSION_RE.test(v.version)) {
        state.archive = { status: 'error', error: { status: 500, body: null } };
        renderFor('settings', 'report');
        return;
      }
      api('/v1/policy/versions/' + v.version).then(function (r) {
        if (r.status === 404 && attempt < 5) {
          // archiving follows activation; it is usually there within a second
          window.setTimeout(function () {
            loadArchive(attempt + 1);
          }, 1000);
          return;
        }
        if (!r.ok || !r.body || !Array.isArray(r.body.files)) {
          state.archive = { status: r.status === 404 ? 'missing' : 'error', error: r };
          renderFor('settings', 'report');
          return;
        }
        state.archive = { status: 'ok', data: r.body };
        state.sentences = readMessages(r.body.files);
        openSettings(r.body);
        renderFor('settings', 'report');
      });
    });
  }

  function fileText(files, path) {
    for (var i = 0; i < files.length; i++) {
      if (files[i].path === path && files[i].encoding !== 'base64') {
        return files[i].content;
      }
    }
    return null;
  }

  function readMessages(files) {
    var text = fileText(files, MESSAGES);
    if (text === null) {
      return null;
    }
    var rows = CSV.parse(text).rows;
    if (!rows.length) {
      return null;
    }
    var languages = rows[0].slice(1).map(function (s) {
      return s.trim();
    });
    var byCode = {};
    rows.slice(1).forEach(function (row) {
      var code = (row[0] || '').trim();
      if (!code) {
        return;
      }
      var entry = {};
      languages.forEach(function (lang, i) {
        entry[lang] = (row[i + 1] || '').trim();
      });
      byCode[code] = entry;
    });
    return { languages: languages, byCode: byCode };
  }

  // ---------------------------------------------------------------- rendering

  /**
   * Draws the page again when an answer that came in changes what the open tab shows; other tabs
   * are drawn from the state when opened (so typing in one is never interrupted by another).
   */
  function renderFor() {
    if (Array.prototype.indexOf.call(arguments, state.tab) >= 0) {
      render();
    }
  }

  function render() {
    state.charts.forEach(function (c) {
      c.dispose();
    });
    state.charts = [];
    document.documentElement.lang = state.lang;
    document.title = 'Recall Gate · ' + t('subtitle');
    document.getElementById('brand-sub').textContent = t('subtitle');
    document.getElementById('foot').textContent = t('footer');
    renderLanguageSwitch();
    renderAuthStatus();
    renderTabs();
    var main = document.getElementById('main');
    clear(main);
    if (state.prompt) {
      main.appendChild(keyPrompt());
      return;
    }
    var panel = h('section', { id: 'section-' + state.tab, role: 'tabpanel', 'aria-labelledby': 'tab-' + state.tab });
    main.appendChild(panel);
    if (state.auth === 'unknown') {
      panel.appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    if (state.tab === 'policy') {
      renderPolicy(panel);
    } else if (state.tab === 'settings') {
      renderSettings(panel);
    } else if (state.tab === 'holds') {
      renderHolds(panel);
    } else {
      renderReport(panel);
    }
  }

  function renderLanguageSwitch() {
    var buttons = document.querySelectorAll('#lang-switch button');
    Array.prototype.forEach.call(buttons, function (b) {
      b.setAttribute('aria-pressed', b.dataset.lang === state.lang ? 'true' : 'false');
    });
  }

  function renderAuthStatus() {
    var el = document.getElementById('auth-status');
    clear(el);
    if (state.auth === 'off') {
      add(el, h('span', { text: t('authOff') }));
    } else if (state.auth === 'key') {
      add(el, h('span', { text: t('authKey') }));
      add(
        el,
        h('button', {
          type: 'button',
          id: 'sign-out',
          text: t('signOut'),
          onclick: function () {
            state.key = null;
            storeKey(null);
            state.settings = null;
            state.sentences = null;
            state.holds = { input: '', status: 'idle', results: [] };
            state.activeHolds = { status: 'idle', holds: [], next: null, error: null };
            start();
          }
        })
      );
    }
  }

  function renderTabs() {
    var nav = document.getElementById('tabs');
    clear(nav);
    nav.hidden = !!state.prompt;
    var names = { policy: 'tabPolicy', settings: 'tabSettings', holds: 'tabHolds', report: 'tabReport' };
    TABS.forEach(function (tab) {
      nav.appendChild(
        h('button', {
          type: 'button',
          role: 'tab',
          id: 'tab-' + tab,
          'aria-selected': state.tab === tab ? 'true' : 'false',
          'aria-controls': 'section-' + tab,
          text: t(names[tab]),
          disabled: !!state.prompt,
          onclick: function () {
            window.location.hash = tab;
          }
        })
      );
    });
  }

  function keyPrompt() {
    var input = h('input', {
      type: 'password',
      id: 'key-input',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-label': t('keyLabel')
    });
    var form = h(
      'form',
      {
        class: 'card key-card',
        id: 'key-form',
        onsubmit: function (e) {
          e.preventDefault();
          var key = input.value.trim();
          if (!key) {
            return;
          }
          state.key = key;
          storeKey(key);
          start();
        }
      },
      h('h2', { text: t('keyTitle') }),
      h('p', { class: 'lead', text: t('keyLead') }),
      state.prompt === 'rejected' ? h('div', { class: 'notice bad', id: 'key-rejected', text: t('keyRejected') }) : null,
      h('label', { class: 'field', for: 'key-input', text: t('keyLabel') }),
      input,
      h('p', { class: 'small', text: t('keyPrivacy') }),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'key-submit', text: t('keyUse') }))
    );
    window.setTimeout(function () {
      input.focus();
    }, 0);
    return form;
  }

  // ---------------------------------------------------------------- the policy in force

  function renderPolicy(panel) {
    var card = h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'chart-head' },
        h('h2', { text: t('policyTitle') }),
        h('button', { type: 'button', class: 'secondary', id: 'policy-refresh', text: t('refresh'), onclick: refreshPolicy })
      ),
      h('p', { class: 'lead', text: t('policyLead') })
    );
    panel.appendChild(card);
    var p = state.policy;
    if (p.status === 'loading') {
      card.appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    if (p.status === 'error') {
      card.appendChild(problem(p.error, 'policy'));
      return;
    }
    var d = p.data;
    if (!d.version) {
      card.appendChild(h('div', { class: 'notice warn', text: t('noPolicy') }));
    } else {
      card.appendChild(
        h(
          'dl',
          { class: 'facts' },
          h('dt', { text: t('version') }),
          h('dd', null, h('code', { id: 'policy-version', title: d.version, dataset: { version: d.version }, text: d.version })),
          h('dt', { text: t('loadedAt') }),
          h('dd', { text: localTime(d.loadedAt) })
        )
      );
    }
    var last = d.lastReload;
    if (last) {
      var reload = h('div', { class: 'card', id: 'last-reload' });
      panel.appendChild(reload);
      var active = last.status === 'active';
      add(
        reload,
        h(
          'div',
          { class: 'chart-head' },
          h('h2', { text: t('lastReload') }),
          h('span', { class: 'badge ' + (active ? 'ok' : 'bad'), id: 'reload-status', text: active ? t('reloadActive') : t('reloadRejected') })
        )
      );
      add(reload, h('p', { class: 'small', text: t('reloadAt', { time: localTime(last.at) }) }));
      var tests = last.scenarioTests || { passed: 0, failed: 0, failures: [] };
      if (!active) {
        add(reload, h('p', { text: t('reloadRejectedLead') }));
      }
      if (last.errors && last.errors.length) {
        add(reload, h('ul', { class: 'located', id: 'reload-errors' }, last.errors.map(locatedError)));
      } else if (active) {
        add(reload, h('p', { class: 'small', text: t('noErrors') }));
      }
      add(reload, testsNotice(tests));
      if (tests.failures && tests.failures.length) {
        add(reload, h('ul', { class: 'tests' }, tests.failures.map(testFailure)));
      }
    }
    var files = h('div', { class: 'card' }, h('h2', { text: t('files') }));
    panel.appendChild(files);
    var rows = (d.files || []).map(function (f) {
      return h(
        'tr',
        null,
        h('td', null, h('code', { text: f.path })),
        h('td', { text: fileRole(f.path) }),
        h('td', null, h('code', { class: 'muted', title: f.sha256, text: String(f.sha256 || '').slice(0, 16) + '…' }))
      );
    });
    files.appendChild(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data compact', id: 'policy-files' },
          h('thead', null, h('tr', null, h('th', { text: t('file') }), h('th', { text: t('fileWhat') }), h('th', { text: t('digest') }))),
          h('tbody', null, rows)
        )
      )
    );
  }

  /** How the scenario tests went; none ran when the rules did not compile. */
  function testsNotice(tests) {
    if (!tests.passed && !tests.failed) {
      return h('p', { class: 'notice info', text: t('testsNotRun') });
    }
    return h('p', {
      class: tests.failed ? 'notice bad' : 'notice ok',
      text: tests.failed ? t('testsSummary', { passed: num(tests.passed), failed: num(tests.failed) }) : t('testsAllPassed', { passed: num(tests.passed) })
    });
  }

  function fileRole(path) {
    var name = String(path);
    var base = name.replace(/^.*\//, '').replace(/\.csv$/, '');
    if (name.indexOf('/') < 0 && I.has(state.lang, 'f_' + base)) {
      return t('f_' + base);
    }
    if (/\.(drl|dslr|dsl)$/.test(name)) {
      return t('f_rule');
    }
    if (/^tests\/.*\.ya?ml$/.test(name)) {
      return t('f_test');
    }
    return t('f_other');
  }

  /** The service's "row 3, column D (Recall window): …" for a table cell, taken apart. */
  function cellMessage(message) {
    var m = /^row (\d+)(?: \(the header\))?, column ([A-Z]+)(?: \(([^)]*)\))?: ([\s\S]*)$/.exec(message);
    if (!m) {
      return null;
    }
    return { row: Number(m[1]), letter: m[2], column: m[3] || m[2], rest: m[4] };
  }

  function columnLabel(name) {
    var key = 'col_' + word(name);
    return I.has(state.lang, key) ? t(key) : name;
  }

  /** One error of a rules folder: where (file, line, column) and what, in plain words. */
  function locatedError(e) {
    var where;
    if (e.line > 0 && e.column > 0) {
      where = t('where', { file: e.file, line: e.line, column: e.column });
    } else if (e.line > 0) {
      where = t('whereLine', { file: e.file, line: e.line });
    } else {
      where = t('whereFile', { file: e.file || '' });
    }
    var text = String(e.message || '');
    var said = null;
    var cell = cellMessage(text);
    if (cell) {
      var plain = I.settingsMessage(state.lang, cell.rest);
      said = t('cellError', {
        where: t('cellWhere', { row: cell.row, column: columnLabel(cell.column) }),
        message: plain || cell.rest
      });
    }
    return h(
      'li',
      null,
      h('span', { class: 'where', text: where }),
      h('span', { text: said || text }),
      said && state.lang !== 'en' ? h('span', { class: 'original', text: text }) : null
    );
  }

  /** A failed scenario test in plain words: its name, what it expected and what came out. */
  function testFailure(f) {
    return h(
      'li',
      null,
      h('span', { class: 'test-name', text: t('testLine', { name: f.name }) }),
      ' ',
      h('span', { class: 'muted small', text: f.file }),
      h('br'),
      h('span', { text: t('expected', { what: plainOutcome(f.expected) }) }),
      h('br'),
      h('span', { text: t('actual', { what: plainOutcome(f.actual) }) })
    );
  }

  /** "allow [WITHIN_WINDOW] allowedUntil=2026-11-24T08:02:00Z" as a sentence. */
  function plainOutcome(s) {
    var text = String(s || '');
    var m = /^(allow|deny|redact|any outcome)(?: \[([A-Z0-9_, ]*)\])?(?: allowedUntil=(.*?))?(?=$| sensitive=| maskedText=| \(rule )/.exec(text);
    if (!m) {
      return text;
    }
    var parts = [m[1] === 'any outcome' ? t('anyOutcome') : outcomeLabel(m[1])];
    if (m[2]) {
      var codes = m[2].split(/,\s*/).filter(Boolean).map(reasonLabel);
      parts[0] += state.lang === 'zh-CN' ? '（' + codes.join('、') + '）' : ' (' + codes.join(', ') + ')';
    }
    if (m[3] !== undefined) {
      if (m[3] === 'null') {
        if (m[1] === 'allow') {
          parts.push(t('noEnd'));
        }
      } else if (/^\d{4}-/.test(m[3])) {
        parts.push(t('until', { time: utcTime(m[3]) }));
      } else {
        parts.push(t('until', { time: m[3] }));
      }
    }
    var rest = text.slice(m[0].length).replace(/ \(rule "[^"]*"\)$/, '').trim();
    if (rest) {
      parts.push(rest);
    }
    return parts.join(state.lang === 'zh-CN' ? '，' : ', ');
  }

  // ---------------------------------------------------------------- the settings table

  /** The editor's state for the settings table of the version in force. */
  function openSettings(archived) {
    var text = fileText(archived.files, SETTINGS);
    var s = state.settings;
    if (s && s.version === archived.version) {
      return;
    }
    if (s && s.version !== archived.version && dirty(s)) {
      // keep the author's edits; the page says they were made on an earlier version
      s.newerVersion = archived;
      return;
    }
    if (text === null) {
      state.settings = { version: archived.version, files: archived.files, missing: true };
      return;
    }
    var parsed = CSV.parse(text);
    var all = parsed.rows.filter(function (r) {
      return r.some(function (c) {
        return c.trim() !== '';
      });
    });
    var header = all.length ? all[0] : [];
    var original = all.slice(1);
    state.settings = {
      version: archived.version,
      files: archived.files,
      form: parsed,
      text: text,
      header: header,
      original: original,
      rows: original.map(function (r, i) {
        return { cells: r.slice(), orig: i };
      }),
      result: null,
      errors: null,
      checking: false
    };
  }

  function width(s) {
    var w = s.header.length;
    s.rows.forEach(function (r) {
      w = Math.max(w, r.cells.length);
    });
    return w;
  }

  function originalCell(s, row, c) {
    if (row.orig < 0) {
      return '';
    }
    var o = s.original[row.orig];
    return c < o.length ? o[c] : '';
  }

  function cellChanged(s, row, c) {
    var v = c < row.cells.length ? row.cells[c] : '';
    return row.orig < 0 ? v !== '' : v !== originalCell(s, row, c);
  }

  function changedCount(s) {
    var n = 0;
    var w = width(s);
    s.rows.forEach(function (row) {
      for (var c = 0; c < w; c++) {
        if (cellChanged(s, row, c)) {
          n++;
        }
      }
    });
    var kept = {};
    s.rows.forEach(function (r) {
      kept[r.orig] = true;
    });
    s.original.forEach(function (r, i) {
      if (!kept[i]) {
        n += r.filter(function (c) {
          return c !== '';
        }).length || 1;
      }
    });
    return n;
  }

  function changedText(count) {
    return count === 0 ? t('noChanges') : count === 1 ? t('changedCell') : t('changedCells', { count: num(count) });
  }

  function dirty(s) {
    return !s.missing && changedCount(s) > 0;
  }

  /** The edited file: its text, where each cell stands, and which table row each line is. */
  function candidate(s) {
    var rows = [s.header.slice()];
    s.rows.forEach(function (row) {
      var keep = row.orig >= 0 ? s.original[row.orig].length : s.header.length;
      for (var c = row.cells.length - 1; c >= keep; c--) {
        if (row.cells[c] !== '') {
          keep = c + 1;
          break;
        }
      }
      var cells = row.cells.slice(0, keep);
      while (cells.length < keep) {
        cells.push('');
      }
      rows.push(cells);
    });
    var written = CSV.write(rows, s.form);
    return { text: written.text, positions: written.positions };
  }

  /** The errors of a check that are about settings.csv, placed on their cells. */
  function placeErrors(s, errors, positions) {
    var placed = { cells: {}, header: {}, rows: {}, other: [] };
    (errors || []).forEach(function (e) {
      if (e.file !== SETTINGS) {
        placed.other.push(e);
        return;
      }
      var at = e.line > 0 ? CSV.locate(positions, e.line, Math.max(1, e.column)) : null;
      var cell = cellMessage(String(e.message || ''));
      var col = at ? at.col : -1;
      if (cell) {
        col = letterIndex(cell.letter);
      }
      if (!at || col < 0) {
        placed.other.push(e);
        return;
      }
      var entry = { error: e, cell: cell, col: col };
      if (at.row === 0) {
        (placed.header[col] = placed.header[col] || []).push(entry);
      } else {
        var key = at.row - 1 + ':' + col;
        (placed.cells[key] = placed.cells[key] || []).push(entry);
        (placed.rows[at.row - 1] = placed.rows[at.row - 1] || []).push(entry);
      }
    });
    return placed;
  }

  function letterIndex(letters) {
    var n = 0;
    for (var i = 0; i < letters.length; i++) {
      n = n * 26 + (letters.charCodeAt(i) - 64);
    }
    return n - 1;
  }

  function cellErrorText(entry, s) {
    var name = entry.col < s.header.length ? s.header[entry.col] : CSV.letter(entry.col);
    var rest = entry.cell ? entry.cell.rest : String(entry.error.message || '');
    var plain = I.settingsMessage(state.lang, rest) || rest;
    return t('cellError', { where: t('cellWhere', { row: entry.cell ? entry.cell.row : '?', column: columnLabel(name) }), message: plain });
  }

  function renderSettings(panel) {
    var card = h('div', { class: 'card' }, h('h2', { text: t('settingsTitle') }), h('p', { class: 'lead', text: t('settingsLead') }));
    panel.appendChild(card);
    if (state.policy.status === 'error') {
      card.appendChild(problem(state.policy.error, 'policy'));
      return;
    }
    if (state.policy.status === 'loading' || state.archive.status === 'loading') {
      card.appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    if (state.archive.status === 'missing') {
      card.appendChild(h('div', { class: 'notice warn', text: t('notArchived') }));
      return;
    }
    if (state.archive.status === 'error') {
      card.appendChild(problem(state.archive.error, 'policy'));
      return;
    }
    var s = state.settings;
    if (!s || s.missing) {
      card.appendChild(h('div', { class: 'notice warn', text: t('settingsMissing') }));
      return;
    }
    card.appendChild(h('p', { class: 'small' }, t('settingsBase', { version: '' }), h('code', { title: s.version, text: shortVersion(s.version) })));
    if (s.newerVersion) {
      card.appendChild(
        h(
          'div',
          { class: 'notice warn' },
          t('newerVersion'),
          ' ',
          h('button', {
            type: 'button',
            class: 'link',
            text: t('reset'),
            onclick: function () {
              var newer = s.newerVersion;
              state.settings = null;
              openSettings(newer);
              render();
            }
          })
        )
      );
    }
    var placed = s.errors;
    var w = width(s);

    var headRow = h('tr', null, h('th', { class: 'rownum', text: '1' }));
    for (var c = 0; c < w; c++) {
      var name = c < s.header.length ? s.header[c] : '';
      var label = columnLabel(name);
      headRow.appendChild(
        h(
          'th',
          { class: placed && placed.header[c] ? 'error-col' : null, scope: 'col', dataset: { column: name } },
          h('span', { class: 'col-letter', text: CSV.letter(c) }),
          label,
          label !== name ? h('span', { class: 'col-file', text: name }) : null
        )
      );
    }
    headRow.appendChild(h('th', { class: 'rownum' }));
    var body = h('tbody');
    s.rows.forEach(function (row, r) {
      var rowErrors = placed && placed.rows[r];
      var tr = h('tr', { class: rowErrors ? 'error-row' : null }, h('td', { class: 'rownum', text: String(r + 2) }));
      for (var c2 = 0; c2 < w; c2++) {
        tr.appendChild(sheetCell(s, row, r, c2, placed));
      }
      tr.appendChild(
        h(
          'td',
          { class: 'rowtools' },
          h('button', {
            type: 'button',
            class: 'remove',
            title: t('removeRow'),
            'aria-label': t('removeRow') + ' ' + (r + 2),
            text: '✕',
            onclick: function () {
              s.rows.splice(r, 1);
              outdate(s, true);
              render();
            }
          })
        )
      );
      body.appendChild(tr);
      if (rowErrors) {
        body.appendChild(
          h(
            'tr',
            { class: 'error-line' },
            h('td', { class: 'rownum' }),
            h('td', { class: 'error-msg', colspan: String(w + 1) }, rowErrors.map(function (entry, i) {
              return [i ? h('br') : null, cellErrorText(entry, s)];
            }))
          )
        );
      }
    });
    var headerErrors = placed
      ? Object.keys(placed.header).reduce(function (all, k) {
          return all.concat(placed.header[k]);
        }, [])
      : [];
    if (headerErrors.length) {
      card.appendChild(
        h('div', { class: 'notice bad' }, headerErrors.map(function (entry, i) {
          return [i ? h('br') : null, String(entry.error.message)];
        }))
      );
    }
    card.appendChild(
      h(
        'div',
        { class: 'sheet-legend' },
        h('span', null, h('span', { class: 'swatch changed' }), t('legendChanged')),
        h('span', null, h('span', { class: 'swatch error' }), t('legendError'))
      )
    );
    card.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'sheet', id: 'settings-table' }, h('thead', null, headRow), body)));
    card.appendChild(datalists());
    card.appendChild(
      h(
        'div',
        { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'secondary',
          id: 'add-row',
          text: '+ ' + t('addRow'),
          onclick: function () {
            var cells = [];
            for (var i = 0; i < w; i++) {
              cells.push('');
            }
            s.rows.push({ cells: cells, orig: -1 });
            outdate(s, true);
            render();
          }
        })
      )
    );
    var hints = h('dl', { class: 'hints' });
    card.appendChild(h('h3', { text: t('hintsTitle') }));
    s.header.forEach(function (name) {
      var key = 'hint_' + word(name);
      if (I.has(state.lang, key)) {
        add(hints, [h('dt', { text: columnLabel(name) }), h('dd', { text: t(key) })]);
      }
    });
    card.appendChild(hints);

    // the check
    var check = h('div', { class: 'card', id: 'settings-check' }, h('h2', { text: t('checkTitle') }));
    panel.appendChild(check);
    var from = h('input', {
      type: 'date',
      id: 'impact-from',
      value: state.impactPeriod.from,
      onchange: function (e) {
        state.impactPeriod.from = e.target.value;
      }
    });
    var to = h('input', {
      type: 'date',
      id: 'impact-to',
      value: state.impactPeriod.to,
      onchange: function (e) {
        state.impactPeriod.to = e.target.value;
      }
    });
    add(
      check,
      h('p', { text: t('period') }),
      h(
        'div',
        { class: 'controls' },
        h('label', { class: 'field' }, t('from'), from),
        h('label', { class: 'field' }, t('to'), to)
      )
    );
    var count = changedCount(s);
    add(
      check,
      h(
        'div',
        { class: 'actions' },
        h('button', {
          type: 'button',
          class: 'primary',
          id: 'check-button',
          disabled: s.checking,
          text: s.checking ? t('checking') : t('check'),
          onclick: function () {
            runCheck(s);
          }
        }),
        h('button', {
          type: 'button',
          class: 'secondary',
          id: 'download-settings',
          disabled: count === 0,
          text: '⬇ ' + t('download'),
          onclick: function () {
            download(candidate(s).text, SETTINGS, 'text/csv;charset=utf-8');
          }
        }),
        h('button', {
          type: 'button',
          class: 'secondary',
          id: 'reset-settings',
          disabled: count === 0,
          text: t('reset'),
          onclick: function () {
            s.rows = s.original.map(function (r, i) {
              return { cells: r.slice(), orig: i };
            });
            s.result = null;
            s.errors = null;
            render();
          }
        })
      ),
      h('p', { class: 'small', id: 'changed-count', text: changedText(count) }),
      h('div', { class: 'save-note', id: 'save-note', text: t('saveNote') })
    );
    var result = h('div', { id: 'check-result', class: s.result && s.result.stale ? 'stale' : null });
    check.appendChild(result);
    if (s.result && s.result.stale) {
      check.insertBefore(h('div', { class: 'notice warn', id: 'stale-result', text: t('staleResult') }), result);
    }
    if (s.result) {
      renderResult(result, s);
    }
  }

  function datalists() {
    var lists = {
      'dl-yesno': ['yes', 'no'],
      'dl-ordinary': ['window', 'latest unreplied', 'never'],
      'dl-duration': ['90 seconds', '2 minutes', '5 minutes', '10 minutes', '30 minutes', '24 hours', '7 days'],
      'dl-sensitive': ['recall', 'redact']
    };
    return h(
      'div',
      { hidden: true },
      Object.keys(lists).map(function (id) {
        return h('datalist', { id: id }, lists[id].map(function (v) {
          return h('option', { value: v });
        }));
      })
    );
  }

  function listFor(name) {
    switch (word(name)) {
      case 'in force':
        return 'dl-yesno';
      case 'ordinary messages':
        return 'dl-ordinary';
      case 'recall window':
      case 'sensitive data window':
        return 'dl-duration';
      case 'sensitive data':
        return 'dl-sensitive';
      default:
        return null;
    }
  }

  function sheetCell(s, row, r, c, placed) {
    var value = c < row.cells.length ? row.cells[c] : '';
    var errors = placed && placed.cells[r + ':' + c];
    var td = h('td', {
      class: [cellChanged(s, row, c) ? 'changed' : '', errors ? 'error' : ''].join(' ').trim() || null,
      dataset: { row: String(r), col: String(c) }
    });
    var name = c < s.header.length ? s.header[c] : CSV.letter(c);
    var input = h('input', {
      type: 'text',
      value: value,
      list: listFor(name),
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-label': t('rowLabel', { row: r + 2 }) + ' · ' + columnLabel(name),
      'aria-invalid': errors ? 'true' : null,
      title: errors ? errors.map(function (e) {
        return cellErrorText(e, s);
      }).join('\n') : null,
      dataset: { row: String(r), col: String(c) },
      oninput: function (e) {
        while (row.cells.length <= c) {
          row.cells.push('');
        }
        row.cells[c] = e.target.value;
        td.classList.toggle('changed', cellChanged(s, row, c));
        td.classList.remove('error');
        outdate(s, false);
        var count = changedCount(s);
        var el = document.getElementById('changed-count');
        if (el) {
          el.textContent = changedText(count);
        }
        ['download-settings', 'reset-settings'].forEach(function (id) {
          var b = document.getElementById(id);
          if (b) {
            b.disabled = count === 0;
          }
        });
      }
    });
    td.appendChild(input);
    return td;
  }

  /** The table changed after a check: its result no longer describes what is in the table. */
  function outdate(s, structural) {
    if (s.result && !s.result.stale) {
      s.result.stale = true;
      var result = document.getElementById('check-result');
      if (result && !structural) {
        result.classList.add('stale');
        if (!document.getElementById('stale-result')) {
          result.parentNode.insertBefore(h('div', { class: 'notice warn', id: 'stale-result', text: t('staleResult') }), result);
        }
      }
    }
    if (structural) {
      s.errors = null;
    }
  }

  function periodBounds(period) {
    var since = dayStart(period.from);
    var until = dayStart(addDays(period.to, 1));
    var now = new Date();
    if (until > now) {
      until = now;
    }
    return { since: since, until: until };
  }

  function runCheck(s) {
    if (!state.impactPeriod.from || !state.impactPeriod.to || state.impactPeriod.from > state.impactPeriod.to) {
      s.result = { error: null, badPeriod: true };
      render();
      return;
    }
    var c = candidate(s);
    var files = s.files.map(function (f) {
      var file = { path: f.path, content: f.path === SETTINGS ? c.text : f.content };
      if (f.encoding && f.path !== SETTINGS) {
        file.encoding = f.encoding;
      }
      return file;
    });
    var bounds = periodBounds(state.impactPeriod);
    s.checking = true;
    render();
    api('/v1/policy/impact', {
      method: 'POST',
      body: { files: files, since: rfc3339(bounds.since), until: rfc3339(bounds.until) }
    }).then(function (r) {
      s.checking = false;
      if (r.status === 401) {
        return;
      }
      if (r.ok && r.body) {
        s.result = { data: r.body, period: { from: state.impactPeriod.from, to: state.impactPeriod.to }, stale: false };
        s.errors = placeErrors(s, r.body.errors, c.positions);
      } else {
        s.result = { error: r };
        s.errors = null;
      }
      renderFor('settings');
      var first = document.querySelector('#settings-table td.error input');
      var result = document.getElementById('check-result');
      if (first) {
        first.focus();
      } else if (result) {
        result.scrollIntoView({ block: 'nearest' });
      }
    });
  }

  function renderResult(el, s) {
    var res = s.result;
    if (res.badPeriod) {
      add(el, h('div', { class: 'notice bad', text: t('badPeriod') }));
      return;
    }
    if (res.error) {
      add(el, problem(res.error, 'policy'));
      return;
    }
    var d = res.data;
    var tests = d.scenarioTests || { passed: 0, failed: 0, failures: [] };
    if (d.status === 'valid') {
      add(el, h('div', { class: 'notice ok', id: 'check-status', dataset: { status: 'valid' }, text: t('valid', { passed: num(tests.passed) }) }));
      renderImpact(el, d, res);
      return;
    }
    add(el, h('div', { class: 'notice bad', id: 'check-status', dataset: { status: String(d.status) }, text: t('rejected') }));
    var errs = d.errors || [];
    if (errs.length) {
      add(el, h('h3', { text: t('errorsTitle') }));
      add(
        el,
        h('ul', { class: 'located', id: 'check-errors' }, errs.map(function (e) {
          var li = locatedError(e);
          if (e.file === SETTINGS) {
            li.appendChild(
              h('button', {
                type: 'button',
                class: 'link small',
                text: t('showInTable'),
                onclick: function () {
                  var cell = document.querySelector('#settings-table td.error input');
                  if (cell) {
                    cell.scrollIntoView({ block: 'center' });
                    cell.focus();
                  }
                }
              })
            );
          }
          return li;
        }))
      );
    }
    if (!tests.passed && !tests.failed) {
      add(el, testsNotice(tests));
    }
    if (tests.failed) {
      add(el, h('h3', { text: t('testsFailedTitle', { failed: num(tests.failed) }) }));
      add(el, h('ul', { class: 'tests', id: 'check-test-failures' }, (tests.failures || []).map(testFailure)));
      add(el, h('div', { class: 'notice info', text: t('testsFailedHint') }));
    }
  }

  function renderImpact(el, d, res) {
    var period = { from: res.period.from, to: res.period.to };
    var changed = Number(d.changed || 0);
    var replayed = Number(d.replayed || 0);
    var summary = h('div', { class: 'impact-headline', id: 'impact-summary', dataset: { changed: String(changed), replayed: String(replayed) } });
    add(summary, h('span', { class: 'big-number', id: 'impact-changed', text: num(changed) }));
    add(
      summary,
      h(
        'div',
        null,
        h('strong', { text: changed === 0 ? t('impactNoneHead') : changed === 1 ? t('impactOneHead') : t('impactSomeHead') }),
        h('span', { class: 'small', text: t('impactPeriod', { replayed: num(replayed), from: period.from, to: period.to }) })
      )
    );
    add(el, summary);
    if (d.skipped) {
      add(el, h('p', { class: 'small', id: 'impact-skipped', text: t('impactSkipped', { skipped: num(d.skipped) }) }));
    }
    var transitions = d.transitions || [];
    if (!transitions.length) {
      return;
    }
    var rows = transitions.map(function (tr) {
      var examples = tr.examples || [];
      var shown = examples.slice(0, 3);
      return h(
        'tr',
        { class: 'transition-row' },
        h('td', null, scenarioCell(tr.scenario)),
        h('td', null, transitionSide(tr.from)),
        h('td', null, transitionSide(tr.to)),
        h('td', { class: 'num count', text: num(tr.count) }),
        h(
          'td',
          { class: 'examples mono' },
          shown.map(function (id, i) {
            return [i ? h('br') : null, id];
          }),
          examples.length > shown.length ? [h('br'), h('span', { class: 'muted', text: t('moreExamples', { count: num(examples.length) }) })] : null
        )
      );
    });
    add(
      el,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data', id: 'impact-transitions' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { text: t('thScenario') }),
              h('th', { text: t('thBefore') }),
              h('th', { text: t('thAfter') }),
              h('th', { class: 'num', text: t('thCount') }),
              h('th', { text: t('thExamples') })
            )
          ),
          h('tbody', null, rows)
        )
      )
    );
  }

  function transitionSide(side) {
    side = side || {};
    var s = sentence(side.reason);
    return [
      h('div', { class: 'transition' }, outcomeBadge(side.outcome), h('span', { text: reasonLabel(side.reason) })),
      s ? h('span', { class: 'sentence small', text: s }) : null
    ];
  }

  function download(text, name, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = h('a', { href: url, download: name, hidden: true });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  // ---------------------------------------------------------------- dispute holds

  /** A page of the tenant's active holds, newest first ({@code GET /v1/holds}); more: the next page. */
  function loadActiveHolds(more) {
    var ah = state.activeHolds;
    var path = '/v1/holds?limit=' + ACTIVE_HOLDS_PAGE + (more && ah.next ? '&cursor=' + encodeURIComponent(ah.next) : '');
    ah.status = more ? 'more' : 'loading';
    ah.error = null;
    renderFor('holds');
    api(path).then(function (r) {
      if (r.status === 401) {
        return;
      }
      if (!r.ok) {
        ah.status = 'done';
        ah.error = r;
      } else {
        ah.status = 'done';
        ah.holds = (more ? ah.holds : []).concat((r.body && r.body.holds) || []);
        ah.next = (r.body && r.body.next) || null;
      }
      renderFor('holds');
    });
  }

  function renderActiveHolds(panel) {
    var ah = state.activeHolds;
    if (ah.status === 'idle') {
      loadActiveHolds(false);
    }
    var card = h('div', { class: 'card', id: 'active-holds' }, h('h2', { text: t('activeHoldsTitle') }), h('p', { class: 'lead', text: t('activeHoldsLead') }));
    panel.appendChild(card);
    if (ah.status === 'loading') {
      card.appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    if (ah.error && ah.error.status === 403) {
      card.appendChild(problem(ah.error, 'dispute'));
      return;
    }
    if (!ah.holds.length && !ah.error) {
      card.appendChild(h('p', { class: 'muted', id: 'active-holds-none', text: t('activeHoldsNone') }));
    }
    if (ah.holds.length) {
      card.appendChild(h('p', { class: 'small', text: t(ah.next ? 'activeHoldsShownMore' : 'activeHoldsShown', { count: num(ah.holds.length) }) }));
      card.appendChild(
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data hold-table', id: 'active-holds-table' },
            h(
              'thead',
              null,
              h('tr', null, h('th', { text: t('thConversation') }), h('th', { text: t('thScope') }), h('th', { text: t('thReason') }), h('th', { text: t('thPlacedBy') }), h('th', { text: t('thPlacedAt') }))
            ),
            h(
              'tbody',
              null,
              ah.holds.map(function (x) {
                var ids = x.messageIds || [];
                return h(
                  'tr',
                  { class: 'hold-active', dataset: { hold: String(x.holdId), conversation: String(x.conversationId) } },
                  h('td', null, h('button', { type: 'button', class: 'link', title: t('activeHoldsHistory'), text: x.conversationId, onclick: function () { state.holds.input = x.conversationId; searchHolds(); } })),
                  h('td', { text: ids.length ? t('messagesScope', { ids: ids.join(', ') }) : t('wholeConversation') }),
                  h('td', { text: x.reason || '—' }),
                  h('td', { text: x.placedBy || '—' }),
                  h('td', { text: localTime(x.placedAt) })
                );
              })
            )
          )
        )
      );
    }
    if (ah.error) {
      card.appendChild(problem(ah.error, 'dispute'));
    }
    card.appendChild(
      h(
        'div',
        { class: 'actions' },
        ah.next
          ? h('button', { type: 'button', class: 'secondary', id: 'active-holds-more', text: ah.status === 'more' ? t('loading') : t('activeHoldsMore'), disabled: ah.status === 'more', onclick: function () { loadActiveHolds(true); } })
          : null,
        h('button', { type: 'button', class: 'secondary', id: 'active-holds-refresh', text: t('activeHoldsRefresh'), disabled: ah.status === 'more', onclick: function () { loadActiveHolds(false); } }),
        ah.holds.length ? h('span', { class: 'small', text: t('timesLocal') }) : null
      )
    );
  }

  function renderHolds(panel) {
    renderActiveHolds(panel);
    var card = h('div', { class: 'card' }, h('h2', { text: t('holdsHistoryTitle') }), h('p', { class: 'lead', text: t('holdsLead') }));
    panel.appendChild(card);
    var input = h('input', {
      type: 'text',
      id: 'hold-ids',
      spellcheck: 'false',
      autocomplete: 'off',
      'aria-label': t('holdsInput'),
      oninput: function (e) {
        state.holds.input = e.target.value;
      },
      onkeydown: function (e) {
        if (e.key === 'Enter') {
          e.preventDefault();
          searchHolds();
        }
      }
    });
    input.value = state.holds.input;
    card.appendChild(
      h(
        'div',
        { class: 'hold-search' },
        h('label', { class: 'field' }, t('holdsInput'), input),
        h('button', { type: 'button', class: 'primary', id: 'hold-search', text: t('holdsSearch'), onclick: searchHolds })
      )
    );
    var hs = state.holds;
    var out = h('div', { id: 'hold-results' });
    card.appendChild(out);
    if (hs.status === 'loading') {
      out.appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    if (hs.error) {
      out.appendChild(hs.error.message ? h('div', { class: 'notice bad', text: hs.error.message }) : problem(hs.error, 'dispute'));
      return;
    }
    hs.results.forEach(function (res) {
      out.appendChild(conversationHolds(res));
    });
    if (hs.results.length) {
      card.appendChild(h('p', { class: 'small', text: t('timesLocal') }));
    }
  }

  function searchHolds() {
    var ids = [];
    state.holds.input.split(/[\s,，;；、]+/).forEach(function (id) {
      if (id && ids.indexOf(id) < 0) {
        ids.push(id);
      }
    });
    if (!ids.length) {
      return;
    }
    if (ids.length > MAX_CONVERSATIONS) {
      state.holds = { input: state.holds.input, status: 'done', results: [], error: { message: t('holdsTooMany', { max: MAX_CONVERSATIONS }) } };
      render();
      return;
    }
    state.holds.status = 'loading';
    state.holds.error = null;
    render();
    Promise.all(
      ids.map(function (id) {
        if (id.length > 128) {
          return Promise.resolve({ id: id, bad: true });
        }
        return api('/v1/holds?conversationId=' + encodeURIComponent(id)).then(function (r) {
          return { id: id, r: r };
        });
      })
    ).then(function (answers) {
      var denied = answers.filter(function (a) {
        return a.r && (a.r.status === 403 || a.r.status === 401);
      })[0];
      state.holds.status = 'done';
      if (denied) {
        if (denied.r.status === 401) {
          return;
        }
        state.holds.error = denied.r;
        state.holds.results = [];
      } else {
        state.holds.results = answers;
      }
      renderFor('holds');
    });
  }

  function conversationHolds(res) {
    var box = h('div', { class: 'conversation', dataset: { conversation: res.id } });
    if (res.bad || (res.r && res.r.status === 400)) {
      box.appendChild(h('div', { class: 'notice warn', text: t('holdsBadId', { id: res.id }) }));
      return box;
    }
    if (!res.r.ok) {
      box.appendChild(problem(res.r, 'dispute'));
      return box;
    }
    var holds = (res.r.body && res.r.body.holds) || [];
    if (!holds.length) {
      box.appendChild(h('p', { class: 'muted', text: t('holdsNone', { id: res.id }) }));
      return box;
    }
    var active = holds.filter(function (x) {
      return !x.releasedAt;
    });
    holds = active.concat(
      holds.filter(function (x) {
        return !!x.releasedAt;
      })
    );
    box.appendChild(h('h3', { text: t('holdsSummary', { id: res.id, active: num(active.length), released: num(holds.length - active.length) }) }));
    box.appendChild(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data hold-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { text: t('thStatus') }),
              h('th', { text: t('thScope') }),
              h('th', { text: t('thReason') }),
              h('th', { text: t('thPlaced') }),
              h('th', { text: t('thReleased') })
            )
          ),
          h(
            'tbody',
            null,
            holds.map(function (x) {
              var released = !!x.releasedAt;
              var ids = x.messageIds || [];
              return h(
                'tr',
                { class: released ? 'hold-released' : 'hold-active', dataset: { hold: String(x.holdId) } },
                h('td', null, h('span', { class: 'badge ' + (released ? 'neutral' : 'bad'), text: released ? t('holdReleased') : t('holdActive') })),
                h('td', { text: ids.length ? t('messagesScope', { ids: ids.join(', ') }) : t('wholeConversation') }),
                h('td', { text: x.reason || '' }),
                h('td', { text: t('byAt', { who: x.placedBy || '', time: localTime(x.placedAt) }) }),
                h(
                  'td',
                  null,
                  released ? t('byAt', { who: x.releasedBy || '', time: localTime(x.releasedAt) }) : '—',
                  released && x.releaseReason ? h('span', { class: 'sentence', text: x.releaseReason }) : null
                )
              );
            })
          )
        )
      )
    );
    return box;
  }

  // ---------------------------------------------------------------- reports

  function reportQuery(groupBy) {
    var p = state.report.period;
    return (
      '/v1/reports/decisions?from=' +
      encodeURIComponent(p.from + 'T00:00:00Z') +
      '&to=' +
      encodeURIComponent(addDays(p.to, 1) + 'T00:00:00Z') +
      '&interval=' +
      encodeURIComponent(state.report.interval) +
      '&groupBy=' +
      encodeURIComponent(groupBy)
    );
  }

  var BY_OUTCOME = 'outcome';
  var BY_SCENARIO = 'scenario,outcome,reason';

  function loadReport() {
    var rep = state.report;
    if (!rep.period.from || !rep.period.to || rep.period.from > rep.period.to) {
      rep.status = 'bad';
      renderFor('report');
      return;
    }
    rep.status = 'loading';
    renderFor('report');
    Promise.all([api(reportQuery(BY_OUTCOME)), api(reportQuery(BY_SCENARIO))]).then(function (answers) {
      if (answers[0].status === 401 || answers[1].status === 401) {
        return;
      }
      var failed = !answers[0].ok ? answers[0] : !answers[1].ok ? answers[1] : null;
      if (failed) {
        rep.status = 'error';
        rep.error = failed;
      } else {
        rep.status = 'ok';
        rep.daily = answers[0].body;
        rep.scenario = answers[1].body;
      }
      renderFor('report');
    });
  }

  function setPeriod(from, to) {
    state.report.period = { from: from, to: to };
    loadReport();
  }

  function renderReport(panel) {
    var rep = state.report;
    var card = h('div', { class: 'card' }, h('h2', { text: t('reportTitle') }), h('p', { class: 'lead', text: t('reportLead') }));
    panel.appendChild(card);
    if (rep.status === 'error' && rep.error.status === 403) {
      card.appendChild(problem(rep.error, 'auditor'));
      return;
    }
    var from = h('input', { type: 'date', id: 'report-from', value: rep.period.from });
    var to = h('input', { type: 'date', id: 'report-to', value: rep.period.to });
    var interval = h(
      'select',
      { id: 'report-interval' },
      ['day', 'week', 'month'].map(function (i) {
        return h('option', { value: i, selected: rep.interval === i, text: t('i_' + i) });
      })
    );
    var now = today();
    var monthStart = now.slice(0, 8) + '01';
    var lastMonthEnd = addDays(monthStart, -1);
    card.appendChild(
      h(
        'div',
        { class: 'controls' },
        h('label', { class: 'field' }, t('from'), from),
        h('label', { class: 'field' }, t('to'), to),
        h('label', { class: 'field' }, t('interval'), interval),
        h('button', {
          type: 'button',
          class: 'primary',
          id: 'report-update',
          text: t('update'),
          onclick: function () {
            state.report.interval = interval.value;
            setPeriod(from.value, to.value);
          }
        })
      )
    );
    card.appendChild(
      h(
        'div',
        { class: 'quick' },
        h('button', { type: 'button', text: t('last7'), onclick: function () { setPeriod(addDays(now, -6), now); } }),
        h('button', { type: 'button', text: t('last30'), onclick: function () { setPeriod(addDays(now, -29), now); } }),
        h('button', { type: 'button', text: t('thisMonth'), onclick: function () { setPeriod(monthStart, now); } }),
        h('button', { type: 'button', text: t('lastMonth'), onclick: function () { setPeriod(lastMonthEnd.slice(0, 8) + '01', lastMonthEnd); } })
      )
    );
    if (rep.status === 'bad') {
      card.appendChild(h('div', { class: 'notice bad', text: t('badPeriod') }));
      return;
    }
    if (rep.status === 'loading' || rep.status === 'idle') {
      card.appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    if (rep.status === 'error') {
      card.appendChild(problem(rep.error, 'auditor'));
      return;
    }
    var daily = rep.daily;
    var totals = { all: 0 };
    (daily.rows || []).forEach(function (row) {
      totals.all += row.count;
      totals[row.outcome] = (totals[row.outcome] || 0) + row.count;
    });
    var totalsEl = h(
      'div',
      { class: 'totals', id: 'report-totals' },
      h('div', null, h('span', { class: 'label', text: t('totalDecisions') }), h('span', { class: 'value', text: num(totals.all) }))
    );
    outcomesOf(daily.rows).forEach(function (o) {
      add(
        totalsEl,
        h(
          'div',
          null,
          h('span', { class: 'label' }, h('span', { class: 'swatch ' + o }), outcomeLabel(o)),
          h('span', { class: 'value', text: num(totals[o] || 0) })
        )
      );
    });
    card.appendChild(totalsEl);
    if (!totals.all) {
      card.appendChild(h('div', { class: 'notice info', id: 'report-empty', text: t('noDecisions') }));
    }
    panel.appendChild(dailyCard(daily));
    panel.appendChild(scenarioCard(rep.scenario));
    drawCharts(daily, rep.scenario);
  }

  function outcomesOf(rows) {
    var seen = {};
    (rows || []).forEach(function (r) {
      seen[r.outcome] = true;
    });
    return OUTCOMES.filter(function (o) {
      return seen[o];
    }).concat(
      Object.keys(seen)
        .filter(function (o) {
          return OUTCOMES.indexOf(o) < 0;
        })
        .sort()
    );
  }

  /** Every bucket of the period, as the service labels them (a bucket without decisions counts 0). */
  function buckets(report) {
    var from = new Date(report.from);
    var to = new Date(report.to);
    var start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
    if (report.interval === 'week') {
      start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
    } else if (report.interval === 'month') {
      start.setUTCDate(1);
    } else if (report.interval === 'hour') {
      start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), from.getUTCHours()));
    }
    var out = [];
    for (var d = start; d < to && out.length < 1000; ) {
      out.push(rfc3339(d));
      d = new Date(d.getTime());
      if (report.interval === 'week') {
        d.setUTCDate(d.getUTCDate() + 7);
      } else if (report.interval === 'month') {
        d.setUTCMonth(d.getUTCMonth() + 1);
      } else if (report.interval === 'hour') {
        d.setUTCHours(d.getUTCHours() + 1);
      } else {
        d.setUTCDate(d.getUTCDate() + 1);
      }
    }
    (report.rows || []).forEach(function (r) {
      if (out.indexOf(r.bucket) < 0) {
        out.push(r.bucket);
      }
    });
    return out.sort();
  }

  function bucketLabel(bucket, interval, short) {
    var d = new Date(bucket);
    if (interval === 'month') {
      return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1);
    }
    if (short) {
      return pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
    }
    return utcDay(d);
  }

  function csvButton(groupBy, id) {
    return h('button', {
      type: 'button',
      class: 'secondary',
      id: id,
      text: '⬇ ' + t('downloadCsv'),
      onclick: function () {
        api(reportQuery(groupBy), { accept: 'text/csv' }).then(function (r) {
          if (r.ok) {
            var p = state.report.period;
            download(
              r.text,
              'recall-decisions_' + p.from + '_' + p.to + '_' + state.report.interval + '_' + groupBy.replace(/,/g, '-') + '.csv',
              'text/csv;charset=utf-8'
            );
          }
        });
      }
    });
  }

  function dailyCard(report) {
    var interval = report.interval;
    var card = h(
      'div',
      { class: 'card chart-card' },
      h('div', { class: 'chart-head' }, h('h2', { text: t('chartDaily', { unit: t('unit_' + interval) }) }), csvButton(BY_OUTCOME, 'csv-daily')),
      h('div', { class: 'chart', id: 'chart-daily', role: 'img', 'aria-label': t('chartDaily', { unit: t('unit_' + interval) }) })
    );
    var outcomes = outcomesOf(report.rows);
    var counts = {};
    (report.rows || []).forEach(function (r) {
      counts[r.bucket] = counts[r.bucket] || {};
      counts[r.bucket][r.outcome] = (counts[r.bucket][r.outcome] || 0) + r.count;
    });
    var sums = {};
    var body = buckets(report).reverse().map(function (b) {
      var row = counts[b] || {};
      var total = 0;
      var cells = outcomes.map(function (o) {
        total += row[o] || 0;
        sums[o] = (sums[o] || 0) + (row[o] || 0);
        return h('td', { class: row[o] ? 'num' : 'num zero', dataset: { outcome: o }, text: num(row[o] || 0) });
      });
      return h(
        'tr',
        { dataset: { bucket: b } },
        h('td', { text: bucketLabel(b, interval, false) }),
        cells,
        h('td', { class: total ? 'num' : 'num zero', dataset: { outcome: 'total' }, text: num(total) })
      );
    });
    var all = 0;
    var foot = h(
      'tr',
      { class: 'total' },
      h('td', { text: t('total') }),
      outcomes.map(function (o) {
        all += sums[o] || 0;
        return h('td', { class: 'num', text: num(sums[o] || 0) });
      }),
      h('td', { class: 'num', text: num(all) })
    );
    card.appendChild(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'data compact', id: 'table-daily' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { text: t('thBucket_' + interval) }),
              outcomes.map(function (o) {
                return h('th', { class: 'num', text: outcomeLabel(o) });
              }),
              h('th', { class: 'num', text: t('total') })
            )
          ),
          h('tbody', null, body, foot)
        )
      )
    );
    return card;
  }

  /** The scenario report summed over the period: {scenario → {outcome:reason → count}}. */
  function scenarioTotals(report) {
    var sums = {};
    var scenarioTotal = {};
    var pairTotal = {};
    (report.rows || []).forEach(function (r) {
      var pair = r.outcome + ':' + r.reason;
      sums[r.scenario] = sums[r.scenario] || {};
      sums[r.scenario][pair] = (sums[r.scenario][pair] || 0) + r.count;
      scenarioTotal[r.scenario] = (scenarioTotal[r.scenario] || 0) + r.count;
      pairTotal[pair] = (pairTotal[pair] || 0) + r.count;
    });
    var scenarios = Object.keys(sums).sort(function (a, b) {
      return scenarioTotal[b] - scenarioTotal[a] || (a < b ? -1 : 1);
    });
    var pairs = Object.keys(pairTotal).sort(function (a, b) {
      var oa = OUTCOMES.indexOf(a.split(':')[0]);
      var ob = OUTCOMES.indexOf(b.split(':')[0]);
      oa = oa < 0 ? 99 : oa;
      ob = ob < 0 ? 99 : ob;
      return oa - ob || pairTotal[b] - pairTotal[a] || (a < b ? -1 : 1);
    });
    return { sums: sums, scenarios: scenarios, pairs: pairs };
  }

  function scenarioCard(report) {
    var st = scenarioTotals(report);
    var card = h(
      'div',
      { class: 'card chart-card' },
      h('div', { class: 'chart-head' }, h('h2', { text: t('chartScenario') }), csvButton(BY_SCENARIO, 'csv-scenario')),
      h('p', { class: 'small', text: t('chartScenarioNote') }),
      h('div', { class: 'chart tall', id: 'chart-scenario', role: 'img', 'aria-label': t('chartScenario') })
    );
    var rows = [];
    var all = 0;
    st.scenarios.forEach(function (sc) {
      var pairs = Object.keys(st.sums[sc]).sort(function (a, b) {
        return st.sums[sc][b] - st.sums[sc][a] || (a < b ? -1 : 1);
      });
      pairs.forEach(function (pair) {
        var parts = pair.split(':');
        var n = st.sums[sc][pair];
        all += n;
        rows.push(
          h(
            'tr',
            { dataset: { scenario: sc, outcome: parts[0], reason: parts[1] } },
            h('td', null, scenarioCell(sc)),
            h('td', null, outcomeBadge(parts[0])),
            h('td', null, reasonCell(parts[1])),
            h('td', { class: 'num count', text: num(n) })
          )
        );
      });
    });
    rows.push(h('tr', { class: 'total' }, h('td', { text: t('total') }), h('td'), h('td'), h('td', { class: 'num', text: num(all) })));
    card.appendChild(
      h(
        'div',
        { class: 'table-wrap full' },
        h(
          'table',
          { class: 'data compact', id: 'table-scenario' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { text: t('thScenario') }),
              h('th', { text: t('thOutcome') }),
              h('th', { text: t('thReason') }),
              h('th', { class: 'num', text: t('thCount') })
            )
          ),
          h('tbody', null, rows)
        )
      )
    );
    return card;
  }

  /** Dark text on a light bar, white on a dark one. */
  function readableOn(hex) {
    var n = parseInt(hex.slice(1), 16);
    var lum = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
    return lum > 0.62 ? '#1f2933' : '#ffffff';
  }

  function drawCharts(daily, scenario) {
    if (!window.echarts) {
      return;
    }
    var font = getComputedStyle(document.body).fontFamily;
    var text = { fontFamily: font, fontSize: 13, color: '#334155' };

    var interval = daily.interval;
    var bs = buckets(daily);
    var outcomes = outcomesOf(daily.rows);
    var counts = {};
    (daily.rows || []).forEach(function (r) {
      counts[r.bucket] = counts[r.bucket] || {};
      counts[r.bucket][r.outcome] = (counts[r.bucket][r.outcome] || 0) + r.count;
    });
    var one = window.echarts.init(document.getElementById('chart-daily'), null, { renderer: 'canvas' });
    state.charts.push(one);
    one.setOption({
      animation: false,
      textStyle: text,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', textStyle: text },
      legend: { top: 0, textStyle: text, itemGap: 24 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: bs,
        axisLabel: {
          color: '#52606d',
          fontFamily: font,
          formatter: function (v) {
            return bucketLabel(v, interval, true);
          }
        },
        axisTick: { alignWithLabel: true }
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#52606d', fontFamily: font }, splitLine: { lineStyle: { color: '#e8eef4' } } },
      series: outcomes.map(function (o) {
        return {
          id: o,
          name: outcomeLabel(o),
          type: 'bar',
          stack: 'decisions',
          barMaxWidth: 40,
          itemStyle: { color: OUTCOME_COLORS[o] || '#6d5bd0' },
          emphasis: { focus: 'series' },
          data: bs.map(function (b) {
            return (counts[b] && counts[b][o]) || 0;
          })
        };
      })
    });

    var st = scenarioTotals(scenario);
    var used = {};
    var names = {};
    st.pairs.forEach(function (pair) {
      var reason = pair.split(':')[1];
      names[reason] = (names[reason] || 0) + 1;
    });
    var widest = 0;
    st.scenarios.forEach(function (sc) {
      var sum = 0;
      Object.keys(st.sums[sc]).forEach(function (pair) {
        sum += st.sums[sc][pair];
      });
      widest = Math.max(widest, sum);
    });
    var el = document.getElementById('chart-scenario');
    el.style.height = Math.max(300, 70 * st.scenarios.length + 140) + 'px';
    var two = window.echarts.init(el, null, { renderer: 'canvas' });
    state.charts.push(two);
    two.setOption({
      animation: false,
      textStyle: text,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText', textStyle: text },
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: text, itemGap: 12 },
      grid: { left: 8, right: 250, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#52606d', fontFamily: font }, splitLine: { lineStyle: { color: '#e8eef4' } } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: st.scenarios,
        axisLabel: {
          color: '#1f2933',
          fontFamily: font,
          fontSize: 14,
          formatter: function (v) {
            return scenarioLabel(v);
          }
        }
      },
      series: st.pairs.map(function (pair) {
        var parts = pair.split(':');
        var o = parts[0];
        var shades = SHADES[o] || OTHER_SHADES;
        used[o] = (used[o] || 0) + 1;
        var name = reasonLabel(parts[1]);
        if (names[parts[1]] > 1) {
          name += ' · ' + outcomeLabel(o);
        }
        return {
          id: pair,
          name: name,
          type: 'bar',
          stack: 'decisions',
          barMaxWidth: 36,
          itemStyle: { color: shades[(used[o] - 1) % shades.length] },
          label: {
            show: true,
            position: 'inside',
            color: readableOn(shades[(used[o] - 1) % shades.length]),
            fontFamily: font,
            formatter: function (p) {
              return p.value >= widest * 0.05 ? String(p.value) : '';
            }
          },
          emphasis: { focus: 'series' },
          data: st.scenarios.map(function (sc) {
            return st.sums[sc][pair] || 0;
          })
        };
      })
    });
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('#lang-switch button'), function (b) {
      b.addEventListener('click', function () {
        state.lang = b.dataset.lang;
        try {
          window.localStorage.setItem(LANG_STORE, state.lang);
        } catch (e) {
          // the choice then lasts for this page only
        }
        render();
      });
    });
    window.addEventListener('hashchange', function () {
      state.tab = tabFromHash();
      render();
    });
    window.addEventListener('resize', function () {
      state.charts.forEach(function (c) {
        c.resize();
      });
    });
    start();
  });
})();
