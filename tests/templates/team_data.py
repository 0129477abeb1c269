"""Data for the hardening tests, written by the tests themselves (nothing is downloaded).

- ``breast_cancer_csv``: scikit-learn's bundled breast-cancer table exported as a team would
  export it (a CSV with a header row and a ``target`` column).
- ``team_csv``: a churn table like a team's own export: numbers with missing values,
  categories with missing values, a date column, a ``yes``/``no`` label and headers with
  spaces and capitals. The label depends on the features, so a model can learn it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def breast_cancer_csv(path: Path) -> pd.DataFrame:
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return frame


def team_frame(rows: int = 600, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    tenure = rng.integers(1, 72, rows).astype(float)
    charges = np.round(rng.normal(70, 20, rows), 2)
    plan = rng.choice(["basic", "standard", "premium"], rows, p=[0.5, 0.3, 0.2])
    region = rng.choice(["north", "south", "east", "west"], rows)
    days = rng.integers(0, 1500, rows)
    signup = (pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d")
    score = -0.06 * tenure + 0.04 * (charges - 70) + np.where(plan == "basic", 1.0, -0.6) + 1.2
    churned = np.where(rng.random(rows) < 1 / (1 + np.exp(-score)), "yes", "no")
    frame = pd.DataFrame(
        {
            "Tenure Months": tenure,
            "Monthly Charges": charges,
            "Plan": plan,
            "Region": region,
            "Signup Date": signup,
            "Churned": churned,
        }
    )
    frame.loc[rng.choice(rows, 30, replace=False), "Tenure Months"] = np.nan
    frame.loc[rng.choice(rows, 20, replace=False), "Plan"] = np.nan
    return frame


def team_csv(path: Path, **kwargs) -> pd.DataFrame:
    frame = team_frame(**kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)
    return frame
