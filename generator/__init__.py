"""mlops-init: assess MLOps maturity, report it, and scaffold projects at the right level."""

__version__ = "0.1.0"
