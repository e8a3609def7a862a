// The consumer page: live power and voltage (WebSocket), usage and cost so far, six months of usage,
// bills with their PDFs, open events on the meter.
import { $, api, live, download, fmt, money, time, clock, rows, badge, Chart, requireRole, lastSeconds } from '/app/common.js';

const me = await requireRole(['consumer']);
const consumer = me.consumerId;
const kw = r => r.voltage * r.current * (r.powerFactor ?? 1) / 1000;

let usage;
try {
  usage = await api(`/api/v1/consumers/${encodeURIComponent(consumer)}/usage`);
} catch (e) {
  $('status').textContent = e.status === 404 ? 'no meter is registered for ' + consumer : 'usage unavailable: ' + e.message;
  throw e;
}
const meter = usage.meters[0];
const serial = meter.serial;
$('meter').textContent = 'meter ' + serial;

function showUsage(u) {
  const m = u.meters.find(x => x.serial === serial) || u.meters[0];
  $('todayKwh').textContent = fmt(m.todayKwh, 2);
  $('periodKwh').textContent = fmt(m.periodImportKwh, 2);
  $('cost').textContent = money(m.cost);
  $('periodText').textContent = `Billing period ${m.periodStart} to ${m.periodEnd} (exclusive), tariff `
    + (m.tariffCode || m.tariffCategory) + '. ' + (m.costNote || '') + '.';
  rows($('lines'), (m.lines || []).map(l => [l.description, { text: money(l.amount), num: true }]), m.costNote || 'no tariff');
  const days = m.daily.map(d => Date.parse(d.date + 'T00:00:00') / 1000);
  daily.set([days, m.daily.map(d => Number(d.kwh))]);
  monthly.set([m.monthly.map(x => Date.parse(x.month + '-01T00:00:00') / 1000), m.monthly.map(x => Number(x.kwh))]);
}

const liveChart = new Chart($('liveChart'), 'Power and voltage of the latest readings',
  [{ label: 'power', unit: 'kW' }, { label: 'voltage', unit: 'V' }], { height: 180, digits: 2, xRange: lastSeconds(600) });
const daily = new Chart($('dailyChart'), 'Daily electricity use in kWh over the last six months',
  [{ label: 'used', unit: 'kWh' }], { bars: true, height: 200, xLabel: 'day', xRange: lastSeconds(183 * 86400, 86400), xFormat: x => new Date(x * 1000).toLocaleDateString('en-IN') });
const monthly = new Chart($('monthlyChart'), 'Monthly electricity use in kWh',
  [{ label: 'used', unit: 'kWh', color: '#2b8a3e' }], { bars: true, height: 200, xLabel: 'month', xRange: lastSeconds(183 * 86400, 31 * 86400),
    xFormat: x => new Date(x * 1000).toLocaleDateString('en-IN', { month: 'short', year: 'numeric' }) });
showUsage(usage);

function showReading(r, flash) {
  $('power').textContent = fmt(kw(r), 2);
  $('voltage').textContent = fmt(r.voltage, 1);
  $('lastTs').textContent = clock(r.ts);
  if (flash) { const b = $('power').parentElement; b.classList.remove('flash'); void b.offsetWidth; b.classList.add('flash'); }
}

// the last hour as a start, then every reading as it arrives
try {
  const to = new Date(), from = new Date(to - 3600e3);
  const s = await api(`/api/v1/meters/${serial}/readings?from=${from.toISOString()}&to=${to.toISOString()}&step=1m`);
  const pts = s.points.filter(p => p.samples > 0);
  liveChart.set([pts.map(p => Date.parse(p.ts) / 1000), pts.map(kw), pts.map(p => p.voltage)]);
  const latest = await api(`/api/v1/meters/${serial}/readings/latest`).catch(() => null);
  if (latest) showReading(latest, false);
} catch (e) { /* no history yet */ }
live(`/api/v1/live?meter=${encodeURIComponent(serial)}`, r => {
  showReading(r, true);
  liveChart.push(Date.parse(r.ts) / 1000, [kw(r), r.voltage], 240);
}, $('status'));

async function bills() {
  try {
    const list = await api(`/api/v1/consumers/${encodeURIComponent(consumer)}/bills`);
    rows($('bills'), list.filter(b => !b.superseded).map(b => {
      const button = document.createElement('button');
      button.type = 'button'; button.className = 'action pdf'; button.textContent = 'PDF';
      button.setAttribute('aria-label', 'Download the PDF of the bill for ' + b.period);
      button.onclick = () => download(b.pdf, b.id + '.pdf').catch(e => $('billError').textContent = e.message);
      return [b.period + (b.estimated ? ' (estimated)' : ''), { text: fmt(b.billedKwh, 1), num: true },
        { text: money(b.total), num: true }, b.dueDate, button];
    }), 'no bills yet');
  } catch (e) { $('billError').textContent = e.message; }
}

async function events() {
  try {
    const list = await api(`/api/v1/events?meter=${encodeURIComponent(serial)}&state=open&limit=50`);
    rows($('events'), list.map(e => [badge(e.type), time(e.raisedAt), e.evidence && e.evidence.note || e.cause || '']),
      'nothing open: supply is normal');
  } catch (e) { rows($('events'), [], 'events unavailable: ' + e.message); }
}

bills(); events();
setInterval(events, 10000);
setInterval(bills, 60000);
setInterval(() => api(`/api/v1/consumers/${encodeURIComponent(consumer)}/usage`).then(showUsage).catch(() => {}), 30000);
