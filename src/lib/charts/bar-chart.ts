/**
 * Draws a bar chart config onto a canvas: `<canvas {@attach barChart(config)}>`. The chart is
 * rebuilt when the config changes and destroyed with the canvas.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { Attachment } from 'svelte/attachments';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export function barChart(config: ChartConfiguration<'bar', number[], string>): Attachment<HTMLCanvasElement> {
	return (canvas) => {
		const chart = new Chart(canvas, config);
		return () => chart.destroy();
	};
}
