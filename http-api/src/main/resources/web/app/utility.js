// The utility page: ingest health, the network tree with live load, open events (live), the
// utilisation heatmap, load vs forecast vs capacity, meter search and detail, the live reading feed,
// the cluster (cluster.js).
import { $, api, live, fmt, time, clock, rows, badge, Chart, requireRole, lastSeconds } from '/app/common.js';
import { clusterPanel } from '/app/cluster.js';

await requireRole(['admin', 'operator']);
const enc = encodeURIComponent;
const FAULTS = new Set(['sag', 'swell', 'interruption', 'undervoltage', 'overvoltage', 'frequency', 'capacity']);
const OUTAGES = new Set(['outage', 'area-outage']);

// ---- ingest health -------------------------------------------------------------------------
let last = null;
async function ingest() {
  try {
    const s = await api('/api/v1/ingest/stats'), now = Date.now();
    $('accepted').textContent = s.accepted.toLocaleString('en-IN');
    $('duplicates').textContent = s.duplicates.toLocaleString('en-IN');
    if (last && now > last.t) $('rate').textContent = fmt((s.accepted - last.n) * 1000 / (now - last.t), 1);
    last = { n: s.accepted, t: now };
    const reasons = Object.entries(Object.assign({}, s.rejected, s.brokerRefusals)).filter(([, n]) => n > 0);
    rows($('rejected'), reasons.map(([k, n]) => [k, { text: n.toLocaleString('en-IN'), num: true }]), 'none rejected');
  } catch (e) { $('rate').textContent = '–'; }
}
async function rejections() {
  try {
    const list = await api('/api/v1/ingest/rejections');
    rows($('recentRejections'), list.slice(0, 50).map(r => [time(r.at || r.receivedAt || r.ts), r.serial || r.meter || r.clientId || '–',
      r.reason + (r.detail ? ': ' + r.detail : '')]), 'none');
  } catch (e) { /* shown as empty */ }
}
ingest(); rejections();
setInterval(ingest, 2000);
setInterval(rejections, 10000);
clusterPanel();

// ---- network tree with live load --------------------------------------------------------------
const { assets } = await api('/api/v1/network');
const regions = [...new Set(assets.map(a => a.region))].sort();
const feedersOf = r => assets.filter(a => a.kind === 'feeder' && a.region === r).map(a => a.id)
  .concat([...new Set(assets.filter(a => a.kind === 'dt' && a.region === r).map(a => a.feeder))]
    .filter(f => !assets.some(a => a.kind === 'feeder' && a.id === f))).sort();
const dtsOf = f => assets.filter(a => a.kind === 'dt' && a.feeder === f).sort((a, b) => a.id.localeCompare(b.id));
const rated = (kind, id) => (assets.find(a => a.kind === kind && a.id === id) || {}).ratedKva;
const capacityOf = r => {
  const feeders = assets.filter(a => a.kind === 'feeder' && a.region === r);
  return (feeders.length ? feeders : assets.filter(a => a.kind === 'dt' && a.region === r)).reduce((s, a) => s + a.ratedKva, 0);
};
const expanded = new Set();
const loads = new Map();

function node(level, id, label, children) {
  const li = document.createElement('li');
  const key = level + ':' + id;
  const b = document.createElement('button');
  b.type = 'button'; b.className = 'node'; b.dataset.key = key;
  b.setAttribute('aria-expanded', String(expanded.has(key)));
  b.textContent = (children ? (expanded.has(key) ? '▾ ' : '▸ ') : '• ') + label;
  if (children) b.onclick = () => { expanded.has(key) ? expanded.delete(key) : expanded.add(key); drawTree(); refreshLoads(); };
  const load = document.createElement('span');
  load.className = 'load'; load.dataset.load = key;
  load.textContent = loads.has(key) ? loads.get(key) : '…';
  li.append(b, load);
  if (children && expanded.has(key)) { const ul = document.createElement('ul'); ul.append(...children()); li.append(ul); }
  return li;
}
function drawTree() {
  const ul = document.createElement('ul');
  ul.append(...regions.map(r => node('regions', r, r, () => feedersOf(r).map(f => node('feeders', f, f,
    () => dtsOf(f).map(d => node('dts', d.id, d.id + ' (' + fmt(d.ratedKva, 0) + ' kVA)')))))));
  $('tree').replaceChildren(ul);
  if (!regions.length) $('tree').innerHTML = '<p class="muted">no rated network yet (PUT /api/v1/network/dts/{dt})</p>';
}
async function loadOf(level, id) {
  const to = new Date(), from = new Date(to - 5 * 60e3);
  const l = await api(`/api/v1/${level}/${enc(id)}/load?from=${from.toISOString()}&to=${to.toISOString()}&step=1m`);
  const full = l.points.filter(p => p.meters > 0 && Date.parse(p.ts) + 60e3 <= to.getTime());
  const p = full.length ? full[full.length - 1] : l.points.filter(p => p.meters > 0).pop();
  return p ? fmt(p.kw, 1) + ' kW · ' + p.meters + ' meters' : 'no readings';
}
async function refreshLoads() {
  const visible = [...document.querySelectorAll('#tree [data-load]')].map(el => el.dataset.load);
  await Promise.all(visible.map(async key => {
    const [level, id] = key.split(':');
    try { loads.set(key, await loadOf(level, id)); } catch (e) { loads.set(key, '–'); }
    const el = document.querySelector(`#tree [data-load="${CSS.escape(key)}"]`);
    if (el) el.textContent = loads.get(key);
  }));
}
drawTree(); refreshLoads();
setInterval(refreshLoads, 10000);

