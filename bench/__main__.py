"""Minimal dispatcher: ``python -m bench [name] [options…]`` runs ``bench.<name>.main(options)``.

Without a name, runs every ``bench/*.py`` module in turn with its default options.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def _names() -> list[str]:
    return sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(f"usage: python -m bench [{'|'.join(_names())}] [options]")
        return 0
    names = [argv[0]] if argv else _names()
    rest = argv[1:]
    status = 0
    for name in names:
        if name not in _names():
            print(f"unknown benchmark {name!r}; choose from: {', '.join(_names())}", file=sys.stderr)
            return 2
        print(f"== bench {name}")
        status |= int(importlib.import_module(f"bench.{name}").main(rest) or 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
