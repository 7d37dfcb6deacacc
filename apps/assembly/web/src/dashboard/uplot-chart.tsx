import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

interface Props {
  /** Series after the x axis (time in seconds): label and colour. */
  series: { label: string; stroke: string; fill?: string; bars?: boolean }[];
  data: uPlot.AlignedData;
  height?: number;
}

/**
 * A uPlot time chart that follows its container's width. The instance is
 * made once and fed new data, so a dataset update every few seconds does
 * not rebuild the canvas.
 */
export function UplotChart({ series, data, height = 220 }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height,
        legend: { show: true },
        series: [
          {},
          ...series.map((entry) => ({
            label: entry.label,
            stroke: entry.stroke,
            width: 2,
            ...(entry.fill ? { fill: entry.fill } : {}),
            ...(entry.bars ? { paths: uPlot.paths.bars!({ size: [0.6, 40] }), points: { show: false } } : {}),
          })),
        ],
        scales: {
          // A fresh event has one point or none: show the last minutes, not uPlot's default span (a day per point).
          x: {
            time: true,
            range: (plot) => {
              const times = plot.data[0];
              const first = times[0];
              const last = times[times.length - 1];
              if (first === undefined || last === undefined) return [Date.now() / 1000 - 600, Date.now() / 1000];
              return last - first < 600 ? [last - 600, last + 60] : [first, last];
            },
          },
          y: { range: (_plot, _min, max) => [0, Math.max(1, Math.ceil((max ?? 0) * 1.15))] },
        },
        axes: [{}, { label: series[0]?.label ?? "" }],
      },
      data,
      element,
    );
    chart.current = plot;
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
      chart.current = null;
    };
    // Series are fixed per chart; only data changes over time.
  }, []);
  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  return <div ref={container} class="uplot-chart" aria-hidden="true" />;
}
