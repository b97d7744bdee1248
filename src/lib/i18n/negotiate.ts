/**
 * Picks the UI language from an Accept-Language header. Any Chinese tag (zh, zh-CN, zh-Hans-CN …)
 * maps to Simplified Chinese — the only Chinese the UI has — which Paraglide's exact/base-tag
 * matching would miss.
 */
export function negotiateLocale(header: string | null, locales: readonly string[]): string | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((part) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? '1');
			return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0 };
		})
		.filter((entry) => entry.tag && entry.q > 0)
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranked) {
		const exact = locales.find((l) => l.toLowerCase() === tag);
		if (exact) return exact;
		const base = tag.split('-')[0];
		const sameLanguage = locales.find((l) => l.toLowerCase().split('-')[0] === base);
		if (sameLanguage) return sameLanguage;
	}
	return undefined;
}
