// A picture of the trials: one panel per hyperparameter, the value against it on the dimension's
// own scale (a trial's uniform coordinate u: log for the learning rate, reverse log for beta1,
// linear for the width), hand-written SVG. No plotting library maps a reverse-log axis, while the
// samplers' own transform does, so a small writer is simpler than adapting one.
const W = 300;
const H = 220;
const M = { left: 44, right: 10, top: 26, bottom: 34 };
const COLORS = ['#1f77b4', '#d95f02', '#1b9e77', '#7570b3'];
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const fmt = (x) => (x === 0 ? '0' : Math.abs(x) >= 1e-2 && Math.abs(x) < 1e3 ? String(+x.toPrecision(3)) : x.toExponential(0));
/** log10 of a bound that is a power of ten in decimal but not quite in binary (1 - 0.999). */
const log10 = (x) => Math.round(Math.log10(x) * 1e9) / 1e9;
/** The smallest of 1, 2, 5 times a power of ten at or above x. */
const nice = (x) => [1, 2, 5, 10].map((m) => m * 10 ** Math.floor(Math.log10(x))).find((v) => v >= x);

/** Tick values of a distribution within its bounds: powers of ten, 1 - powers of ten, or even steps. */
function ticks(d) {
  const { distribution, low, high } = d.describe();
  if (distribution === 'log_uniform') return range(Math.ceil(log10(low)), Math.floor(log10(high))).map((k) => 10 ** k);
  if (distribution === 'reverse_log_uniform') return range(Math.ceil(-log10(1 - low)), Math.floor(-log10(1 - high))).map((k) => 1 - 10 ** -k).concat(low === 0.5 ? [0.5] : []);
  return range(0, 4).map((i) => Math.round(low + ((high - low) * i) / 4));
}
const range = (a, b) => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i);

/**
 * searches: [{ name, record }] (runSearch records over the same space). Trials that ended ok are
 * filled dots, pruned ones hollow at their last reported value, and nan, +inf, -inf or error ones
 * crosses along the top.
 */
export function trialsSvg(space, searches, title) {
  const names = space.names;
  const values = searches.flatMap((s) => s.record.trials.map((t) => t.value)).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const yMax = nice(Math.max(...values));
  const y = (v) => M.top + (H - M.top - M.bottom) * (1 - v / yMax);
  const panels = names.map((name, p) => {
    const d = space.dimension(name);
    const x = (u) => M.left + (W - M.left - M.right) * u;
    const axis = ticks(d).map((v) => `<line x1="${x(d.cdf(v))}" x2="${x(d.cdf(v))}" y1="${H - M.bottom}" y2="${H - M.bottom + 4}" stroke="#333"/><text x="${x(d.cdf(v))}" y="${H - M.bottom + 15}" text-anchor="middle">${fmt(v)}</text>`);
    const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax).map((v) => `<line x1="${M.left - 4}" x2="${M.left}" y1="${y(v)}" y2="${y(v)}" stroke="#333"/><text x="${M.left - 6}" y="${y(v) + 3}" text-anchor="end">${fmt(v)}</text>`);
    const dots = searches.flatMap((s, i) =>
      s.record.trials.map((t) => {
        const cx = x(t.u[name]).toFixed(1);
        const color = COLORS[i % COLORS.length];
        const tip = `<title>${esc(`${s.name} trial ${t.id}: ${t.status} ${t.value} ${JSON.stringify(t.params)}`)}</title>`;
        if (t.status === 'ok') return `<circle cx="${cx}" cy="${y(t.value).toFixed(1)}" r="3" fill="${color}" fill-opacity="0.8">${tip}</circle>`;
        if (t.status === 'pruned') return `<circle cx="${cx}" cy="${y(t.value).toFixed(1)}" r="3.5" fill="white" stroke="${color}" stroke-width="1.3">${tip}</circle>`;
        return `<path d="M${+cx - 3},${M.top - 9}l6,6m0,-6l-6,6" stroke="${color}">${tip}</path>`;
      }),
    );
    return `<g transform="translate(${p * W},0)"><rect x="${M.left}" y="${M.top}" width="${W - M.left - M.right}" height="${H - M.top - M.bottom}" fill="none" stroke="#bbb"/>${axis.join('')}${yTicks.join('')}<text transform="translate(${M.left - 32},${(H - M.bottom + M.top) / 2}) rotate(-90)" text-anchor="middle">validation cost</text><text x="${(W + M.left) / 2}" y="${H - 4}" text-anchor="middle" font-weight="bold">${esc(name)} (${esc(d.describe().distribution)})</text>${dots.join('')}</g>`;
  });
  const legend = searches.map((s, i) => `<circle cx="${12 + i * 170}" cy="${H + 10}" r="4" fill="${COLORS[i % COLORS.length]}"/><text x="${20 + i * 170}" y="${H + 14}">${esc(s.name)}</text>`).join('');
  const note = `<text x="${names.length * W - 8}" y="${H + 14}" text-anchor="end">filled: ok; hollow: pruned (last reported value); x at the top: nan, inf or error</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${names.length * W}" height="${H + 24}" font-family="sans-serif" font-size="10"><rect width="100%" height="100%" fill="white"/><text x="8" y="14" font-size="12">${esc(title)}</text>${panels.join('')}${legend}${note}</svg>\n`;
}
