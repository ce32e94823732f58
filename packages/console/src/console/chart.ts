/**
 * `<tract-chart>`: a line chart of counts per time bucket, drawn by uPlot
 * (loaded after the first screen, with its stylesheet adopted into the
 * element, so no inline style is needed). The canvas is hidden from screen
 * readers: the overview shows the same numbers as a table beside it.
 */
import { css, html, LitElement, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css';

/** Colours told apart by people with the common colour-vision deficiencies (Okabe–Ito), dark enough on white. */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#7a5c00', '#56b4e9', '#000000', '#e69f00'];

const sheet = new CSSStyleSheet();
sheet.replaceSync(uPlotCss);

export interface ChartSeries {
  name: string;
  counts: number[];
}

export class TractChart extends LitElement {
  static override properties = {
    buckets: { attribute: false },
    series: { attribute: false },
    label: {},
  };
  static override styles = css`
    :host {
      display: block;
      min-height: 260px;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1rem;
      list-style: none;
      padding: 0;
      margin: 0.5rem 0 0;
      font-size: 0.9rem;
    }
    .swatch {
      display: inline-block;
      width: 1.5rem;
      height: 0.25rem;
      vertical-align: middle;
      margin-inline-end: 0.35rem;
    }
  `;

  declare buckets: string[];
  declare series: ChartSeries[];
  declare label: string;
  #plot: uPlot | undefined;
  #resize = new ResizeObserver(() => this.#draw());

  constructor() {
    super();
    this.buckets = [];
    this.series = [];
    this.label = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.shadowRoot!.adoptedStyleSheets = [...this.shadowRoot!.adoptedStyleSheets, sheet];
    this.#resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.#plot?.destroy();
    this.#plot = undefined;
  }

  override render() {
    const shown = this.series.slice(0, PALETTE.length);
    return html`<div class="plot" aria-hidden="true"></div>
      <ul class="legend" aria-hidden="true">
        ${shown.map((s, i) => html`<li><span class="swatch" data-colour=${i}></span>${s.name}</li>`)}
      </ul>`;
  }

  protected override updated(_changed: PropertyValues): void {
    // Swatch colours through the CSSOM: style attributes would need 'unsafe-inline'.
    this.renderRoot.querySelectorAll<HTMLElement>('.swatch').forEach((swatch) => {
      swatch.style.background = PALETTE[Number(swatch.dataset.colour)] ?? '#000';
    });
    this.#draw();
  }

  #draw(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('.plot');
    if (!target) return;
    this.#plot?.destroy();
    const width = Math.max(280, this.clientWidth);
    const times = this.buckets.map((b) => Date.parse(b.length === 13 ? `${b}:00:00Z` : `${b}T00:00:00Z`) / 1000);
    const shown = this.series.slice(0, PALETTE.length);
    this.#plot = new uPlot(
      {
        width,
        height: 240,
        legend: { show: false },
        cursor: { show: true, drag: { x: false, y: false } },
        scales: { x: { time: true } },
        series: [{}, ...shown.map((s, i) => ({ label: s.name, stroke: PALETTE[i], width: 2 }))],
        axes: [{}, { size: 50 }],
      },
      [times, ...shown.map((s) => s.counts)],
      target,
    );
  }
}

if (!customElements.get('tract-chart')) customElements.define('tract-chart', TractChart);
