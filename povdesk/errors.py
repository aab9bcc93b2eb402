"""Typed errors. The UI (ui/errors.py) and the CLI map these to messages and exit codes.

Messages are Vietnamese first: ``str(err)`` is what a commune official reads. They never carry
personal data beyond what the user typed into the field being reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class PovdeskError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is and why, in Vietnamese.

    ``sheet``/``row`` locate it in a workbook (row is the 1-based Excel row); ``field`` is the
    interchange field code (``thu_nhap_bq``); ``member`` is the member's ``stt`` when the problem
    is on the roster. ``severity`` is ``"error"`` (blocks the write) or ``"warning"``.
    """

    message: str
    field: str | None = None
    member: int | None = None
    sheet: str | None = None
    row: int | None = None
    value: str | None = None
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def where(self) -> str:
        """Human location, e.g. ``sheet ThanhVien, dòng 12, cột ngay_sinh``."""
        parts: list[str] = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"dòng {self.row}")
        if self.member is not None:
            parts.append(f"thành viên số {self.member}")
        if self.field:
            parts.append(f"cột {self.field}" if self.sheet else f"trường {self.field}")
        return ", ".join(parts)

    def __str__(self) -> str:
        loc = self.where()
        return f"{loc}: {self.message}" if loc else self.message


class InputRefused(PovdeskError):
    """The input was refused and nothing was changed (CLI exit code 2)."""

    exit_code = 2


@dataclass
class ValidationError(InputRefused):
    """Validation found one or more errors; ``problems`` lists every one (errors and warnings)."""

    problems: list[Problem] = field(default_factory=list)
    summary: str = "Dữ liệu không hợp lệ"

    def __post_init__(self) -> None:
        super().__init__(self.summary)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def __str__(self) -> str:
        lines = [f"{self.summary} ({len(self.errors)} lỗi):"]
        lines += [f"  - {p}" for p in self.errors]
        return "\n".join(lines)


class NoRuleSet(InputRefused):
    """No rule set governs the requested review year."""


class NotFound(PovdeskError):
    """A record that was asked for does not exist."""


class PermissionDenied(PovdeskError):
    """The current user may not do this (CLI exit code 3)."""

    exit_code = 3


class DatabaseTooNew(PovdeskError):
    """The database was written by a newer povdesk; we refuse rather than downgrade it."""

    exit_code = 2


class MigrationFailed(PovdeskError):
    """A schema migration failed; the file was left as it was before."""


class Interrupted(PovdeskError):
    """A long job was cancelled by the user ("đã hủy"); not an error to report as a failure."""
