import { describe, expect, it } from 'vitest';
import { tCritical95, twoSidedP, Z_CRITICAL_95 } from '$lib/stats/distributions';
import reference from '../../fixtures/stats/distributions.json';
import { expectClose, expectCloseP } from '../../fixtures/stats/reference';

describe(`distribution functions against ${reference.r}`, () => {
	it.each(reference.cases.qt)('$call', ({ df, value }) => {
		expectClose(tCritical95(df), value);
	});

	it.each(reference.cases.pt)('$call', ({ t, df, value }) => {
		expectCloseP(twoSidedP(t, df), value);
	});

	it(reference.cases.qnorm.call, () => {
		expectClose(Z_CRITICAL_95, reference.cases.qnorm.value);
		expect(twoSidedP(0, 7)).toBe(1);
	});
});
