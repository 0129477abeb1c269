"""Drift check speed and quality: the level-1 template's PSI + KS against baselines.

    python bench/bench_drift.py [--repeats 7]

Speed: 100,000 current rows x 30 features against a 10,000-row reference, median of
``--repeats`` runs, for (a) the template's ``detect_drift`` (PSI on fixed reference quantile bins
+ KS without sorting the current sample), (b) a NumPy-only PSI baseline (bins recomputed per
run, no KS), (c) scipy's ``ks_2samp`` per feature.

Quality: synthetic data sets (N(0,1) features; a third of the features shifted by a mean
shift of 0.1/0.25/0.5 sd or a scale change of 1.5x) at 500 and 100,000 current rows:
share of shifted features flagged (detection) and of unshifted ones flagged (false alarms),
for the template's rule and for an Evidently-style rule (KS p < 0.05 up to 1,000 rows, else
normed Wasserstein distance > 0.1: Evidently's documented defaults for numeric columns).
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import ks_2samp, wasserstein_distance

DRIFT = (
    Path(__file__).resolve().parent.parent
    / "templates"
    / "shared"
    / "src"
    / "{{ package_name }}"
    / "monitoring"
    / "drift.py.jinja"
)


def load_drift_module():
    """The template's drift module (plain Python: it has no Jinja)."""
    spec = importlib.util.spec_from_loader("template_drift", loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    exec(compile(DRIFT.read_text(), str(DRIFT), "exec"), module.__dict__)
    return module


def numpy_psi(reference: np.ndarray, current: np.ndarray, bins: int = 10) -> np.ndarray:
    """Baseline: PSI per feature with NumPy only (quantile bins recomputed every call)."""
    out = np.empty(reference.shape[1])
    for j in range(reference.shape[1]):
        edges = np.quantile(reference[:, j], np.linspace(0, 1, bins + 1)[1:-1])
        e = np.bincount(np.searchsorted(edges, reference[:, j]), minlength=bins) / len(reference)
        a = np.bincount(np.searchsorted(edges, current[:, j]), minlength=bins) / len(current)
        e, a = np.clip(e, 1e-4, None), np.clip(a, 1e-4, None)
        out[j] = np.sum((a - e) * np.log(a / e))
    return out


def median_ms(func, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def evidently_style(reference: np.ndarray, current: np.ndarray) -> np.ndarray:
    """Evidently's numeric defaults: KS p < 0.05 (<= 1,000 rows), else Wasserstein/std > 0.1."""
    flags = []
    for j in range(reference.shape[1]):
        if len(current) <= 1000:
            flags.append(ks_2samp(reference[:, j], current[:, j]).pvalue < 0.05)
        else:
            distance = wasserstein_distance(reference[:, j], current[:, j])
            flags.append(distance / np.std(reference[:, j]) > 0.1)
    return np.array(flags)


def quality(drift, rows: int, trials: int, rng: np.random.Generator) -> dict[str, dict]:
    """Detection and false-alarm rates of both rules over synthetic shifts."""
    shifts = {
        "none": None,
        "mean+0.1sd": ("mean", 0.1),
        "mean+0.25sd": ("mean", 0.25),
        "mean+0.5sd": ("mean", 0.5),
        "scale x1.5": ("scale", 1.5),
    }
    results = {}
    for name, shift in shifts.items():
        rules = ("template", "template a=.05/feature", "evidently-style")
        hits = {rule: [0, 0] for rule in rules}  # [flagged shifted, shifted]
        alarms = {rule: [0, 0] for rule in rules}  # [flagged clean, clean]
        for _ in range(trials):
            reference = rng.normal(size=(10_000, 30))
            current = rng.normal(size=(rows, 30))
            shifted = np.zeros(30, dtype=bool)
            if shift is not None:
                shifted[rng.choice(30, 10, replace=False)] = True
                kind, amount = shift
                if kind == "mean":
                    current[:, shifted] += amount
                else:
                    current[:, shifted] *= amount
            profile = drift.build_profile(reference, [f"f{i}" for i in range(30)])
            template = np.array(
                [
                    r.drifted
                    for r in drift.detect_drift(
                        profile, current, psi_threshold=0.2, ks_alpha=0.01, ks_min_statistic=0.02
                    )
                ]
            )
            # The same rule at Evidently's per-feature false-alarm budget (no Bonferroni).
            loose = np.array(
                [
                    r.drifted
                    for r in drift.detect_drift(
                        profile,
                        current,
                        psi_threshold=0.2,
                        ks_alpha=0.05,
                        ks_min_statistic=0.02,
                        bonferroni=False,
                    )
                ]
            )
            for rule, flags in (
                ("template", template),
                ("template a=.05/feature", loose),
                ("evidently-style", evidently_style(reference, current)),
            ):
                hits[rule][0] += int(flags[shifted].sum())
                hits[rule][1] += int(shifted.sum())
                alarms[rule][0] += int(flags[~shifted].sum())
                alarms[rule][1] += int((~shifted).sum())
        results[name] = {
            rule: {
                "detected": hits[rule][0] / hits[rule][1] if hits[rule][1] else None,
                "false_alarms": alarms[rule][0] / alarms[rule][1],
            }
            for rule in hits
        }
    return results


def _rates(values: dict) -> str:
    detected = "  - " if values["detected"] is None else f"{values['detected']:4.0%}"
    return f"detected {detected} false alarms {values['false_alarms']:5.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--trials", type=int, default=5, help="data sets per shift")
    args = parser.parse_args()
    drift = load_drift_module()
    rng = np.random.default_rng(0)
    reference = rng.normal(size=(10_000, 30))
    current = rng.normal(size=(100_000, 30))
    names = [f"f{i}" for i in range(30)]
    profile = drift.build_profile(reference, names)
    template_ms = median_ms(
        lambda: drift.detect_drift(
            profile, current, psi_threshold=0.2, ks_alpha=0.01, ks_min_statistic=0.02
        ),
        args.repeats,
    )
    profile_ms = median_ms(lambda: drift.build_profile(reference, names), args.repeats)
    psi_ms = median_ms(lambda: numpy_psi(reference, current), args.repeats)
    ks_ms = median_ms(
        lambda: [ks_2samp(reference[:, j], current[:, j]) for j in range(30)],
        max(3, args.repeats // 2),
    )
    print(f"100,000 x 30 vs 10,000-row reference, medians of {args.repeats} runs")
    print(
        f"  template detect_drift (PSI + KS)  {template_ms:8.1f} ms"
        f"  (reference profile, built once: {profile_ms:.1f} ms)"
    )
    print(f"  numpy PSI only (baseline)         {psi_ms:8.1f} ms  ratio {template_ms / psi_ms:.2f}")
    print(f"  scipy ks_2samp x30                {ks_ms:8.1f} ms  ratio {template_ms / ks_ms:.2f}")
    for rows in (500, 100_000):
        print(
            f"\nquality at {rows:,} current rows "
            f"({args.trials} data sets per shift, 10 of 30 features shifted)"
        )
        for shift, rules in quality(drift, rows, args.trials, rng).items():
            for rule, values in rules.items():
                print(f"  {shift:<12} {rule:<23} {_rates(values)}")


if __name__ == "__main__":
    main()
