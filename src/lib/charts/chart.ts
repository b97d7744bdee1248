/**
 * Draws an indicator chart onto a canvas: `<canvas {@attach indicatorChart(config)}>`. Registers only
 * what the dashboard uses (line, scatter and bar charts, the error-bar plugin); imported by the
 * indicator pages alone, so Chart.js never reaches the kiosk. Rebuilt when the config changes,
 * destroyed with the canvas.
 */
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	ScatterController,
	Tooltip,
	type ChartConfiguration,
	type ChartType
} from 'chart.js';
import type { Attachment } from 'svelte/attachments';
import { errorBarsPlugin } from './error-bars';

Chart.register(
	BarController,
	BarElement,
	LineController,
	LineElement,
	PointElement,
	ScatterController,
	CategoryScale,
	LinearScale,
	Legend,
	Tooltip,
	errorBarsPlugin
);

export function indicatorChart<T extends ChartType>(config: ChartConfiguration<T>): Attachment<HTMLCanvasElement> {
	return (canvas) => {
		const chart = new Chart(canvas, config as ChartConfiguration);
		return () => chart.destroy();
	};
}
