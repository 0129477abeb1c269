"""Existing repositories, written for the adopt tests: what teams bring before mlops-init.

Each is a committed git repository with its own files, some at paths the template also
writes (README.md, Makefile, pyproject.toml, a features module, a test file) so that adopt
must keep them, and some the template never touches.
"""

from __future__ import annotations

import json
from pathlib import Path

from testkit import git

NOTEBOOK = json.dumps(
    {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": ["import pandas as pd\n", "df = pd.read_csv('data/churn.csv')\n"],
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    },
    indent=1,
)

# A data scientist's notebooks, a CSV and a requirements file: no package, no CI.
NOTEBOOK_ONLY = {
    "README.md": "# Churn analysis\n\nOpen churn.ipynb and run all cells.\n",
    "churn.ipynb": NOTEBOOK + "\n",
    "notebooks/eda.ipynb": NOTEBOOK.replace("churn.csv", "churn_2024.csv") + "\n",
    "requirements.txt": "pandas==2.2.3\nscikit-learn==1.5.2\n",
    "data/churn.csv": "tenure,monthly_charges,churned\n3,70.5,1\n40,20.1,0\n",
}

# A package with its own pyproject.toml, README, Makefile and GitHub workflow, whose module
# and test names meet the template's.
PACKAGE = {
    "pyproject.toml": (
        "[project]\n"
        'name = "churn-model"\n'
        'version = "2.3.0"\n'
        'requires-python = ">=3.12"\n'
        'dependencies = ["scikit-learn>=1.4"]\n\n'
        "[build-system]\n"
        'requires = ["setuptools>=68"]\n'
        'build-backend = "setuptools.build_meta"\n'
    ),
    "README.md": "# Churn model\n\nOur model. Install with `pip install -e .`.\n",
    "Makefile": ".PHONY: test\ntest:\n\tpytest -q\n\nlint:\n\truff check .\n",
    ".github/workflows/ci.yml": (
        "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n"
    ),
    ".gitignore": ".venv/\n*.pyc\n",
    "src/churn_model/__init__.py": '"""Churn model."""\n\n__version__ = "2.3.0"\n',
    "src/churn_model/features.py": "def tenure_bucket(months):\n    return months // 12\n",
    "tests/test_features.py": (
        "from churn_model.features import tenure_bucket\n\n\n"
        "def test_bucket():\n    assert tenure_bucket(25) == 2\n"
    ),
    "scripts/deploy.sh": "#!/bin/sh\necho deploying\n",
}

# A web service whose src/ holds unrelated packages, with GitLab CI and an old Python.
UNRELATED_SRC = {
    "src/app/__init__.py": "",
    "src/app/main.py": "from utils.io import load\n\nprint(load())\n",
    "src/utils/__init__.py": "",
    "src/utils/io.py": "def load():\n    return 'ok'\n",
    ".gitlab-ci.yml": "test:\n  script:\n    - python -m pytest\n",
    ".python-version": "3.9.18\n",
    "README.md": "Billing service.\n",
    "docs/architecture.md": "# Architecture\n\nA small service.\n",
    "tests/test_main.py": "def test_nothing():\n    assert True\n",
}

# A training script with an experiment-tracking project file, a conda environment and its CSV
# at the top of the repository (the layout of many published examples).
SCRIPT_AT_ROOT = {
    "train.py": "import pandas as pd\n\ndf = pd.read_csv('wine.csv')\nprint(len(df))\n",
    "MLproject": (
        "name: wine\nconda_env: conda.yaml\nentry_points:\n  main:\n    command: python train.py\n"
    ),
    "conda.yaml": "name: wine\ndependencies:\n  - python=3.11\n  - pandas\n",
    "wine.csv": "alcohol,acidity,quality\n9.4,0.7,5\n9.8,0.88,6\n",
    "tests/fixtures/tiny.csv": "a,b\n1,2\n",
    "README.md": "Wine quality example.\n",
    "LICENSE.txt": "Apache License 2.0\n",
}

FIXTURES = {
    "notebook-only": NOTEBOOK_ONLY,
    "script-at-root": SCRIPT_AT_ROOT,
    "package": PACKAGE,
    "unrelated-src": UNRELATED_SRC,
}
EXECUTABLE = {"scripts/deploy.sh"}


def make_team_repo(root: Path, files: dict[str, str]) -> Path:
    """Write ``files`` into ``root`` and commit them (one commit, a fixed identity)."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        if rel in EXECUTABLE:
            path.chmod(0o755)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Our project")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file (except under .git) with its bytes and mode."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }
