// Drags the depth slider through `values` (`gap` ms apart), then from a fresh task clicks the
// metric toggle and measures until its aria-checked changed (a frozen page answers late).
// 250 ms after the drag it notes whether the "Computing…" indicator shows.
const [values, gap, done] = arguments;
const slider = document.querySelector('[data-testid=depth]');
const toggle = document.querySelector('[data-testid=metric-toggle]');
const sleep = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  for (const v of values) {
    slider.value = String(v);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    await sleep(gap);
  }
  const before = toggle.getAttribute('aria-checked');
  const t0 = performance.now();
  const clickMs = await new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (toggle.getAttribute('aria-checked') !== before) { observer.disconnect(); resolve(performance.now() - t0); }
    });
    observer.observe(toggle, { attributes: true });
    setTimeout(() => toggle.click(), 0);
  });
  await sleep(Math.max(0, 250 - clickMs));
  const indicator = [...document.querySelectorAll('[data-testid=computing]')].some(e => !e.hidden);
  const busy = document.querySelector('figure.chart').getAttribute('aria-busy') === 'true';
  done({ clickMs, indicator, busy });
})();
