"""Evidence scan: assess a repository from what it contains (see :mod:`generator.scan.engine`).

``scan_repository(path, bank)`` returns a :class:`ScanResult` whose ``answers`` and
``evidence`` go to :func:`generator.scoring.score` as ``derived`` and ``evidence``; ``status``
(found / contradicted / not_found), ``searched`` and ``scope`` say what was seen and read.
"""

from generator.scan.engine import ScanResult, scan_repository
from generator.scan.shape import ScanScope
from generator.scan.spec import Detector, load_detectors

__all__ = ["Detector", "ScanResult", "ScanScope", "load_detectors", "scan_repository"]
