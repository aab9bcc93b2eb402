"""The household review workbook (shared/domain/workbook-format.md): import, export, error report.

UI-ready long jobs (``job(ws, ..., *, progress=None, cancel=None)``):

* :func:`import_workbook` → :class:`ImportReport`; a refused workbook raises
  :class:`~povdesk.errors.ValidationError` carrying every problem (sheet, row, column, value);
* :func:`export_workbook` → :class:`ExportReport`;
* :func:`write_error_workbook` turns those problems into a copy of the workbook with the bad
  cells highlighted, for the user to fix and re-import.

Imports are lazy so ``import povdesk.excel`` stays cheap (xlsxwriter is only loaded to write).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from povdesk.excel.errorbook import write_error_workbook
    from povdesk.excel.exporter import ExportReport, export_workbook
    from povdesk.excel.importer import ImportReport, import_workbook

__all__ = ["ExportReport", "ImportReport", "export_workbook", "import_workbook", "write_error_workbook"]

_WHERE = {
    "import_workbook": "importer", "ImportReport": "importer",
    "export_workbook": "exporter", "ExportReport": "exporter",
    "write_error_workbook": "errorbook",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(name)
    import importlib

    return getattr(importlib.import_module(f"povdesk.excel.{module}"), name)
