"""``run_checks`` (the long job) and ``ws.quality`` (the facade the UI and the CLI call).

Run on import, on sync merge and on demand::

    report = run_checks(ws, household_ids=touched)        # after an import / a sync merge
    report = ws.quality.run(year=2025, ma_xa="12345")      # povdesk check --year 2025 --xa 12345

A run reads the households (and, for duplicates, every household of the same review years),
finds duplicate pairs and consistency issues, applies the remembered decisions and accepted
warnings, rewrites the cache for the checked households in one transaction, and returns the
:class:`QualityReport`. It changes no household data, so it is not an operation (no history).

Judgements are operations: :meth:`Quality.mark` ("same" / "different", with a merge when the
reviewer says which side to keep), :meth:`Quality.unmark`, :meth:`Quality.accept` and
:meth:`Quality.unaccept` each run in one :meth:`Workspace.operation`, write history rows on the
households concerned and an audit entry (``ws.audit.record``) with the reason; the operation's
seal chains them into the audit log.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from povdesk.changes import Changes
from povdesk.errors import InputRefused, NotFound
from povdesk.households import now_iso
from povdesk.progress import CancelToken, ProgressFn, Reporter
from povdesk.quality import store
from povdesk.quality.checks import (
    CHECK_LABELS,
    DUPLICATE_CHECKS,
    DUPLICATE_HOUSEHOLD,
    DUPLICATE_ID,
    DUPLICATE_PERSON,
    Issue,
    check_household,
)
from povdesk.quality.duplicates import (
    HOUSEHOLD,
    MIN_SCORE,
    PERSON,
    Found,
    HouseholdMatch,
    PersonMatch,
    pair_id,
    refs,
    scan,
)
from povdesk.quality.facts import Facts, HouseholdFacts, Person, Scope, gc_paused, load, person_ref
from povdesk.quality.report import PairSummary, QualityReport, build_report, cached_issues, pairs

if TYPE_CHECKING:
    from povdesk.workspace import Workspace

SAME, DIFFERENT = "same", "different"
DECISION_LABELS = {SAME: "cùng một", DIFFERENT: "khác nhau"}


def run_checks(
    ws: Workspace,
    *,
    year: int | None = None,
    ma_xa: str | None = None,
    household_ids: Iterable[int] | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelToken | None = None,
    min_score: int = MIN_SCORE,
) -> QualityReport:
    """Check the households of ``year`` / ``ma_xa`` / ``household_ids`` (all when none given).

    Duplicates are looked for against every household of the same review years (other
    communes included). Raises :class:`~povdesk.errors.Interrupted` when cancelled (the cache
    is then left as it was).
    """
    scope = Scope(year, ma_xa, None if household_ids is None else tuple(household_ids))
    with gc_paused():
        rep = Reporter("Đang đọc dữ liệu", None, progress, cancel)
        facts = load(ws, scope, rep=rep)
        rep.finish()
        different = [k for k, d in store.decisions(ws.conn).items() if d == DIFFERENT]
        rep = Reporter("Đang tìm trùng lặp", None, progress, cancel)
        found = scan(facts, different=different, min_score=min_score, rep=rep)
        rep.finish()
        rep = Reporter("Đang kiểm tra từng hộ", len(facts.focus), progress, cancel)
        issues = _consistency(ws, facts, sorted(facts.focus), rep)
        rep.finish()
        stamp = now_iso()
        pair_rows, dup_rows = _duplicate_rows(facts, found, stamp)
        with ws.atomic():
            store.replace_cache(
                ws.conn, facts.focus, pair_rows, [*dup_rows, *_issue_rows(facts, issues, stamp)]
            )
        return build_report(ws.conn, scope, found.stats)


def _consistency(ws: Workspace, facts: Facts, ids: Sequence[int], rep: Reporter | None = None) -> list[Issue]:
    """Consistency issues of the households ``ids``, with remembered acceptances applied."""
    hs = facts.households
    accepted = store.accepted(ws.conn, ((hs[i].ma_xa, hs[i].ma_ho, hs[i].year) for i in ids))
    out: list[Issue] = []
    for hid in ids:
        h = hs[hid]
        for issue in check_household(h):
            reason = accepted.get((h.ma_xa, h.ma_ho, h.year, issue.check, issue.subject))
            if reason is not None:
                issue = dataclasses.replace(issue, accepted=True, reason=reason)
            out.append(issue)
        if rep is not None:
            rep.step()
    return out


def _issue_rows(facts: Facts, issues: Iterable[Issue], stamp: str) -> list[tuple[Any, ...]]:
    hs = facts.households
    return [
        (i.household_id, hs[i.household_id].year, hs[i.household_id].ma_xa, i.check,
         ",".join(map(str, i.members)), i.subject, i.message, None, None, None, int(i.accepted), stamp)
        for i in issues
    ]  # fmt: skip


def _where(h: HouseholdFacts) -> str:
    return f"hộ {h.ma_ho} ({h.chu_ho}, {h.thon}, xã {h.ma_xa})"


def _duplicate_rows(
    facts: Facts, found: Found, stamp: str
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Rows of ``quality_pairs`` and the duplicate rows of ``quality_issues`` (both sides)."""
    hs = facts.households
    pair_rows: list[tuple[Any, ...]] = []
    issue_rows: list[tuple[Any, ...]] = []
    matches: list[HouseholdMatch | PersonMatch] = [*found.households, *found.persons]
    for m in matches:
        pid = pair_id(*refs(m, facts))
        reasons = "; ".join(m.reasons)
        if isinstance(m, HouseholdMatch):
            ha, hb, sa, sb = m.a, m.b, None, None
            ra, rb = ha.ref, hb.ref
            members = [[x.a.stt, x.b.stt, x.score, list(x.reasons)] for x in m.members]
            check = DUPLICATE_HOUSEHOLD
            sides = [(ha, hb, "", f"Có thể là cùng một hộ với {_where(hb)}: {reasons}"),
                     (hb, ha, "", f"Có thể là cùng một hộ với {_where(ha)}: {reasons}")]  # fmt: skip
        else:
            ha, hb, sa, sb = hs[m.a.household_id], hs[m.b.household_id], m.a.stt, m.b.stt
            ra, rb = person_ref(ha, m.a), person_ref(hb, m.b)
            members = []
            check = DUPLICATE_ID if m.same_id else DUPLICATE_PERSON
            sides = [(ha, hb, str(sa), _person_message(m.a, m.b, hb, reasons)),
                     (hb, ha, str(sb), _person_message(m.b, m.a, ha, reasons))]  # fmt: skip
        kind = HOUSEHOLD if isinstance(m, HouseholdMatch) else PERSON
        pair_rows.append((pid, kind, ha.year, ha.id, hb.id, sa, sb, ra, rb, m.score,
                          store.dumps(list(m.reasons)), store.dumps(members), stamp))  # fmt: skip
        for own, other, stt, msg in sides:
            issue_rows.append(
                (own.id, own.year, own.ma_xa, check, stt, pid, msg, pid, other.id, m.score, 0, stamp)
            )
    return pair_rows, issue_rows


