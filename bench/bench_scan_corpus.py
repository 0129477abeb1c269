"""How well the evidence scan agrees with hand ratings of real repositories.

Run by hand::

    python bench/bench_scan_corpus.py --corpus CORPUS --devset DEVSET.yaml [--detail]

``CORPUS`` holds one git checkout per rated repository, in a folder named ``owner+name``;
``DEVSET.yaml`` lists the repositories (``repos: [{repo, folder, practices: {id: {option}}}]``)
in ranking order, with the option a person chose for each practice. Each repository's rated
folder is scanned with the bundled bank and detectors, and compared with the rating on the
practices that gate a maturity level (levels 1 and 2):

- ``agree``: gates applicable in the rating where the scan earns the same credit as the rated
  option (an unanswered practice earns 0), count and percent; ``same opt`` counts identical
  options;
- ``false``: false credits, gates where the scan earns more credit than the rating;
- ``att L1 / L2``: attainment of each level, scan vs rated (sum of credit over the applicable
  practices gating that level / their number, from :func:`generator.scoring.score`);
- ``level``: strict level of the scan vs the level the rated answers score.

The totals give the share of agreeing gates and the Spearman correlation of the scan's
ordering (level, then attainment summed) with the devset's ranking (its listed order).
``--detail`` lists every disagreeing gate.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from generator.answers import Answers  # noqa: E402
from generator.bank import Bank, load_bank  # noqa: E402
from generator.result import Metadata, Result  # noqa: E402
from generator.scan import scan_repository  # noqa: E402
from generator.scoring import score  # noqa: E402


def gate_credits(result: Result) -> dict[str, float | None]:
    """Credit of each level-gating practice (None when not applicable, 0 when unanswered)."""
    out: dict[str, float | None] = {}
    for finding in result.findings:
        if finding.level in (1, 2):
            out[finding.id] = None if finding.status == "not_applicable" else finding.credit or 0.0
    return out


def attainment(result: Result) -> dict[int, float]:
    out = {}
    for level in (1, 2):
        credits = [
            f.credit or 0.0
            for f in result.findings
            if f.level == level and f.status != "not_applicable"
        ]
        out[level] = sum(credits) / len(credits) if credits else 1.0
    return out


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), 1-based."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = statistics.fmean(ra), statistics.fmean(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else 0.0


def rated_answers(bank: Bank, entry: dict) -> dict[str, str]:
    answers = {}
    for practice_id, rated in (entry.get("practices") or {}).items():
        practice = bank.practice(practice_id)
        if practice is not None and practice.option(rated["option"]) is not None:
            answers[practice_id] = rated["option"]
    return answers


def evaluate(bank: Bank, corpus: Path, entry: dict, detail: bool) -> dict:
    folder = (entry.get("folder") or ".").strip("/") or "."
    root = corpus / entry["repo"].replace("/", "+")
    target = root / folder
    started = time.perf_counter()
    found = scan_repository(target, bank, time_budget_s=60)
    elapsed = time.perf_counter() - started
    scanned = score(bank, Answers(Metadata(), {}), evidence=found.evidence, derived=found.answers)
    rated = score(bank, Answers(Metadata(), rated_answers(bank, entry)))
    scan_gates, rated_gates = gate_credits(scanned), gate_credits(rated)
    applicable = [p for p, c in rated_gates.items() if c is not None]
    agree = same_option = false_credit = 0
    disagreements = []
    for practice in applicable:
        got = scan_gates.get(practice) or 0.0
        want = rated_gates[practice] or 0.0
        if abs(got - want) < 1e-9:
            agree += 1
        else:
            disagreements.append(
                f"    {practice}: scan {found.answers.get(practice, '-')} ({got:g}) "
                f"vs rated {entry['practices'][practice]['option']} ({want:g})"
            )
        if got > want + 1e-9:
            false_credit += 1
        if found.answers.get(practice) == entry["practices"].get(practice, {}).get("option"):
            same_option += 1
    return {
        "repo": entry["repo"],
        "folder": folder,
        "gates": len(applicable),
        "agree": agree,
        "same_option": same_option,
        "false": false_credit,
        "att_scan": attainment(scanned),
        "att_rated": attainment(rated),
        "level_scan": scanned.level,
        "level_rated": rated.level,
        "elapsed": elapsed,
        "disagreements": disagreements if detail else [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--devset", type=Path, required=True)
    parser.add_argument("--detail", action="store_true", help="list every disagreeing gate")
    args = parser.parse_args()
    bank = load_bank()
    devset = yaml.safe_load(args.devset.read_text(encoding="utf-8"))
    rows = [evaluate(bank, args.corpus, entry, args.detail) for entry in devset["repos"]]

    header = (
        f"{'#':>2} {'repository':<52} {'agree':>11} {'same':>5} {'false':>5} "
        f"{'att L1 scan/rated':>17} {'att L2 scan/rated':>17} {'level':>5} {'s':>5}"
    )
    print(header)
    print("-" * len(header))
    for index, row in enumerate(rows, 1):
        name = row["repo"] + ("" if row["folder"] == "." else f" [{row['folder']}]")
        name = name if len(name) <= 52 else name[:49] + "..."
        pct = 100 * row["agree"] / row["gates"] if row["gates"] else 100.0
        att = "  ".join(
            f"{row['att_scan'][lv]:>8.2f}/{row['att_rated'][lv]:.2f}"
            + ("*" if abs(row["att_scan"][lv] - row["att_rated"][lv]) > 0.1 + 1e-9 else " ")
            for lv in (1, 2)
        )
        level = f"{row['level_scan']}/{row['level_rated']}"
        print(
            f"{index:>2} {name:<52} {row['agree']:>2}/{row['gates']:<2} {pct:>4.0f}% "
            f"{row['same_option']:>5} {row['false']:>5} {att} {level:>5} {row['elapsed']:>5.2f}"
        )
        for line in row["disagreements"]:
            print(line)
    gates = sum(r["gates"] for r in rows)
    agree = sum(r["agree"] for r in rows)
    same = sum(r["same_option"] for r in rows)
    within = sum(
        all(abs(r["att_scan"][lv] - r["att_rated"][lv]) <= 0.1 + 1e-9 for lv in (1, 2))
        for r in rows
    )
    scan_key = [r["level_scan"] * 10 + r["att_scan"][1] + r["att_scan"][2] for r in rows]
    rho = spearman(scan_key, [float(i) for i in range(len(rows))])
    rated_key = [r["level_rated"] * 10 + r["att_rated"][1] + r["att_rated"][2] for r in rows]
    rho_rated = spearman(rated_key, [float(i) for i in range(len(rows))])
    print("-" * len(header))
    print(
        f"gates agreeing: {agree}/{gates} ({100 * agree / gates:.1f}%), same option {same}; "
        f"false credits: {sum(r['false'] for r in rows)} "
        f"(max {max(r['false'] for r in rows)} per repository); "
        f"attainment within 0.1: {within}/{len(rows)}; "
        f"strict level equal: {sum(r['level_scan'] == r['level_rated'] for r in rows)}"
        f"/{len(rows)}; "
        f"Spearman vs ranking: {rho:.2f} (the rated answers' own: {rho_rated:.2f})"
    )
    print("(* = attainment more than 0.1 from the rated; level = scan/rated; s = scan seconds)")


if __name__ == "__main__":
    main()
