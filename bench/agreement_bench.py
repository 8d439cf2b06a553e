"""Krippendorff's alpha on 1,000,000 units × 3 coders: Thematica against the
`krippendorff` package (PyPI), measured side by side in one run, with equal
values required to 1e-9; then the many-rater coefficients (Gwet's AC1,
Fleiss' and Conger's kappa) on the same data, with Fleiss' kappa checked
against a NumPy computation of the same formula.

    python3 bench/agreement_bench.py [--units 1000000] [--repeat 3]
"""
import argparse
import sys
import time

import numpy as np

import krippendorff
from thematica import agreement


def best_of(repeat, fn):
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times), value


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    # Five categories; coders agree with a latent value 80% of the time; 10% missing.
    truth = rng.integers(1, 6, size=args.units)
    data = np.where(rng.random((args.coders, args.units)) < 0.8, truth,
                    rng.integers(1, 6, size=(args.coders, args.units))).astype(float)
    data[rng.random(data.shape) < 0.1] = np.nan
    print(f"alpha on {args.units:,} units × {args.coders} coders (best of {args.repeat})")
    print(f"{'level':<10} {'thematica':>10} {'krippendorff':>13} {'ratio':>7}  difference")
    worst = 0.0
    for level in ["nominal", "ordinal", "interval", "ratio"]:
        ours_t, ours = best_of(args.repeat, lambda: agreement.krippendorff_alpha(data, level))
        theirs_t, theirs = best_of(args.repeat, lambda: krippendorff.alpha(
            reliability_data=data, level_of_measurement=level))
        diff = abs(ours - theirs)
        worst = max(worst, diff)
        print(f"{level:<10} {ours_t:>9.3f}s {theirs_t:>12.3f}s {theirs_t / ours_t:>6.1f}×  {diff:.1e}")
    print(f"\nmany raters on the same data (best of {args.repeat})")
    for name, fn in [("Gwet's AC1", lambda: agreement.gwet_ac(ratings=data)),
                     ("Fleiss' kappa", lambda: agreement.fleiss_kappa(ratings=data)),
                     ("Conger's kappa", lambda: agreement.conger_kappa(data))]:
        seconds, value = best_of(args.repeat, fn)
        print(f"{name:<15} {seconds:>8.3f}s  {value:.6f}")
    counts = np.stack([(data == k).sum(axis=0) for k in range(1, 6)], axis=1).astype(float)
    raters = counts.sum(axis=1)
    paired = raters >= 2
    observed = ((counts * (counts - 1)).sum(axis=1)[paired] / (raters * (raters - 1))[paired]).mean()
    shares = (counts[raters > 0] / raters[raters > 0, None]).mean(axis=0)
    expected = (shares ** 2).sum()
    numpy_fleiss = (observed - expected) / (1 - expected)
    worst = max(worst, abs(numpy_fleiss - agreement.fleiss_kappa(counts=counts)))
    if worst > 1e-9:
        print(f"values differ by {worst:g} > 1e-9", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
