"""Autosaved drafts of the household editor: unsaved typing survives a crash or a power cut.

A draft is the editor's raw form (field code → typed text, and the member rows) as a JSON file
in a folder next to the database (``xa.sqlite`` → ``xa.sqlite.drafts/``), one file per household
being edited, written atomically (temporary file + rename). Drafts are not in the database on
purpose: they are neither validated nor audited, they are not copied into exports or sync
packages, and writing them never waits for the database writer. A draft is deleted when its
household is saved or the user discards the changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NEW = "moi"


@dataclass(frozen=True)
class Draft:
    key: str
    saved_at: str
    title: str
    data: dict[str, Any]


def draft_key(ma_xa: str | None, ma_ho: str | None, year: int | None) -> str:
    """File-safe key of a household's draft; a household never saved uses :data:`NEW`."""
    if not (ma_xa and ma_ho and year):
        return NEW
    return re.sub(r"[^0-9A-Za-z_.-]", "_", f"{ma_xa}-{ma_ho}-{year}")


class Drafts:
    def __init__(self, db_path: Path) -> None:
        self.folder = db_path.with_name(db_path.name + ".drafts")

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(self, key: str, title: str, data: dict[str, Any]) -> Path:
        """Write (replace) the draft ``key`` atomically."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        tmp = path.with_suffix(".json.part")
        payload = {"saved_at": dt.datetime.now().isoformat(timespec="seconds"), "title": title, "data": data}
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        return path

    def load(self, key: str) -> Draft | None:
        """The draft ``key``, or ``None`` (also for an unreadable file, which is left alone)."""
        try:
            payload = json.loads(self._path(key).read_text(encoding="utf-8"))
            return Draft(key, str(payload["saved_at"]), str(payload["title"]), dict(payload["data"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def all(self) -> list[Draft]:
        """Every readable draft, newest first."""
        if not self.folder.is_dir():
            return []
        found = [self.load(p.stem) for p in self.folder.glob("*.json")]
        return sorted((d for d in found if d is not None), key=lambda d: d.saved_at, reverse=True)
