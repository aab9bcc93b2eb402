"""What a mutating call changed, so each view refreshes only what it shows (Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    communes: bool = False
    households: bool = False
    classifications: bool = False
    history: bool = False
    reviews: bool = False  # review records, stages, comments, meetings, postings, requests
    users: bool = False
    settings: bool = False
    quality: bool = False  # duplicate pairs, decisions, accepted warnings (povdesk.quality)

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))
