// The Cluster panel of the utility page (admins): members with status and the meter entities they
// host, where each singleton runs, the latest membership changes; as the answering node sees them.
import { $, api, time, rows } from '/app/common.js';

const num = n => ({ text: n == null ? '–' : n.toLocaleString('en-IN'), num: true });

export function clusterPanel(every = 10000) {
  let timer = null;
  async function refresh() {
    try {
      const c = await api('/api/v1/cluster');
      $('clusterSelf').textContent = c.self.node;
      const hosted = new Map(c.shards.nodes.map(n => [n.address, n]));
      rows($('clusterMembers'), c.members.map(m => {
        const h = hosted.get(m.address) || {};
        return [m.node + (m.self ? ' (this node)' : '') + (m.oldest ? ' · oldest' : ''), m.status,
          m.reachable ? 'yes' : { text: 'no', cls: 'error' }, num(h.shards), num(h.entities)];
      }), 'no members');
      $('clusterTotals').textContent = `${c.shards.totalShards.toLocaleString('en-IN')} shards, `
        + `${c.shards.totalEntities.toLocaleString('en-IN')} meter entities` + (c.shards.complete ? '' : ' (incomplete: ' + c.shards.error + ')');
      rows($('clusterSingletons'), c.singletons.map(s => [s.name, s.node || 'no Up member',
        s.running === true ? 'running' : s.running === false ? { text: 'not running', cls: 'error' } : 'no answer']), 'none');
      const d = c.downing;
      $('clusterSbr').textContent = d.strategy ? `(${d.provider}: ${d.strategy}, stable-after ${d.stableAfter})` : `(${d.provider})`;
      rows($('clusterChanges'), d.events.slice(0, 8).map(e => [time(e.at), e.node,
        e.change + (e.by ? ' by ' + e.by : '') + (e.previousStatus ? ' (was ' + e.previousStatus + ')' : '')]), 'none seen');
      $('clusterNote').textContent = '';
    } catch (e) {
      $('clusterNote').textContent = e.status === 403 ? 'The cluster view is for admins.' : 'cluster view unavailable: ' + e.message;
      if (e.status === 403 && timer) clearInterval(timer);
    }
  }
  refresh();
  timer = setInterval(refresh, every);
}
