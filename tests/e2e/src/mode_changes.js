// Sets a mode's control to each value in turn — as a drag does: the value, then `input` and
// `change` — and resolves with, per change, the milliseconds from the event until the mode's
// chart has drawn again (the first seed's picture) and until its figure is no longer busy (the
// seed band is in). Timed in the page (a MutationObserver on the chart), so no WebDriver round
// trip is counted. With them, per change, the page's own measures (each chart's drawing, …)
// that started after the event and ended by the first picture, summed by name.
const [view, chartId, testid, values, done] = arguments;
const chart = document.querySelector(`${view} [data-testid=${chartId}]`);
const control = document.querySelector(`${view} [data-testid=${testid}]`);
const figure = chart.closest('figure');
const count = () => +chart.dataset.renderCount;
const until = test => new Promise(resolve => {
  if (test()) return resolve();
  const observer = new MutationObserver(() => { if (test()) { observer.disconnect(); resolve(); } });
  observer.observe(chart, { attributes: true, attributeFilter: ['data-render-count'] });
  observer.observe(figure, { attributes: true, attributeFilter: ['aria-busy'] });
});
const nextFrame = () => new Promise(resolve => requestAnimationFrame(resolve));
(async () => {
  const first = [], band = [], stages = [];
  for (const value of values) {
    await nextFrame();
    const before = count(), t0 = performance.now();
    control.value = String(value);
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => count() > before);
    const seen = performance.now();
    first.push(seen - t0);
    const sums = {};
    for (const e of performance.getEntriesByType('measure')) {
      if (e.startTime >= t0 && e.startTime + e.duration <= seen) sums[e.name] = (sums[e.name] || 0) + e.duration;
    }
    stages.push(sums);
    await until(() => count() > before && figure.getAttribute('aria-busy') === 'false');
    band.push(performance.now() - t0);
  }
  done({ first, band, stages });
})();
