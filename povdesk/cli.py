"""The ``povdesk`` command line: a thin skin over the core (like sqlite-utils' CLI).

Contract: shared/design/cli.md. Exit codes: 0 success · 2 input refused, nothing changed ·
3 permission denied · 1 anything else. Messages go to stderr (Vietnamese by default); machine
output (``--json``) goes to stdout.

Commands live in modules listed in :data:`COMMAND_MODULES`; each has ``register(sub)`` adding
its sub-parsers with ``set_defaults(handler=fn)``, where ``fn(ctx, args) -> int``. A feature
adds its commands by adding its module here.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from povdesk import __version__
from povdesk.errors import PovdeskError, Problem, ValidationError

COMMAND_MODULES = [
    "povdesk.commands.core",
    "povdesk.commands.review",
    "povdesk.commands.users",
    "povdesk.commands.audit",
    "povdesk.commands.report",
    "povdesk.commands.check",
    "povdesk.commands.print",
    "povdesk.commands.excel",
]

Handler = Callable[["Context", argparse.Namespace], int]


@dataclass
class Context:
    """What a command handler gets: the global options and output helpers."""

    db: Path | None
    user: str
    lang: str
    json: bool = False
    _ws: Any = field(default=None, repr=False)

    def workspace(self) -> Any:
        """The open workspace (opened on first use, closed by :func:`main`)."""
        if self._ws is None:
            from povdesk.workspace import Workspace

            self._ws = Workspace.open(self.db, user=self.user)
            from povdesk.commands.users import sign_in

            sign_in(self._ws, self.user)  # once accounts exist: POVDESK_PASSWORD or a prompt
        return self._ws

    def out(self, data: Any) -> None:
        """Machine output: JSON on stdout."""
        # One write: json.dump writes every token separately (a syscall each when unbuffered).
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")

    def say(self, text: str) -> None:
        """Human output on stdout (tables, results)."""
        print(text)

    def err(self, text: str) -> None:
        print(text, file=sys.stderr)

    def problems(self, problems: Sequence[Problem]) -> None:
        for p in problems:
            tag = "Lỗi" if p.is_error else "Cảnh báo"
            if self.lang == "en":
                tag = "Error" if p.is_error else "Warning"
            self.err(f"{tag}: {p}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="povdesk",
        description="povdesk — rà soát hộ nghèo, hộ cận nghèo (dòng lệnh)",
    )
    parser.add_argument("--version", action="version", version=f"povdesk {__version__}")
    parser.add_argument("--db", type=Path, help="tệp dữ liệu (mặc định: dữ liệu của ứng dụng)")
    parser.add_argument("--user", default=None, help="tên người dùng")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    from povdesk.workspace import DEFAULT_USER

    ctx = Context(db=args.db, user=args.user or DEFAULT_USER, lang=args.lang,
                  json=bool(getattr(args, "json", False)))  # fmt: skip
    try:
        return handler(ctx, args)
    except ValidationError as e:
        ctx.err(e.summary + ":")
        ctx.problems(e.problems)
        return e.exit_code
    except PovdeskError as e:
        ctx.err(("Lỗi: " if ctx.lang == "vi" else "Error: ") + str(e))
        return e.exit_code
    except KeyboardInterrupt:
        ctx.err("Đã hủy")
        return 1
    finally:
        if ctx._ws is not None:
            ctx._ws.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