const regionChart = new Chart($('regionChart'), 'Active power of each region over the last hour, kW',
  regions.map(r => ({ label: r, unit: 'kW' })), { height: 220, xRange: lastSeconds(3600) });
async function regionLoads() {
  const to = new Date(), from = new Date(to - 3600e3);
  const series = await Promise.all(regions.map(r => api(`/api/v1/regions/${enc(r)}/load?from=${from.toISOString()}&to=${to.toISOString()}&step=1m`)
    .then(l => l.points).catch(() => [])));
  const xs = [...new Set(series.flat().map(p => Date.parse(p.ts) / 1000))].sort((a, b) => a - b);
  regionChart.set([xs, ...series.map(pts => { const m = new Map(pts.filter(p => p.meters > 0).map(p => [Date.parse(p.ts) / 1000, p.kw]));
    return xs.map(x => m.has(x) ? m.get(x) : null); })]);
}
if (regions.length) { regionLoads(); setInterval(regionLoads, 15000); }

// ---- events, live ----------------------------------------------------------------------------
const open = new Map();
const where = e => e.meter ? e.meter + ' · ' + [e.dt, e.feeder, e.region].filter(x => x).join(' / ') : [e.dt, e.feeder, e.region].filter(x => x).join(' / ');
const evidence = e => e.evidence ? [e.evidence.min != null ? 'min ' + fmt(e.evidence.min, 1) : '', e.evidence.max != null ? 'max ' + fmt(e.evidence.max, 1) : '',
  e.evidence.unit || '', e.evidence.note || ''].filter(x => x).join(' ') : '';
function drawEvents() {
  const all = [...open.values()].sort((a, b) => Date.parse(b.raisedAt) - Date.parse(a.raisedAt));
  rows($('faults'), all.filter(e => FAULTS.has(e.type)).map(e => [badge(e.type), where(e), time(e.raisedAt), evidence(e)]), 'no open faults');
  rows($('tamper'), all.filter(e => e.type === 'tamper').map(e => [badge(e.type), e.meter, time(e.raisedAt), (e.cause || '') + ' ' + evidence(e)]), 'no open tamper events');
  const areas = all.filter(e => e.type === 'area-outage');
  const inArea = e => areas.some(a => (a.dt && a.dt === e.dt) || (!a.dt && a.feeder && a.feeder === e.feeder));
  const singles = all.filter(e => e.type === 'outage' && !inArea(e));
  rows($('outages'), [
    ...areas.map(a => [badge('area-outage'), where(a), time(a.raisedAt),
      { text: String(all.filter(e => e.type === 'outage' && ((a.dt && e.dt === a.dt) || (!a.dt && e.feeder === a.feeder))).length || a.evidence?.samples || '–'), num: true }]),
    ...singles.map(e => [badge('outage'), where(e), time(e.raisedAt), { text: '1', num: true }])], 'no outages');
}
try {
  for (const e of await api('/api/v1/events?state=open&limit=1000')) open.set(e.id, e);
} catch (e) { /* the feed fills it */ }
drawEvents();
live('/api/v1/live/events', e => {
  if (e.state === 'open') open.set(e.id, e); else open.delete(e.id);
  drawEvents();
}, $('status'));

