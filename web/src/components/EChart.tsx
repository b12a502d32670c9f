// An ECharts chart (modular import: only line and bar charts, canvas and SVG renderers) in a named figure,
// with "Scarica PNG" and "Scarica SVG"; the numbers are always also given as a table by the caller.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from 'echarts/components';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

export interface ChartClick {
  dataIndex: number;
  seriesIndex?: number;
  name: string;
}

function save(url: string, name: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** File-name-safe version of a title. */
function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'grafico'
  );
}

export function EChart({
  id,
  title,
  description,
  option,
  height = 320,
  onClick,
}: {
  id: string;
  /** Short title: the figure's caption and the downloaded file's name. */
  title: string;
  /** What the chart shows, for screen readers (the data are in the table that follows). */
  description: string;
  option: ChartOption;
  height?: number;
  onClick?(e: ChartClick): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as unknown as { dataIndex: number; seriesIndex?: number; name: string };
      clickRef.current?.({ dataIndex: e.dataIndex, seriesIndex: e.seriesIndex, name: e.name });
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  function png() {
    const c = chart.current;
    if (!c) return;
    save(c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' }), `${slug(title)}.png`);
  }

  function svg() {
    const el = ref.current;
    if (!el) return;
    // A second, off-screen instance with the SVG renderer gives a vector file of the same chart.
    const box = document.createElement('div');
    box.style.cssText = `position:absolute;left:-10000px;top:0;width:${el.clientWidth || 800}px;height:${height}px`;
    document.body.appendChild(box);
    const c = echarts.init(box, undefined, { renderer: 'svg', width: el.clientWidth || 800, height });
    try {
      c.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
      save(c.getDataURL({ type: 'svg' }), `${slug(title)}.svg`);
    } finally {
      c.dispose();
      box.remove();
    }
  }

  return (
    <figure className="mb-3" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="fw-semibold mb-1">
        {title}
      </figcaption>
      <div ref={ref} id={id} className="pdz-echart" style={{ height }} role="img" aria-label={`${title}. ${description}`} />
      <div className="d-flex flex-wrap gap-2 mt-1">
        <button type="button" className="btn btn-outline-primary btn-xs" onClick={png}>
          Scarica PNG<span className="visually-hidden"> del grafico «{title}»</span>
        </button>
        <button type="button" className="btn btn-outline-primary btn-xs" onClick={svg}>
          Scarica SVG<span className="visually-hidden"> del grafico «{title}»</span>
        </button>
      </div>
    </figure>
  );
}
