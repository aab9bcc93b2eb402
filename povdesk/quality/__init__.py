"""Data quality: duplicate people and households, and consistency checks (issue 11).

The public surface: :func:`run_checks` (the long job, for import / sync / on demand) and the
workspace facade ``ws.quality`` (:class:`Quality`), both returning plain data
(:class:`QualityReport`, :class:`PairSummary`, :class:`Issue`) for the CLI and the desktop.
"""

from __future__ import annotations

from povdesk.quality.checks import CHECK_LABELS, CHECKS, Issue
from povdesk.quality.duplicates import MIN_SCORE, ScanStats
from povdesk.quality.manager import DIFFERENT, SAME, Quality, run_checks
from povdesk.quality.report import MemberMatch, PairSummary, QualityReport, Side, UnitReport
from povdesk.quality.store import HAS_ISSUES_SQL, has_issues_sql

__all__ = [
    "CHECKS",
    "CHECK_LABELS",
    "DIFFERENT",
    "HAS_ISSUES_SQL",
    "MIN_SCORE",
    "SAME",
    "Issue",
    "MemberMatch",
    "PairSummary",
    "Quality",
    "QualityReport",
    "ScanStats",
    "Side",
    "UnitReport",
    "has_issues_sql",
    "run_checks",
]