// ---- utilisation heatmap --------------------------------------------------------------------
for (const sel of [$('heatRegion'), $('forecastRegion')]) sel.replaceChildren(...regions.map(r => new Option(r, r)));
const colour = (v, high, over) => v == null ? '#eef0f2' : v >= over ? '#e03131' : v >= high ? '#ffa94d' : v >= 0.5 ? '#ffe08a' : '#d3f0dc';
async function heat() {
  const head = $('heat').tHead, body = $('heat').tBodies[0];
  try {
    const rep = await api(`/api/v1/utilisation?level=${$('heatLevel').value}&region=${enc($('heatRegion').value)}&stat=${$('heatStat').value}`);
    const tr = document.createElement('tr');
    tr.innerHTML = '<th scope="col">asset</th>' + Array.from({ length: 24 }, (_, h) => `<th scope="col">${String(h).padStart(2, '0')}</th>`).join('');
    head.replaceChildren(tr);
    body.replaceChildren(...rep.assets.map(a => {
      const row = document.createElement('tr');
      const th = document.createElement('th'); th.scope = 'row'; th.textContent = a.id; row.append(th);
      for (let h = 0; h < 24; h++) {
        const vals = a.matrix.map(d => d[h]).filter(v => v != null);
        const v = vals.length ? Math.max(...vals) : null;
        const td = row.insertCell(); td.className = 'cell';
        td.style.background = colour(v, rep.high, rep.overload);
        const text = `${a.id} ${String(h).padStart(2, '0')}:00 ${v == null ? 'no data' : Math.round(v * 100) + ' %'}`;
        td.title = text; td.textContent = v == null ? '' : Math.round(v * 100) + '%';
        td.setAttribute('aria-label', text);
      }
      return row;
    }));
    if (!rep.assets.length) body.innerHTML = '<tr><td class="muted">no rated assets in this region</td></tr>';
  } catch (e) { body.innerHTML = ''; const tr = body.insertRow(); tr.insertCell().textContent = 'utilisation unavailable: ' + e.message; }
}
for (const id of ['heatRegion', 'heatLevel', 'heatStat']) $(id).onchange = heat;
if (regions.length) { heat(); setInterval(heat, 60000); }

// ---- load vs forecast vs rated capacity ---------------------------------------------------------
const forecastChart = new Chart($('forecastChart'), 'Actual load, forecast load and rated capacity of the region today, kW',
  [{ label: 'actual', unit: 'kW' }, { label: 'forecast', unit: 'kW', dash: [6, 4] }, { label: 'rated capacity', unit: 'kW', color: '#c62828' }],
  { height: 240, xRange: (min, max) => { const d = new Date(); d.setHours(0, 0, 0, 0); return [d / 1000, d / 1000 + 86400]; } });
function localDate(d) { return d.toLocaleDateString('en-CA'); }
async function forecast() {
  const r = $('forecastRegion').value;
  if (!r) return;
  const cap = capacityOf(r);
  const dayStart = new Date(); dayStart.setHours(0, 0, 0, 0);
  const now = new Date();
  const load = await api(`/api/v1/regions/${enc(r)}/load?from=${dayStart.toISOString()}&to=${now.toISOString()}&step=15m`)
    .then(l => l.points.filter(p => p.meters > 0)).catch(() => []);
  let fc = null;
  try { fc = await api(`/api/v1/regions/${enc(r)}/forecast?date=${localDate(now)}`); }
  catch (e) { $('forecastNote').textContent = e.status === 404 ? 'No forecast for today yet: actual load and capacity only.' : 'forecast unavailable: ' + e.message; }
  if (fc) $('forecastNote').textContent = `Forecast issued ${time(fc.issuedAt)}, peak ${fmt(fc.peakKw, 1)} kW at ${clock(fc.peakAt)}. Rated capacity ${fmt(cap, 0)} kVA.`;
  const actual = new Map(load.map(p => [Date.parse(p.ts) / 1000, p.kw]));
  const predicted = new Map((fc ? fc.points : []).map(p => [Date.parse(p.ts) / 1000, p.kw]));
  const xs = [...new Set([...actual.keys(), ...predicted.keys()])].sort((a, b) => a - b);
  forecastChart.set([xs, xs.map(x => actual.get(x) ?? null), xs.map(x => predicted.get(x) ?? null), xs.map(() => cap || null)]);
}
$('forecastRegion').onchange = forecast;
$('forecastRun').onclick = async () => {
  $('forecastNote').textContent = 'forecasting…';
  try {
    const run = await api(`/api/v1/regions/${enc($('forecastRegion').value)}/forecast/runs`, { method: 'POST' });
    $('forecastNote').textContent = run.forecast.length ? 'forecast made for ' + run.forecast.join(', ')
      : 'not enough history to forecast yet (skipped ' + run.skipped.join(', ') + ')';
    forecast();
  } catch (e) { $('forecastNote').textContent = 'forecast failed: ' + e.message; }
};
if (regions.length) { forecast(); setInterval(forecast, 60000); }

