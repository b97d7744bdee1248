import type { PageServerLoad } from './$types';

/** The kiosk page is a shell for a shared device: never kept in the browser's HTTP cache or bfcache. */
export const load: PageServerLoad = ({ setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
};