def _person_message(own: Person, other: Person, other_h: HouseholdFacts, reasons: str) -> str:
    return (
        f"{own.name} (thành viên {own.stt}) có thể là {other.name} (thành viên {other.stt})"
        f" của {_where(other_h)}: {reasons}"
    )


class Quality:
    """``ws.quality``: run checks, read the cached results, record the reviewer's judgements."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # --- running and reading ------------------------------------------------------------------

    def run(
        self,
        *,
        year: int | None = None,
        ma_xa: str | None = None,
        household_ids: Iterable[int] | None = None,
        progress: ProgressFn | None = None,
        cancel: CancelToken | None = None,
        min_score: int = MIN_SCORE,
    ) -> QualityReport:
        """:func:`run_checks` on this workspace."""
        return run_checks(self.ws, year=year, ma_xa=ma_xa, household_ids=household_ids, progress=progress,
                          cancel=cancel, min_score=min_score)  # fmt: skip

    def report(self, *, year: int | None = None, ma_xa: str | None = None) -> QualityReport:
        """The report of the last check, read from the cache (no scan)."""
        return build_report(self.ws.conn, Scope(year, ma_xa))

    def issues(self, household_id: int) -> list[Issue]:
        """The open and accepted issues of one household, from the last check."""
        return cached_issues(self.ws.conn, household_id)

    def household_ids_with_issues(self, *, year: int | None = None, ma_xa: str | None = None) -> list[int]:
        """Households (of ``year`` / ``ma_xa``) with an open issue, in household-code order."""
        where, args = Scope(year, ma_xa).where()
        rows = self.ws.conn.execute(
            f"SELECT h.id FROM households h WHERE {where} AND {store.HAS_ISSUES_SQL} ORDER BY h.ma_xa, h.ma_ho",
            args,
        )
        return [r[0] for r in rows]

    def pairs(
        self, *, year: int | None = None, ma_xa: str | None = None, kind: str | None = None
    ) -> list[PairSummary]:
        """Duplicate pairs of the last check touching these households, best first."""
        found = pairs(self.ws.conn, Scope(year, ma_xa))
        return [p for p in found if kind is None or p.kind == kind]

    def pair(self, pair_id: str) -> PairSummary:
        found = pairs(self.ws.conn, Scope(), pair_id=pair_id)
        if not found:
            raise InputRefused(f"Không có cặp trùng lặp '{pair_id}' (hãy chạy lại: povdesk check)")
        return found[0]

    def pair_households(self, pair_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Both households of a pair in full (interchange fields), for side-by-side review."""
        from povdesk.domain import HouseholdId
        from povdesk.records import household_to_json

        p = self.pair(pair_id)
        get = self.ws.households.get
        return (household_to_json(get(HouseholdId(p.a.household_id))),
                household_to_json(get(HouseholdId(p.b.household_id))))  # fmt: skip

    # --- judgements ---------------------------------------------------------------------------

    def mark(
        self, pair_id: str, decision: str, *, reason: str | None = None, keep: str | None = None
    ) -> Changes:
        """Remember that the two sides of a pair are the same or different.

        With ``decision="same"`` and ``keep`` ("a" or "b"), also merge in the same operation:
        a household pair keeps that household and deletes the other (saved whole in history);
        a person pair keeps that member and removes the other one from its household (the
        kept member takes the other's ID number if it had none). Refused (nothing changed) if
        the data changed since the check, or for removing a household head.
        """
        from povdesk.quality.merge import merge

        if decision not in (SAME, DIFFERENT):
            raise InputRefused(f"Quyết định phải là '{SAME}' (cùng một) hoặc '{DIFFERENT}' (khác nhau)")
        if keep is not None and (decision != SAME or keep not in ("a", "b")):
            raise InputRefused("Chỉ gộp khi xác nhận 'same', và giữ bên 'a' hoặc 'b'")
        p = self.pair(pair_id)
        self.ws.users.require("quality.decide")
        kind, ref_a, ref_b = self._refs(p)
        summary = f"{p.a.ma_xa}/{p.a.ma_ho}/{p.a.nam_ra_soat} – {p.b.ma_xa}/{p.b.ma_ho}/{p.b.nam_ra_soat}"
        changes = Changes(quality=True, history=True)
        with self.ws.operation("Xác nhận trùng lặp" if keep is None else "Gộp hồ sơ trùng", summary) as op:
            if keep is not None:
                changes |= merge(self.ws, op, p, keep)
            self._decide(op, p, kind, ref_a, ref_b, decision, reason, merged=keep is not None)
        return changes

    def unmark(self, pair_id: str) -> Changes:
        """Forget a decision (the pair is reported again by the next check); not after a merge."""
        row = store.decision(self.ws.conn, pair_id)
        if row is None:
            raise InputRefused(f"Cặp '{pair_id}' chưa có quyết định nào")
        if row["merged"]:
            raise InputRefused("Hai hồ sơ đã được gộp; không hủy được quyết định (xem lịch sử để khôi phục)")
        self.ws.users.require("quality.decide")
        with self.ws.operation("Hủy quyết định trùng lặp", pair_id):
            self.ws.conn.execute("DELETE FROM quality_decisions WHERE pair_id = ?", (pair_id,))
            self.ws.audit.record(
                "quality.unmark", "quality_pair", pair_id, field="decision", old=row["decision"]
            )
        return Changes(quality=True)

    def _refs(self, p: PairSummary) -> tuple[str, str, str]:
        row = self.ws.conn.execute(
            "SELECT kind, ref_a, ref_b FROM quality_pairs WHERE id = ?", (p.id,)
        ).fetchone()
        kind, a, b = row
        lo, hi = sorted((a, b))
        return kind, lo, hi

    def _decide(self, op: int, p: PairSummary, kind: str, ref_a: str, ref_b: str, decision: str,
                reason: str | None, *, merged: bool) -> None:  # fmt: skip
        conn = self.ws.conn
        old = store.decision(conn, p.id)
        conn.execute(
            "INSERT INTO quality_decisions (pair_id, kind, ref_a, ref_b, decision, reason, merged, operation_id)"
            " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (kind, ref_a, ref_b) DO UPDATE SET decision = excluded.decision,"
            " reason = excluded.reason, merged = excluded.merged, operation_id = excluded.operation_id",
            (p.id, kind, ref_a, ref_b, decision, reason, int(merged), op),
        )
        what = "người" if kind == PERSON else "hộ"
        for own, other in ((p.a, p.b), (p.b, p.a)):
            text = f"{DECISION_LABELS[decision]} {what} với {other.ma_xa}/{other.ma_ho}/{other.nam_ra_soat}"
            self._history(op, own.household_id, own.stt, "trùng lặp", old and old["decision"], text)
        subject = f"{p.a.ma_xa}/{p.a.ma_ho}/{p.a.nam_ra_soat}"
        self.ws.audit.record("quality.mark", "quality_pair", p.id, subject=subject, field="decision",
                             old=old and old["decision"], new=decision, reason=reason)  # fmt: skip
        if decision == DIFFERENT or merged:
            conn.execute("DELETE FROM quality_pairs WHERE id = ?", (p.id,))

    def _history(self, op: int, hid: int, stt: int | None, field: str, old: Any, new: Any) -> None:
        """One history row on a household (skipped if the household no longer exists)."""
        self.ws.conn.execute(
            "INSERT INTO history (operation_id, household_id, ma_xa, ma_ho, nam_ra_soat, member_stt, field, old, new)"
            " SELECT ?, id, ma_xa, ma_ho, nam_ra_soat, ?, ?, ?, ? FROM households WHERE id = ?",
            (op, stt, field, None if old is None else str(old), None if new is None else str(new), hid),
        )

    def accept(self, household_id: int, check: str, members: Sequence[int] = (), *, reason: str) -> Changes:
        """Accept a consistency warning with a reason; it stays accepted on later checks."""
        issue = self._current_issue(household_id, check, members)
        reason = " ".join((reason or "").split())
        if not reason:
            raise InputRefused("Cần ghi lý do khi chấp nhận cảnh báo")
        self.ws.users.require("quality.decide")
        h = self._household(household_id)
        with self.ws.operation("Chấp nhận cảnh báo", f"{h.label}: {check}") as op:
            self.ws.conn.execute(
                "INSERT INTO quality_accepted (ma_xa, ma_ho, nam_ra_soat, check_code, subject, message, reason,"
                " operation_id) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (ma_xa, ma_ho, nam_ra_soat, check_code, subject)"
                " DO UPDATE SET message = excluded.message, reason = excluded.reason, operation_id = excluded.operation_id",
                (h.ma_xa, h.ma_ho, h.year, check, issue.subject, issue.message, reason, op),
            )
            stt = issue.members[0] if issue.members else None
            self._history(
                op, household_id, stt, f"cảnh báo: {CHECK_LABELS[check]}", None, f"chấp nhận: {reason}"
            )
            self.ws.audit.record("quality.accept", "quality_warning", check, subject=h.label, field=issue.subject,
                                 new="accepted", reason=reason)  # fmt: skip
            self.ws.conn.execute(
                "UPDATE quality_issues SET accepted = 1 WHERE household_id = ? AND check_code = ? AND subject = ?",
                (household_id, check, issue.subject),
            )
        return Changes(quality=True, history=True)

    def unaccept(self, household_id: int, check: str, members: Sequence[int] = ()) -> Changes:
        """Withdraw an acceptance: the warning is open again."""
        issue = self._current_issue(household_id, check, members)
        h = self._household(household_id)
        self.ws.users.require("quality.decide")
        with self.ws.operation("Bỏ chấp nhận cảnh báo", f"{h.label}: {check}") as op:
            cur = self.ws.conn.execute(
                "DELETE FROM quality_accepted WHERE ma_xa=? AND ma_ho=? AND nam_ra_soat=? AND check_code=? AND subject=?",
                (h.ma_xa, h.ma_ho, h.year, check, issue.subject),
            )
            if not cur.rowcount:
                raise InputRefused("Cảnh báo này chưa được chấp nhận")
            stt = issue.members[0] if issue.members else None
            self._history(
                op, household_id, stt, f"cảnh báo: {CHECK_LABELS[check]}", "chấp nhận", "bỏ chấp nhận"
            )
            self.ws.audit.record("quality.unaccept", "quality_warning", check, subject=h.label, field=issue.subject,
                                 old="accepted")  # fmt: skip
            self.ws.conn.execute(
                "UPDATE quality_issues SET accepted = 0 WHERE household_id = ? AND check_code = ? AND subject = ?",
                (household_id, check, issue.subject),
            )
        return Changes(quality=True, history=True)

    def _household(self, household_id: int) -> HouseholdFacts:
        facts = load(self.ws, Scope(household_ids=(household_id,)), duplicates=False)
        if household_id not in facts.households:
            raise NotFound(f"Không tìm thấy hộ có id {household_id}")
        return facts.households[household_id]

    def _current_issue(self, household_id: int, check: str, members: Sequence[int]) -> Issue:
        """The consistency issue as the household's current data raises it; refused if none."""
        if check in DUPLICATE_CHECKS:
            raise InputRefused("Cảnh báo trùng lặp không chấp nhận được; hãy xác nhận cặp là 'khác nhau'")
        if check not in CHECK_LABELS:
            raise InputRefused(f"Không có loại kiểm tra '{check}' (các loại: {', '.join(CHECK_LABELS)})")
        h = self._household(household_id)
        found = [i for i in check_household(h) if i.check == check]
        wanted = tuple(members)
        match = [i for i in found if not wanted or i.members == wanted]
        if len(match) != 1:
            shown = "; ".join(f"thành viên {','.join(map(str, i.members))}" for i in found) or "không có"
            raise InputRefused(
                f"Hộ {h.label} không có đúng một cảnh báo '{CHECK_LABELS[check]}' như vậy (hiện có: {shown})"
            )
        return match[0]

    def refresh_households(self, household_ids: Iterable[int]) -> Changes:
        """Recompute the consistency issues (not duplicates) of some households at once.

        Cheap (no scan): the desktop calls it after saving a household, so the "has issues"
        filter is right immediately; duplicates wait for the next :func:`run_checks`.
        """
        ids = sorted(set(household_ids))
        facts = load(self.ws, Scope(household_ids=tuple(ids)), duplicates=False)
        present = [i for i in ids if i in facts.households]
        issues = _consistency(self.ws, facts, present)
        with self.ws.atomic():
            store.replace_consistency(self.ws.conn, present, _issue_rows(facts, issues, now_iso()))
        return Changes(quality=True)