// ---- meter search and detail ---------------------------------------------------------------------
let closeMeter = null, charts = null;
async function search(q) {
  const res = await api(`/api/v1/meters?q=${enc(q)}&limit=20`);
  rows($('hits'), res.meters.map(m => {
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'node'; b.textContent = m.serial;
    b.setAttribute('aria-label', 'Show meter ' + m.serial);
    b.onclick = () => detail(m.serial);
    return [b, m.consumerId, [m.region, m.feeder, m.dt].join(' / '), m.status];
  }), 'no meter matches');
}
$('searchForm').onsubmit = e => { e.preventDefault(); search($('q').value.trim()).catch(err => rows($('hits'), [], err.message)); };
search('').catch(() => {});

async function detail(serial) {
  if (closeMeter) closeMeter();
  $('meterDetail').hidden = false;
  $('detailTitle').textContent = 'Meter ' + serial;
  const m = await api(`/api/v1/meters/${enc(serial)}`);
  const reg = m.registration || m;
  $('detailInfo').textContent = [reg.consumerId && 'consumer ' + reg.consumerId, reg.region, reg.feeder, reg.dt, m.status]
    .filter(x => x).join(' · ');
  if (!charts) {
    charts = {
      v: new Chart($('voltageChart'), 'Voltage of the meter, last hour', [{ label: 'voltage', unit: 'V' }], { height: 150, xRange: lastSeconds(3600) }),
      a: new Chart($('currentChart'), 'Current of the meter, last hour', [{ label: 'current', unit: 'A', color: '#d9480f' }], { height: 150, xRange: lastSeconds(3600) }),
      f: new Chart($('frequencyChart'), 'Frequency of the meter, last hour', [{ label: 'frequency', unit: 'Hz', color: '#2b8a3e' }], { height: 150, digits: 3, xRange: lastSeconds(3600) }),
    };
  }
  const to = new Date(), from = new Date(to - 3600e3);
  const s = await api(`/api/v1/meters/${enc(serial)}/readings?from=${from.toISOString()}&to=${to.toISOString()}&step=30s`);
  const pts = s.points.filter(p => p.samples > 0), xs = pts.map(p => Date.parse(p.ts) / 1000);
  charts.v.set([xs, pts.map(p => p.voltage)]);
  charts.a.set([xs, pts.map(p => p.current)]);
  charts.f.set([xs.slice(), pts.map(p => p.frequency)]);
  const events = await api(`/api/v1/events?meter=${enc(serial)}&limit=50`).catch(() => []);
  rows($('meterEvents'), events.map(e => [badge(e.type), e.state, time(e.raisedAt), time(e.clearedAt)]), 'no events');
  closeMeter = live(`/api/v1/live?meter=${enc(serial)}`, r => {
    const x = Date.parse(r.ts) / 1000;
    charts.v.push(x, [r.voltage], 720); charts.a.push(x, [r.current], 720); charts.f.push(x, [r.frequency], 720);
  });
  $('meterDetail').scrollIntoView({ block: 'nearest' });
}

// ---- the live feed of all readings (table redrawn at most twice a second) --------------------
const latest = [];
let dirty = false;
live('/api/v1/live', r => { latest.unshift(r); if (latest.length > 15) latest.length = 15; dirty = true; });
setInterval(() => {
  if (!dirty) return;
  dirty = false;
  rows($('live'), latest.map(r => [r.serial, clock(r.ts), { text: fmt(r.importKwh, 3), num: true }, { text: fmt(r.voltage, 1), num: true },
    { text: fmt(r.current, 2), num: true }, { text: fmt(r.frequency, 3), num: true }]), 'waiting for readings…');
}, 500);
