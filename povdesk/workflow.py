"""The workflow as data: stages, kinds of review, and the transition table (who may take which
step, from which stages, with which required fields). The manager that enforces it is
:class:`povdesk.reviews.Reviews`; the diagram is in that module's docstring.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NewType

from povdesk.users import OFFICE, Role

ReviewId = NewType("ReviewId", int)
Key = tuple[str, str, int]


class Stage(StrEnum):
    LISTED = "listed"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    AGREED = "agreed"
    DISPUTED = "disputed"
    POSTED = "posted"
    COMPLAINT = "complaint"
    CONSULTED = "consulted"
    RECOGNISED = "recognised"
    REJECTED = "rejected"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.LISTED: "trong danh sách cần rà soát",
    Stage.DRAFT: "đã rà soát (nháp)",
    Stage.SUBMITTED: "rà soát viên đã nộp",
    Stage.RETURNED: "trả lại, cần sửa",
    Stage.ACCEPTED: "cán bộ xã đã duyệt",
    Stage.AGREED: "đã thống nhất tại họp dân",
    Stage.DISPUTED: "họp dân chưa thống nhất",
    Stage.POSTED: "đang niêm yết công khai",
    Stage.COMPLAINT: "có khiếu nại, đang phúc tra",
    Stage.CONSULTED: "đã xin ý kiến cấp trên",
    Stage.RECOGNISED: "đã công nhận",
    Stage.REJECTED: "không công nhận",
    Stage.DROPPED: "đưa ra khỏi danh sách",
}


class Kind(StrEnum):
    PERIODIC = "periodic"
    ONGOING = "ongoing"

    @property
    def label(self) -> str:
        return "định kỳ" if self is Kind.PERIODIC else "thường xuyên"


LOCKED = frozenset({Stage.RECOGNISED, Stage.REJECTED, Stage.DROPPED})
EDITABLE = frozenset({Stage.LISTED, Stage.DRAFT, Stage.RETURNED, Stage.SUBMITTED, Stage.ACCEPTED,
                      Stage.DISPUTED, Stage.COMPLAINT})  # fmt: skip
ENUMERATOR_EDITABLE = frozenset({Stage.LISTED, Stage.DRAFT, Stage.RETURNED})
BOTH = frozenset(Kind)
PERIODIC = frozenset({Kind.PERIODIC})
ONGOING = frozenset({Kind.ONGOING})
FIELD_LABELS = {
    "comment": "nhận xét / lý do",
    "decision_no": "số quyết định",
    "decision_date": "ngày quyết định",
    "ref": "số, ngày văn bản xin ý kiến",
}


@dataclass(frozen=True)
class Transition:
    """One workflow step as data.

    ``own``: an enumerator may take it only on records assigned to them. ``via``: the manager
    call that takes this step (it needs a meeting, posting or complaint record), so the plain
    :meth:`Reviews.apply` refuses it. ``needs_household``: the answers must exist.
    """

    action: str
    label: str
    sources: frozenset[Stage]
    target: Stage
    roles: frozenset[Role]
    requires: tuple[str, ...] = ()
    own: bool = False
    kinds: frozenset[Kind] = BOTH
    via: str | None = None
    needs_household: bool = False


def _t(action: str, label: str, sources: Iterable[Stage], target: Stage, roles: Iterable[Role],
       **kw: Any) -> Transition:  # fmt: skip
    return Transition(action, label, frozenset(sources), target, frozenset(roles), **kw)


S = Stage
R = Role
SURVEYORS = (R.ENUMERATOR, R.OFFICER, R.ADMIN)
APPROVERS = (R.CHAIRMAN, R.ADMIN)
TRANSITIONS: tuple[Transition, ...] = (
    _t("survey", "rà soát (lưu phiếu)", [S.LISTED], S.DRAFT, SURVEYORS, own=True, via="household.save",
       needs_household=True),
    _t("submit", "nộp", [S.DRAFT], S.SUBMITTED, SURVEYORS, own=True, needs_household=True),
    _t("resubmit", "nộp lại", [S.RETURNED], S.SUBMITTED, SURVEYORS, own=True, needs_household=True),
    _t("return", "trả lại để sửa", [S.SUBMITTED, S.ACCEPTED, S.DISPUTED], S.RETURNED, OFFICE,
       requires=("comment",)),
    _t("accept", "duyệt", [S.SUBMITTED], S.ACCEPTED, OFFICE, needs_household=True),
    _t("agree", "thống nhất tại họp dân", [S.ACCEPTED], S.AGREED, OFFICE, kinds=PERIODIC, via="meeting"),
    _t("dispute", "ghi nhận họp dân chưa thống nhất", [S.ACCEPTED], S.DISPUTED, OFFICE, kinds=PERIODIC,
       requires=("comment",), via="meeting"),
    _t("settle", "thống nhất sau phúc tra", [S.DISPUTED], S.AGREED, OFFICE, kinds=PERIODIC,
       requires=("comment",)),
    _t("post", "niêm yết công khai", [S.AGREED], S.POSTED, OFFICE, kinds=PERIODIC, via="posting"),
    _t("complain", "ghi nhận khiếu nại", [S.POSTED], S.COMPLAINT, OFFICE, kinds=PERIODIC,
       requires=("comment",), via="complaint"),
    _t("recheck", "ghi kết quả phúc tra", [S.COMPLAINT], S.POSTED, OFFICE, kinds=PERIODIC,
       requires=("comment",), via="complaint"),
    _t("consult", "ghi ý kiến cấp trên", [S.POSTED], S.CONSULTED, (R.OFFICER, R.CHAIRMAN, R.ADMIN),
       kinds=PERIODIC, requires=("ref",)),
    _t("recognise", "công nhận", [S.POSTED, S.CONSULTED, S.ACCEPTED], S.RECOGNISED, APPROVERS,
       requires=("decision_no", "decision_date"), needs_household=True),
    _t("reject", "không công nhận", [S.SUBMITTED, S.ACCEPTED], S.REJECTED, APPROVERS, kinds=ONGOING,
       requires=("comment",)),
    _t("drop", "đưa ra khỏi danh sách", [S.LISTED, S.DRAFT, S.RETURNED], S.DROPPED, OFFICE,
       requires=("comment",)),
    _t("reopen", "mở lượt rà soát mới", sorted(LOCKED), S.LISTED, APPROVERS, requires=("comment",)),
)  # fmt: skip
BY_ACTION = {t.action: t for t in TRANSITIONS}
#: Sources that depend on the kind of review: an ongoing review has no meeting or posting.
KIND_SOURCES = {("recognise", Kind.PERIODIC): frozenset({S.POSTED, S.CONSULTED}),
                ("recognise", Kind.ONGOING): frozenset({S.ACCEPTED})}  # fmt: skip


def sources(t: Transition, kind: Kind) -> frozenset[Stage]:
    return KIND_SOURCES.get((t.action, kind), t.sources)


def today() -> dt.date:
    return dt.date.today()


def key_text(key: Key) -> str:
    return f"{key[0]}/{key[1]}/{key[2]}"
