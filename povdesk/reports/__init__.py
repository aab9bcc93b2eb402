"""Reports: the tables communes submit (R1–R8, R14/R15), plan targets, trends — as data.

Builders (``build_summary``, ``build_deprivations``, ``build_characteristics``,
``build_household_list``, ``build_plan_report``, ``build_trend``) read the database with SQL
aggregates and return immutable report objects. Each has ``to_json()`` (plain data for the CLI
and the desktop view), ``tables()`` (:class:`~povdesk.reports.model.ReportTable`) and, where it
makes sense, ``charts()`` (:class:`~povdesk.reports.model.Chart`). The writers
(:mod:`povdesk.reports.excel`, :mod:`povdesk.reports.pdf`) draw a
:class:`~povdesk.reports.model.ReportDocument` made of those sections; import them lazily (they
load xlsxwriter / reportlab).
"""

from __future__ import annotations

from povdesk.reports.common import rate
from povdesk.reports.model import Chart, Column, Paragraph, ReportDocument, ReportTable, Series
from povdesk.reports.summary import Figures, SummaryReport, build_summary

__all__ = [
    "Chart",
    "Column",
    "Figures",
    "Paragraph",
    "ReportDocument",
    "ReportTable",
    "Series",
    "SummaryReport",
    "build_summary",
    "rate",
]
