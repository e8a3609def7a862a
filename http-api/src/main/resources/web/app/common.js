// Shared by the MeterFlow pages: the token, API calls, WebSockets, charts (uPlot) with table fallbacks.
import uPlot from '/assets/uplot/dist/uPlot.esm.js';

const KEY = 'meterflow-token';

export const $ = id => document.getElementById(id);

/** The token from #token=… (then removed from the address bar) or from this tab's sessionStorage. */
export function token() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const fromHash = hash.get('token');
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(KEY);
}

export function rememberToken(value) { sessionStorage.setItem(KEY, value.trim()); }

export function signOut() { sessionStorage.removeItem(KEY); location.href = '/'; }

export class ApiError extends Error {
  constructor(status, detail) { super(detail || ('HTTP ' + status)); this.status = status; }
}

/** GET (or other) JSON from the API with the bearer token; throws ApiError with the problem's detail. */
export async function api(path, options = {}) {
  const r = await fetch(path, Object.assign({}, options, {
    headers: Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {}) }));
  if (r.status === 401) { if (location.pathname !== '/') signOut(); throw new ApiError(401, 'token refused'); }
  const type = r.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new ApiError(r.status, body && body.detail ? body.detail : String(body));
  return body;
}

/** Downloads a protected file (e.g. a bill PDF) with the token and saves it under {@code name}. */
export async function download(path, name) {
  const r = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
  if (!r.ok) throw new ApiError(r.status, 'download failed: HTTP ' + r.status);
  const url = URL.createObjectURL(await r.blob());
  const a = document.createElement('a');
  a.href = url; a.download = name; document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** A WebSocket on the API that reconnects; {@code onMessage} gets parsed JSON. Returns a closer. */
export function live(path, onMessage, statusEl) {
  let ws, stopped = false, wait = 1000;
  const sep = path.includes('?') ? '&' : '?';
  function connect() {
    ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path + sep
      + 'access_token=' + encodeURIComponent(token()));
    ws.onopen = () => { wait = 1000; if (statusEl) { statusEl.textContent = 'live'; statusEl.classList.add('live'); } };
    ws.onclose = () => {
      if (statusEl) { statusEl.textContent = 'reconnecting…'; statusEl.classList.remove('live'); }
      if (!stopped) setTimeout(connect, wait = Math.min(wait * 2, 15000));
    };
    ws.onmessage = m => onMessage(JSON.parse(m.data));
  }
  connect();
  return () => { stopped = true; ws.close(); };
}

export const fmt = (v, digits = 1) => v == null || Number.isNaN(v) ? '–'
  : Number(v).toLocaleString('en-IN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const money = v => v == null ? '–' : '₹ ' + fmt(v, 2);
export const time = ts => ts ? new Date(ts).toLocaleString('en-IN', { hour12: false }) : '–';
/** An x range of the last {@code seconds} up to now (or to the newest point). */
export const lastSeconds = (seconds, ahead = 0) => (min, max) => {
  const now = Date.now() / 1000;
  return [Math.min(now - seconds, min ?? now), Math.max(now + ahead, max ?? now)];
};
export const clock = ts => ts ? new Date(ts).toLocaleTimeString('en-IN', { hour12: false }) : '–';

/** Fills a table body with rows of cell texts (text only: no HTML from data). */
export function rows(tbody, data, empty = 'none') {
  tbody.replaceChildren(...data.map(cells => {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = tr.insertCell();
      if (c instanceof Node) td.append(c);
      else if (c && typeof c === 'object') { td.textContent = c.text; if (c.num) td.className = 'num'; if (c.cls) td.classList.add(c.cls); }
      else td.textContent = c == null ? '–' : c;
    }
    return tr;
  }));
  if (!data.length) {
    const tr = document.createElement('tr'); const td = tr.insertCell();
    td.colSpan = 8; td.className = 'muted'; td.textContent = empty; tbody.append(tr);
  }
}

export function badge(type) {
  const s = document.createElement('span'); s.className = 'badge ' + type; s.textContent = type; return s;
}

const PALETTE = ['#0b6fa4', '#d9480f', '#2b8a3e', '#862e9c', '#5c5f66'];

