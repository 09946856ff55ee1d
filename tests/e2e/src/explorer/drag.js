// Sets the depth slider to each value in turn, firing `input` like a drag does, and resolves
// with the milliseconds from each event until both charts have drawn again. With `burst`,
// all events fire at once (a drag faster than the page can compute) and one time is returned.
// With each time come the page's own measures that started after the event (worker round trip,
// reply decoding, each chart's drawing), summed by name.
const [values, burst, done] = arguments;
const slider = document.querySelector('[data-testid=depth]');
const charts = ['gradient-chart', 'activation-chart'].map(id => document.querySelector(`[data-testid=${id}]`));
const counts = () => charts.map(c => +c.dataset.renderCount);
const setValue = v => { slider.value = String(v); slider.dispatchEvent(new Event('input', { bubbles: true })); };
const redrawn = before => new Promise(resolve => {
  const check = () => { const now = counts(); if (now[0] > before[0] && now[1] > before[1]) { observer.disconnect(); resolve(); } };
  const observer = new MutationObserver(check);
  charts.forEach(c => observer.observe(c, { attributes: true, attributeFilter: ['data-render-count'] }));
});
const stagesSince = t0 => {
  const sums = {};
  for (const e of performance.getEntriesByType('measure')) {
    if (e.startTime >= t0) sums[e.name] = (sums[e.name] || 0) + e.duration;
  }
  return sums;
};
(async () => {
  const times = [], stages = [];
  if (burst) {
    const before = counts(), t0 = performance.now();
    values.forEach(setValue);
    await redrawn(before);
    times.push(performance.now() - t0);
    await new Promise(r => setTimeout(r, 300));
  } else {
    for (const v of values) {
      const before = counts(), t0 = performance.now();
      setValue(v);
      await redrawn(before);
      times.push(performance.now() - t0);
      stages.push(stagesSince(t0));
    }
  }
  done({ times, stages, counts: counts() });
})();
