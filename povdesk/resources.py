"""Locate files shipped under ``resources/`` (rule sets, reference lists, fonts, icons).

From a source checkout the folder sits next to the ``povdesk`` package; in a PyInstaller bundle
it sits under ``sys._MEIPASS``. Nothing here checks that the file exists: callers report a
missing resource in their own words.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PROJECT_ROOT = Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    """The folder holding ``resources/``: ``sys._MEIPASS`` when frozen, else the project root."""
    return Path(getattr(sys, "_MEIPASS", _PROJECT_ROOT))


def resource_path(*parts: str) -> Path:
    """Path of ``resources/<parts...>``, e.g. ``resource_path("rulesets", "VN-2022.toml")``."""
    return resource_root().joinpath("resources", *parts)


def docs_path(*parts: str) -> Path:
    """Path of ``docs/<parts...>``: the user guide (``docs_path("huong-dan-su-dung.md")``) and its
    ``screenshots/``, shown by the Help menu; bundled as ``docs/`` beside ``resources/``."""
    return resource_root().joinpath("docs", *parts)
