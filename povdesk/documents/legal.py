"""The "Căn cứ" lines of each document, selected from ``resources/documents/legal-basis.toml``.

Which texts a document cites depends on its review year (the poverty standard and procedure)
and on its issue date (the law on local government changed on 01/07/2025), so the list is data.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from povdesk.resources import resource_path
from povdesk.text import nfc

DOCUMENTS = ("decision", "certificate", "escape")


@dataclass(frozen=True)
class Basis:
    text: str
    documents: tuple[str, ...]
    first_year: int | None
    last_year: int | None
    issued_from: dt.date | None
    issued_until: dt.date | None

    def applies(self, document: str, review_year: int, issued_on: dt.date) -> bool:
        return (
            document in self.documents
            and (self.first_year is None or review_year >= self.first_year)
            and (self.last_year is None or review_year <= self.last_year)
            and (self.issued_from is None or issued_on >= self.issued_from)
            and (self.issued_until is None or issued_on <= self.issued_until)
        )


def _date(v: object) -> dt.date | None:
    if v is None:
        return None
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


@lru_cache(maxsize=1)
def load_bases() -> tuple[Basis, ...]:
    """All entries of the data file, in file order."""
    with resource_path("documents", "legal-basis.toml").open("rb") as f:
        data = tomllib.load(f)
    out = []
    for item in data.get("basis", []):
        years = item.get("years") or [None, None]
        out.append(
            Basis(
                text=nfc(str(item["text"])).strip().rstrip(";."),
                documents=tuple(item.get("documents", DOCUMENTS)),
                first_year=years[0],
                last_year=years[1],
                issued_from=_date(item.get("issued_from")),
                issued_until=_date(item.get("issued_until")),
            )
        )
    return tuple(out)


def legal_basis(document: str, review_year: int, issued_on: dt.date | None) -> list[str]:
    """The cited texts (without final punctuation) for ``document`` of ``review_year``."""
    when = issued_on or dt.date.today()
    return [b.text for b in load_bases() if b.applies(document, review_year, when)]


def punctuate(lines: Sequence[str]) -> tuple[str, ...]:
    """Each line ends with ";", the last with "." (Decree 30)."""
    clean = [nfc(s).strip().rstrip(";.") for s in lines if s.strip()]
    return tuple(f"{s}{'.' if n == len(clean) - 1 else ';'}" for n, s in enumerate(clean))