/**
 * A time-series chart in {@code el} with a table fallback (in a <details> after it) for screen
 * readers and for copying numbers. series: [{label, unit}], data: [xs (epoch s), ...ys].
 * Options: bars (a bar chart), height, xLabel and xFormat for the table, digits, xRange(min, max) → [from, to]
 * (epoch s) so that a chart with one point still spans a sensible window.
 */
export class Chart {
  constructor(el, title, series, opts = {}) {
    this.el = el; this.series = series; this.opts = opts;
    el.classList.add('chart');
    el.setAttribute('role', 'img');
    el.setAttribute('aria-label', title);
    const details = document.createElement('details');
    details.className = 'fallback';
    details.innerHTML = '<summary>Table of this chart</summary><div class="scroll"><table><thead><tr></tr></thead><tbody></tbody></table></div>';
    const head = details.querySelector('thead tr');
    for (const h of [opts.xLabel || 'time', ...series.map(s => s.label + (s.unit ? ' (' + s.unit + ')' : ''))]) {
      const th = document.createElement('th'); th.textContent = h; head.append(th);
    }
    el.after(details);
    this.table = details.querySelector('tbody');
    this.data = [[], ...series.map(() => [])];
    const width = () => Math.max(260, el.clientWidth || el.parentElement.clientWidth - 20);
    const bars = opts.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined;
    this.plot = new uPlot({
      width: width(), height: opts.height || 200,
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
      scales: { x: { time: opts.time !== false }, y: opts.bars ? { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } : {} },
      axes: [{ stroke: '#5b6570' }, ...series.map((s, i) => i === 0
        ? { stroke: '#5b6570', label: s.unit, size: 55 }
        : (i === 1 && s.unit !== series[0].unit ? { side: 1, scale: s.unit, stroke: '#5b6570', label: s.unit, grid: { show: false } } : null))
        .filter(a => a)],
      series: [{}, ...series.map((s, i) => ({
        label: s.label + (s.unit ? ' (' + s.unit + ')' : ''), stroke: s.color || PALETTE[i % PALETTE.length],
        width: 2, scale: i === 1 && s.unit !== series[0].unit ? s.unit : 'y', dash: s.dash,
        fill: opts.bars ? (s.color || PALETTE[i % PALETTE.length]) + '99' : undefined, paths: opts.bars ? bars : undefined,
        points: { show: u => u.data[0].length < 10, size: 7 }, spanGaps: false }))],
    }, this.data, el);
    new ResizeObserver(() => this.plot.setSize({ width: width(), height: opts.height || 200 })).observe(el.parentElement);
  }

  /** Replaces all points (copied: charts never share arrays). */
  set(data) { this.data = data.map(a => a.slice()); this.draw(); }

  draw() {
    this.plot.setData(this.data);
    if (this.opts.xRange) {
      const xs = this.data[0];
      const [min, max] = this.opts.xRange(xs.length ? xs[0] : null, xs.length ? xs[xs.length - 1] : null);
      this.plot.setScale('x', { min, max });
    }
    this.fill();
  }

  /** Appends one point {x, ys}, keeping at most {@code max}. */
  push(x, ys, max = 120) {
    this.data[0].push(x); ys.forEach((y, i) => this.data[i + 1].push(y));
    if (this.data[0].length > max) this.data.forEach(a => a.shift());
    this.draw();
  }

  fill() {
    const xs = this.data[0], fx = this.opts.xFormat || (x => time(x * 1000));
    const out = [];
    for (let i = xs.length - 1; i >= 0 && out.length < 400; i--) {
      out.push([fx(xs[i]), ...this.data.slice(1).map(a => ({ text: fmt(a[i], this.opts.digits ?? 2), num: true }))]);
    }
    rows(this.table, out, 'no data yet');
  }
}

/** Renders the signed-in header (who, sign out). */
export function header(me) {
  const who = $('who');
  if (who) who.textContent = me.role + (me.consumerId ? ' · ' + me.consumerId : '') + ' · token ' + me.tokenId;
  const out = $('signout');
  if (out) out.onclick = signOut;
}

/** Sends the visitor to the sign-in page unless a token of one of {@code roles} is present. */
export async function requireRole(roles) {
  if (!token()) { location.href = '/'; throw new Error('no token'); }
  const me = await api('/api/v1/me');
  if (!roles.includes(me.role)) { location.href = '/'; throw new Error('wrong page for ' + me.role); }
  header(me);
  return me;
}
