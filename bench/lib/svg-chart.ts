/**
 * A tiny SVG chart writer (line and grouped bar charts) so the suite can
 * publish plots without a plotting dependency. Output is deterministic,
 * self-contained SVG that renders on GitHub.
 */

export interface LineSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
  /** Series sharing a colour key get the same colour (e.g. a peer's p50 and p99). */
  readonly colorKey?: string;
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  /** Logarithmic y axis, for values spanning orders of magnitude. */
  readonly logY?: boolean;
}

export interface BarChart {
  readonly title: string;
  readonly yLabel: string;
  /** Category labels along x. */
  readonly groups: readonly string[];
  /** One bar per series in each group; `values[i]` belongs to `groups[i]`. */
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** A horizontal reference line, e.g. a goal. */
  readonly goal?: { readonly value: number; readonly label: string };
}

const WIDTH = 640;
const HEIGHT = 360;
const PAD = { left: 70, right: 150, top: 36, bottom: 48 };
const PALETTE = ["#d1495b", "#00798c", "#edae49", "#30638e", "#66a182", "#8d96a3"];

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Round tick steps (1, 2, 5 × 10^k) covering [0, max]. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function logTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

function label(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(Number(value.toPrecision(3)));
}

function frame(title: string, xLabel: string, yLabel: string, body: string[]): string {
  const plotBottom = HEIGHT - PAD.bottom;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2 - PAD.right / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
    `<text x="${PAD.left + (WIDTH - PAD.left - PAD.right) / 2}" y="${plotBottom + 38}" text-anchor="middle">${escape(xLabel)}</text>`,
    `<text transform="translate(16 ${PAD.top + (plotBottom - PAD.top) / 2}) rotate(-90)" text-anchor="middle">${escape(yLabel)}</text>`,
    ...body,
    `</svg>`,
    "",
  ].join("\n");
}

function legend(entries: readonly { name: string; color: string; dashed?: boolean }[]): string[] {
  const x = WIDTH - PAD.right + 14;
  return entries.flatMap((entry, i) => {
    const y = PAD.top + 10 + i * 18;
    const dash = entry.dashed ? ` stroke-dasharray="5 3"` : "";
    return [
      `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${entry.color}" stroke-width="3"${dash}/>`,
      `<text x="${x + 28}" y="${y + 4}">${escape(entry.name)}</text>`,
    ];
  });
}

export function lineChart(chart: LineChart): string {
  const all = chart.series.flatMap((s) => s.points);
  const maxX = Math.max(...all.map((p) => p[0]), 1);
  const ys = all.map((p) => p[1]).filter((y) => Number.isFinite(y));
  const positive = ys.filter((y) => y > 0);
  const left = PAD.left;
  const right = WIDTH - PAD.right;
  const top = PAD.top;
  const bottom = HEIGHT - PAD.bottom;
  const xTicks = ticks(maxX);
  const xMax = xTicks[xTicks.length - 1]!;
  const sx = (x: number): number => left + (x / xMax) * (right - left);
  let sy: (y: number) => number;
  let yTicks: number[];
  if (chart.logY && positive.length > 0) {
    yTicks = logTicks(Math.min(...positive), Math.max(...positive));
    const lo = Math.log10(yTicks[0]!);
    const hi = Math.log10(yTicks[yTicks.length - 1]!);
    sy = (y) => bottom - ((Math.log10(Math.max(y, yTicks[0]!)) - lo) / Math.max(hi - lo, 1e-9)) * (bottom - top);
  } else {
    yTicks = ticks(Math.max(...ys, 0));
    const yMax = yTicks[yTicks.length - 1]!;
    sy = (y) => bottom - (y / yMax) * (bottom - top);
  }
  const colors = new Map<string, string>();
  const colorOf = (s: LineSeries): string => {
    const key = s.colorKey ?? s.name;
    if (!colors.has(key)) colors.set(key, PALETTE[colors.size % PALETTE.length]!);
    return colors.get(key)!;
  };
  const body: string[] = [];
  for (const t of yTicks) {
    body.push(`<line x1="${left}" y1="${sy(t).toFixed(1)}" x2="${right}" y2="${sy(t).toFixed(1)}" stroke="#ddd"/>`);
    body.push(`<text x="${left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>`);
  }
  for (const t of xTicks) body.push(`<text x="${sx(t).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${label(t)}</text>`);
  body.push(
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#333"/>`,
  );
  const entries = chart.series.map((s) => ({ name: s.name, color: colorOf(s), ...(s.dashed ? { dashed: true } : {}) }));
  for (const [i, s] of chart.series.entries()) {
    const points = s.points.filter((p) => Number.isFinite(p[1]));
    if (points.length === 0) continue;
    const path = points.map((p, j) => `${j === 0 ? "M" : "L"}${sx(p[0]).toFixed(1)} ${sy(p[1]).toFixed(1)}`).join(" ");
    const dash = s.dashed ? ` stroke-dasharray="5 3"` : "";
    body.push(`<path d="${path}" fill="none" stroke="${entries[i]!.color}" stroke-width="2"${dash}/>`);
    if (points.length <= 12) {
      for (const p of points)
        body.push(`<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="3" fill="${entries[i]!.color}"/>`);
    }
  }
  body.push(...legend(entries));
  return frame(chart.title, chart.xLabel, chart.yLabel, body);
}

export function barChart(chart: BarChart): string {
  const left = PAD.left;
  const right = WIDTH - PAD.right;
  const top = PAD.top;
  const bottom = HEIGHT - PAD.bottom;
  const values = chart.series.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
  const yTicks = ticks(Math.max(...values, chart.goal?.value ?? 0, 0));
  const yMax = yTicks[yTicks.length - 1]!;
  const sy = (y: number): number => bottom - (y / yMax) * (bottom - top);
  const groupWidth = (right - left) / Math.max(chart.groups.length, 1);
  const barWidth = (groupWidth * 0.8) / Math.max(chart.series.length, 1);
  const body: string[] = [];
  for (const t of yTicks) {
    body.push(`<line x1="${left}" y1="${sy(t).toFixed(1)}" x2="${right}" y2="${sy(t).toFixed(1)}" stroke="#ddd"/>`);
    body.push(`<text x="${left - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${label(t)}</text>`);
  }
  chart.groups.forEach((group, g) => {
    const x0 = left + g * groupWidth + groupWidth * 0.1;
    body.push(`<text x="${(left + (g + 0.5) * groupWidth).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${escape(group)}</text>`);
    chart.series.forEach((s, i) => {
      const v = s.values[g];
      if (v === undefined || !Number.isFinite(v)) return;
      const x = x0 + i * barWidth;
      body.push(
        `<rect x="${x.toFixed(1)}" y="${sy(v).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(bottom - sy(v)).toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"/>`,
      );
      body.push(
        `<text x="${(x + barWidth / 2 - 1).toFixed(1)}" y="${(sy(v) - 4).toFixed(1)}" text-anchor="middle" font-size="10">${label(v)}</text>`,
      );
    });
  });
  if (chart.goal) {
    const y = sy(chart.goal.value).toFixed(1);
    body.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#333" stroke-dasharray="6 4"/>`);
    body.push(`<text x="${right - 4}" y="${Number(y) - 5}" text-anchor="end">${escape(chart.goal.label)}</text>`);
  }
  body.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#333"/>`);
  body.push(...legend(chart.series.map((s, i) => ({ name: s.name, color: PALETTE[i % PALETTE.length]! }))));
  return frame(chart.title, "", chart.yLabel, body);
}
