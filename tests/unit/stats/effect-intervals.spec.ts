import { describe, expect, it } from 'vitest';
import { dzInterval, hedgesGInterval } from '$lib/stats/effect-intervals';
import { expectCloseInterval } from '../../fixtures/stats/reference';

// References from R 4.2.2 Patched (2022-11-10 r83330):
//   g <- 0.45; n1 <- 120; n2 <- 95; v <- (n1+n2)/(n1*n2) + g^2/(2*(n1+n2)); g + c(-1, 1) * qnorm(.975) * sqrt(v)
//   dz <- 0.3; n <- 40; v <- 1/n + dz^2/(2*n); dz + c(-1, 1) * qnorm(.975) * sqrt(v)
// The variance is metafor's: escalc(measure = "SMD", vtype = "LS")$vi equals (n1+n2)/(n1*n2) + yi^2/(2*(n1+n2)) for its yi.
describe('approximate intervals of standardized effects', () => {
	it("Hedges' g: large-sample normal interval", () => {
		expectCloseInterval(hedgesGInterval(0.45, 120, 95), [0.17749747785791925, 0.72250252214208077]);
	});

	it('d_z: large-sample normal interval', () => {
		expectCloseInterval(dzInterval(0.3, 40), [-0.016793484293212702, 0.61679348429321268]);
	});

	it('gives no interval without an effect or below 2 observations', () => {
		expect(hedgesGInterval(null, 10, 10)).toBeNull();
		expect(hedgesGInterval(0.2, 1, 10)).toBeNull();
		expect(dzInterval(null, 10)).toBeNull();
		expect(dzInterval(0.2, 1)).toBeNull();
	});
});
