"""Product text carries no notes meant for the mlops-init team.

The bank, the template (and so every generated project), the READMEs, the docs and the
reports are read by clients and by the teams they assess. They name a source by its title,
never as "the seed article"; they carry no issue numbers of mlops-init's own tracker, no paths
to research notes outside this repository, and no internal ids such as ``no-evidence`` or a
detector rule's id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.bank import load_bank
from generator.cli import app
from generator.scan import load_detectors

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "examples"
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.yaml"))


@dataclass(frozen=True)
class Leftover:
    pattern: re.Pattern[str]
    why: str


LEFTOVERS = [
    Leftover(
        re.compile(r"seed\s+article", re.IGNORECASE),
        "a source named by its role in mlops-init's research; name it by its title, e.g. "
        "'Intro to MLOps (K. Poulinakis, V7 Labs 2023)' (assessments/sources.yaml)",
    ),
    Leftover(
        re.compile(r"\bissues?\s*#?\d+\b", re.IGNORECASE),
        "an issue number of mlops-init's tracker; say what the part does instead",
    ),
    Leftover(
        re.compile(r"\.\./shared\b|\bshared/research\b|(?<![\w.-])research/[\w.-]+\.md|/work/"),
        "a path outside this repository; state the fact, or cite a public source by its title",
    ),
    Leftover(
        re.compile(r"(?<![\w-])no-evidence(?![\w-])"),  # the id absence once had
        "an internal id of the evidence scan",
    ),
]

# Only the "outside this repository" rule applies to mlops-init's own code and tests.
PATHS_ONLY = [LEFTOVERS[2]]

TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".html", ".jinja", ".txt", ".toml", ".cfg", ".ini", ""}


def _product_files() -> list[Path]:
    """Everything a client or a generated project's team reads."""
    files = [REPO_ROOT / "copier.yml", REPO_ROOT / "README.md"]
    files += [REPO_ROOT / "CONTRIBUTING.md"] if (REPO_ROOT / "CONTRIBUTING.md").exists() else []
    files += sorted((REPO_ROOT / "assessments").rglob("*.yaml"))
    files += sorted((REPO_ROOT / "docs").rglob("*.md"))
    files += [*sorted(EXAMPLES.glob("*.yaml")), EXAMPLES / "README.md"]
    files += sorted(EXAMPLES.glob("reports/*/report.*"))
    files += sorted(
        p
        for p in (REPO_ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    return files


def _code_files() -> list[Path]:
    """mlops-init's own code, tools and tests (this file excepted: it names the patterns)."""
    files = []
    for folder in ("generator", "tools", "tests", "bench"):
        files += sorted((REPO_ROOT / folder).rglob("*.py"))
    files += [REPO_ROOT / "pyproject.toml", REPO_ROOT / ".ci" / "run"]
    return [p for p in files if p.exists() and p != Path(__file__).resolve()]


def _find(text: str, where: str, leftovers: list[Leftover]) -> list[str]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for leftover in leftovers:
            for match in leftover.pattern.finditer(line):
                problems.append(f"{where}:{number}: {match.group(0)!r} is {leftover.why}.")
    return problems


def _scan_files(files: list[Path], leftovers: list[Leftover]) -> list[str]:
    problems = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary data (none today) carries no prose
        problems += _find(text, path.relative_to(REPO_ROOT).as_posix(), leftovers)
    return problems


def test_the_leftover_patterns_catch_what_they_are_meant_to() -> None:
    samples = {
        "The seed article asks for one metric.": 0,
        "the seed\n  article lists it": 0,
        "# monitoring, retraining triggers (issue 4)": 1,
        "see Issue #12 for the plan": 1,
        "(shared/research/copier-levels.md)": 2,
        "see ../shared/design.md": 2,
        "research: research/copier-levels.md": 2,
        "(no-evidence, confidence 40%)": 3,
    }
    for text, index in samples.items():
        found = _find(text.replace("\n", " "), "sample", LEFTOVERS)
        assert found and all(LEFTOVERS[index].why in p for p in found), (text, found)
    clean = (
        "Intro to MLOps (K. Poulinakis, V7 Labs 2023) asks for one metric. Link the issue. "
        "https://research.google/pubs/the-ml-test-score; random_seed: 42; no evidence found"
    )
    assert _find(clean, "sample", LEFTOVERS) == []


def test_product_text_has_no_internal_notes() -> None:
    files = _product_files()
    assert len(files) > 300, "the template tree was not found"
    problems = _scan_files(files, LEFTOVERS)
    assert problems == [], "Product text carries notes meant for the mlops-init team:\n" + (
        "\n".join(problems)
    )


def test_code_and_tests_cite_no_file_outside_the_repository() -> None:
    problems = _scan_files(_code_files(), PATHS_ONLY)
    assert problems == [], "\n".join(problems)


TEAM_REPO = {
    "README.md": "# Churn model\n\nTrain with `python train.py`.\n",
    "requirements.txt": "scikit-learn==1.5.2\npandas==2.2.3\n",
    "train.py": (
        "import pandas as pd\n"
        "from sklearn.linear_model import LogisticRegression\n\n"
        "frame = pd.read_csv('data/churn.csv')\n"
        "model = LogisticRegression(random_state=0).fit(frame.drop(columns='y'), frame['y'])\n"
    ),
    "tests/test_features.py": "def test_features():\n    assert True\n",
    ".github/workflows/ci.yml": (
        "on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: pytest\n"
    ),
}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_reports_show_no_internal_ids(name: str, tmp_path: Path) -> None:
    """An example team's report with a scan of its repository: evidence (found and absent)
    is shown by path, quote and confidence, never by the scan's internal ids."""
    repo = tmp_path / "repo"
    for rel, text in TEAM_REPO.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text, encoding="utf-8")
    out = tmp_path / "report"
    done = CliRunner().invoke(
        app,
        [
            "assess",
            "--scan",
            str(repo),
            "--answers",
            str(EXAMPLES / f"{name}.yaml"),
            "--out",
            str(out),
        ],
    )
    assert done.exit_code == 0, done.output
    rule_ids = {rule.id for detector in load_detectors(load_bank()) for rule in detector.rules}
    for filename in ("report.md", "report.html"):
        text = (out / filename).read_text(encoding="utf-8")
        assert "train.py" in text and "confidence" in text  # the scan's evidence is shown
        problems = _find(text, filename, LEFTOVERS)
        shown = sorted(
            rule_id
            for rule_id in rule_ids
            if re.search(rf"\({re.escape(rule_id)}[,)]", text)
            or re.search(rf"(?<![\w./*-]){re.escape(rule_id)}, confidence", text)
        )
        problems += [f"{filename}: shows the detector rule id {rule_id!r}" for rule_id in shown]
        assert problems == [], "\n".join(problems)
