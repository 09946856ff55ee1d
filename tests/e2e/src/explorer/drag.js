// Makes each change in turn — sets a control's value and fires its event (`input` for a
// slider, as a drag does; `change` for a number field) — and resolves with the milliseconds
// from each timed event until both charts have drawn again. A change may first make untimed
// ones (each waited for), e.g. a new seed before a width change, so the timed change samples
// fresh weights; or it may wait `pause` ms first, as a person would between clicks. With
// `burst`, all timed events fire at once (a drag faster than the page can compute) and one
// time is returned.
// With each time come the page's own measures that started after the event (worker round
// trip and its parts, reply decoding, each chart's drawing), summed by name, and the gaps
// between them: the input's event handlers (dispatch until it returns), input -> request
// posted, reply handled -> first draw, last draw -> seen; and how much of the reply's wait
// overlapped the browser rendering a frame (from a requestAnimationFrame callback until a
// task posted from it runs).
const [changes, burst, done] = arguments;
const charts = ['gradient-chart', 'activation-chart'].map(id => document.querySelector(`[data-testid=${id}]`));
const counts = () => charts.map(c => +c.dataset.renderCount);
const fire = ([id, value, type]) => {
  const el = document.querySelector(`[data-testid=${id}]`);
  el.value = String(value);
  el.dispatchEvent(new Event(type, { bubbles: true }));
};
const redrawn = before => new Promise(resolve => {
  const check = () => { const now = counts(); if (now[0] > before[0] && now[1] > before[1]) { observer.disconnect(); resolve(); } };
  const observer = new MutationObserver(check);
  charts.forEach(c => observer.observe(c, { attributes: true, attributeFilter: ['data-render-count'] }));
});
const frames = [];
let tracking = true;
const onFrame = () => {
  const start = performance.now(), channel = new MessageChannel();
  channel.port1.onmessage = () => frames.push([start, performance.now()]);
  channel.port2.postMessage(0);
  if (tracking) requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);
const overlap = (a, b) => frames.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(b, e) - Math.max(a, s)), 0);
const stagesSince = (t0, seen, dispatched) => {
  const sums = { 'gap: input event handlers': dispatched - t0 };
  const after = performance.getEntriesByType('measure').filter(e => e.startTime >= t0);
  for (const e of after) sums[e.name] = (sums[e.name] || 0) + e.duration;
  const posted = performance.getEntriesByName('sim-worker request', 'mark').filter(m => m.startTime >= t0);
  if (posted.length) sums['gap: input -> request posted'] = posted[0].startTime - t0;
  const draws = after.filter(e => e.name.startsWith('draw '));
  const trips = after.filter(e => e.name === 'sim-worker round trip');
  if (draws.length) {
    const first = Math.min(...draws.map(d => d.startTime));
    const last = Math.max(...draws.map(d => d.startTime + d.duration));
    if (trips.length) sums['gap: reply handled -> first draw'] = first - Math.max(...trips.map(t => t.startTime + t.duration));
    sums['gap: last draw -> seen'] = seen - last;
  }
  for (const wait of after.filter(e => e.name === 'sim-worker reply wait')) {
    const rendering = overlap(wait.startTime, wait.startTime + wait.duration);
    sums['frame rendering during reply wait'] = (sums['frame rendering during reply wait'] || 0) + rendering;
  }
  return sums;
};
const nextFrame = () => new Promise(resolve => requestAnimationFrame(resolve));
(async () => {
  const times = [], stages = [];
  if (burst) {
    const before = counts(), t0 = performance.now();
    changes.forEach(c => fire(c.timed));
    await redrawn(before);
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 300));
  } else {
    for (const change of changes) {
      for (const step of change.before) {
        await nextFrame();
        const before = counts();
        fire(step);
        await redrawn(before);
      }
      if (change.pause) await new Promise(r => setTimeout(r, change.pause));
      await nextFrame();
      const before = counts(), t0 = performance.now();
      fire(change.timed);
      const dispatched = performance.now();
      await redrawn(before);
      const seen = performance.now();
      times.push(seen - t0);
      stages.push(stagesSince(t0, seen, dispatched));
    }
  }
  tracking = false;
  done({ times, stages, counts: counts() });
})();
