"""The core must run headless: importing every povdesk module loads no Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_no_pyside6() -> None:
    """Importing every module under povdesk/ in a fresh interpreter loads no PySide6/shiboken6/ui."""
    code = (
        "import importlib, pkgutil, sys, povdesk\n"
        "for m in pkgutil.walk_packages(povdesk.__path__, 'povdesk.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'ui'))\n"
        "n = sum(1 for n in sys.modules if n.startswith('povdesk'))\n"
        "print(n, bad)\n"
        "assert not bad, bad\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    count = int(out.stdout.split()[0])
    assert count > 15  # the walk really imported the core, not an empty package
