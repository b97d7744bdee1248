/**
 * A small Chart.js plugin drawing 95% CI error bars: `options.plugins.anjuErrorBars.bars[dataset][point]`
 * gives `{ lower, upper }` (or `null`) on the value axis — vertical bars for line charts, horizontal
 * ones along x for forest plots (`axis: 'x'`). No dependency beyond Chart.js.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface ErrorBar {
	lower: number;
	upper: number;
}

export interface ErrorBarOptions {
	/** Per dataset, per data point. */
	bars: Array<Array<ErrorBar | null>>;
	/** The axis the bars run along: `y` (default) or `x`. */
	axis?: 'x' | 'y';
	/** Half the width of the end caps, in pixels. */
	cap?: number;
}

declare module 'chart.js' {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	interface PluginOptionsByType<TType extends ChartType> {
		anjuErrorBars?: ErrorBarOptions;
	}
}

export const errorBarsPlugin: Plugin = {
	id: 'anjuErrorBars',
	afterDatasetsDraw(chart: Chart, _args, options: ErrorBarOptions) {
		if (!options?.bars) return;
		const alongX = options.axis === 'x';
		const scale = alongX ? chart.scales.x : chart.scales.y;
		if (!scale) return;
		const cap = options.cap ?? 5;
		const { ctx } = chart;
		ctx.save();
		ctx.lineWidth = 1.5;
		options.bars.forEach((bars, datasetIndex) => {
			const meta = chart.getDatasetMeta(datasetIndex);
			if (!chart.isDatasetVisible(datasetIndex)) return;
			const colour = chart.data.datasets[datasetIndex]?.borderColor;
			ctx.strokeStyle = typeof colour === 'string' ? colour : '#1f2a2e';
			meta.data.forEach((element, i) => {
				const bar = bars[i];
				if (!bar) return;
				const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
				const from = scale.getPixelForValue(bar.lower);
				const to = scale.getPixelForValue(bar.upper);
				ctx.beginPath();
				if (alongX) {
					ctx.moveTo(from, y);
					ctx.lineTo(to, y);
					for (const end of [from, to]) {
						ctx.moveTo(end, y - cap);
						ctx.lineTo(end, y + cap);
					}
				} else {
					ctx.moveTo(x, from);
					ctx.lineTo(x, to);
					for (const end of [from, to]) {
						ctx.moveTo(x - cap, end);
						ctx.lineTo(x + cap, end);
					}
				}
				ctx.stroke();
			});
		});
		ctx.restore();
	}
};
