"""Google's MLOps maturity levels and the ML Test Score's bands: the one home of both tables.

Every other module (scoring, reports, commands, scaffolding) reads the level numbers, their
names and the bands from here.

Sources: Google Cloud, *MLOps: Continuous delivery and automation pipelines in machine
learning* (levels 0, 1, 2); Breck et al., *The ML Test Score: A Rubric for ML Production
Readiness and Technical Debt Reduction* (IEEE Big Data 2017), for the bands.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import InputError
from generator.result import LevelInfo

LEVELS: tuple[LevelInfo, ...] = (
    LevelInfo(
        level=0,
        name="Manual process",
        summary=(
            "Models are trained and handed over by hand, often from notebooks; releases are "
            "rare and the live model is neither logged nor monitored."
        ),
    ),
    LevelInfo(
        level=1,
        name="ML pipeline automation (continuous training)",
        summary=(
            "The training pipeline itself is automated and deployed: triggers retrain the model "
            "on fresh data, with data and model validation and a metadata store."
        ),
    ),
    LevelInfo(
        level=2,
        name="CI/CD pipeline automation",
        summary=(
            "Source control, automated tests, builds and deployments, a model registry and an "
            "orchestrator let the team ship new pipeline versions quickly and safely."
        ),
    ),
)

LEVEL_NUMBERS: tuple[int, ...] = tuple(info.level for info in LEVELS)
MAX_LEVEL = LEVEL_NUMBERS[-1]
GATED_LEVELS: tuple[int, ...] = LEVEL_NUMBERS[1:]  # level 0 needs nothing


def level_name(level: int) -> str:
    """The name of a level number (``0`` -> ``Manual process``)."""
    return LEVELS[level].name


def check_level(value: int, what: str, *, allowed: tuple[int, ...] = LEVEL_NUMBERS) -> int:
    """``value`` when it is one of ``allowed``; else an :class:`InputError` naming ``what``.

    ``what`` is how the user wrote the input, e.g. ``"The '--to' option"``.
    """
    if value not in allowed:
        listed = ", ".join(str(n) for n in allowed)
        raise InputError(f"{what} must be one of {listed}. Got {value!r} instead.")
    return value


@dataclass(frozen=True)
class Band:
    """One band of the final ML Test Score: its upper bound, name, range and meaning."""

    upper: float  # inclusive; the last band has no upper bound (inf)
    name: str  # the 2017 paper's name
    range: str  # how a report writes the range
    meaning: str  # what it means, in our own words


BANDS: tuple[Band, ...] = (
    Band(0.0, "research project", "0", "A research project rather than a production system"),
    Band(1.0, "not totally untested", "(0, 1]", "Expect serious gaps in reliability"),
    Band(
        2.0,
        "first pass at production readiness",
        "(1, 2]",
        "Basic production readiness; more investment is needed",
    ),
    Band(3.0, "reasonably tested", "(2, 3]", "More of the tests and checks could be automated"),
    Band(
        5.0,
        "strong levels of automated testing",
        "(3, 5]",
        "Automated testing and monitoring fit for critical systems",
    ),
    Band(float("inf"), "exceptional", "> 5", "Exceptional automated testing and monitoring"),
)


def band_for(final: float) -> str:
    """The 2017 paper's name for a final ML Test Score."""
    return next(band.name for band in BANDS if final <= band.upper)
