"""Duplicate detection: planted duplicates are found, namesakes and proven strangers are not."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from povdesk.domain import Commune
from povdesk.quality import PairSummary, QualityReport
from povdesk.quality.duplicates import common_name_penalty, pair_id, related_names, scan, two_real_names
from povdesk.quality.facts import Scope, load
from povdesk.workspace import Workspace
from tests.core.quality_builders import family, household, person, save

# (ma_ho, member) of each planted duplicate: both sides, and what differs.
PLANTED = {
    "accents stripped": (("H001", "Nguyễn Văn Hòa"), ("H101", "Nguyen Van Hoa")),
    "NFD text": (("H002", "Trần Thị Thủy"), ("H102", "Trần Thị Thủy")),
    "old-style tones": (("H003", "Phạm Minh Hòa"), ("H103", "Phạm Minh Hoà")),
    "swapped given/middle": (("H004", "Đỗ Thị Mai Lan"), ("H104", "Đỗ Thị Lan Mai")),
    "one-letter substitution": (("H005", "Hoàng Văn Tuấn"), ("H105", "Hoàng Văn Tuấm")),
    "one letter missing": (("H006", "Kiều Văn Phương"), ("H106", "Kiều Văn Phươg")),
    "two letters swapped": (("H007", "Lục Thị Nguyệt"), ("H107", "Lục Thị Ngyuệt")),
    "other commune": (("H009", "Tạ Văn Quyết"), ("H209", "Tạ Văn Quyết")),
}

NOT_PAIRED = {
    "common name, other birth year": (("H010", "Nguyễn Văn Hùng"), ("H110", "Nguyễn Văn Hùng")),
    "same name and year, different ID numbers": (("H011", "Nguyễn Văn Hùng"), ("H111", "Nguyễn Văn Hùng")),
    "same name and year, different birth dates": (("H012", "Lê Văn Tám"), ("H112", "Lê Văn Tám")),
    "two real names one letter apart": (("H013", "Trịnh Văn An"), ("H113", "Trịnh Văn Anh")),
}


def _single(ma_ho: str, head: str, other: dict[str, object], **fields: object) -> dict[str, object]:
    """A household whose head is unique and whose second member is the person under test."""
    return household(ma_ho, [person(head, "chủ hộ", "nam", "1950"), {**other, "quan_he": "khác"}], **fields)


def _populate(ws: Workspace) -> None:
    ws.communes.add(Commune("54321", "Xã Bình An"))
    save(ws, family("H001", "Nguyễn Văn Hòa", "Lê Thị Bình", "Nguyễn Văn Nam", "1960"))
    save(ws, _single("H101", "Vi Văn Khởi", person("Nguyen Van Hoa", born="1960")))
    save(ws, household("H002", [person("Trần Thị Thủy", "chủ hộ", "nữ", "1985")]))
    save(ws, _single("H102", "Ma Văn Lộc", person("Trần Thị Thủy", sex="nữ", born="1985")))
    save(ws, _single("H003", "Lò Văn Ính", person("Phạm Minh Hòa", born="2001")))
    save(ws, _single("H103", "Sầm Văn Ót", person("Phạm Minh Hoà", born="2001")))
    save(ws, _single("H004", "Mông Văn Pá", person("Đỗ Thị Mai Lan", sex="nữ", born="1999")))
    save(ws, _single("H104", "Nông Văn Quả", person("Đỗ Thị Lan Mai", sex="nữ", born="1999")))
    save(ws, _single("H005", "Hà Văn Rơi", person("Hoàng Văn Tuấn", born="1980")))
    save(ws, _single("H105", "Lường Văn Sú", person("Hoàng Văn Tuấm", born="1980")))
    save(ws, _single("H006", "Cầm Văn Tở", person("Kiều Văn Phương", born="1981")))
    save(ws, _single("H106", "Lèo Văn Ún", person("Kiều Văn Phươg", born="1981")))
    save(ws, _single("H007", "Quàng Văn Vè", person("Lục Thị Nguyệt", sex="nữ", born="1982")))
    save(ws, _single("H107", "Khà Văn Xó", person("Lục Thị Ngyuệt", sex="nữ", born="1982")))
    save(ws, _single("H009", "Mùa A Dính", person("Tạ Văn Quyết", born="1955")))
    save(ws, _single("H209", "Sùng A Giàng", person("Tạ Văn Quyết", born="1955"), ma_xa="54321"))
    # Namesakes and people the records prove to be different.
    save(ws, _single("H010", "Thào A Hờ", person("Nguyễn Văn Hùng", born="1970")))
    save(ws, _single("H110", "Vàng A Khua", person("Nguyễn Văn Hùng", born="1985")))
    save(ws, _single("H011", "Giàng A Lử", person("Nguyễn Văn Hùng", born="1990", pid="001090000111")))
    save(ws, _single("H111", "Lầu A Mỷ", person("Nguyễn Văn Hùng", born="1990", pid="001090555222")))
    save(ws, _single("H012", "Hầu A Nủ", person("Lê Văn Tám", born="12/03/1975")))
    save(ws, _single("H112", "Chảo A Páo", person("Lê Văn Tám", born="05/11/1975")))
    save(ws, _single("H013", "Tráng A Sình", person("Trịnh Văn An", born="1977")))
    save(ws, _single("H113", "Vừ A Tủa", person("Trịnh Văn Anh", born="1977")))
    # "An" and "Anh" are both common given names here, so An/Anh is not a typo.
    kin = "anh chị em"
    save(ws, household("H014", [person("Lý Văn An", "chủ hộ", born="1940"), person("Phan Văn An", kin, born="1941"),
                                person("Đàm Văn An", kin, born="1942"), person("Lý Văn Anh", kin, born="1943"),
                                person("Phan Văn Anh", kin, born="1944"), person("Đàm Văn Anh", kin, born="1945")]))  # fmt: skip
    # The same ID number on two different names.
    save(
        ws, _single("H015", "Hoàng A Dơ", person("Vương Thị Hằng", sex="nữ", born="1990", pid="001190000111"))
    )
    save(ws, _single("H115", "Tẩn A Lở", person("Chu Thị Loan", sex="nữ", born="1991", pid="001190000111")))
    # A household entered twice (one member without accents on the copy).
    save(ws, family("H020", "Quách Văn Sáng", "Mạc Thị Lụa", "Quách Văn Lâm", "1965", dia_chi="Số 5, ngõ 2"))
    save(ws, family("H120", "Quách Văn Sáng", "Mac Thi Lua", "Quách Văn Lâm", "1965", dia_chi="số 5 ngõ 2"))
    # NFD text as it can arrive from a sync package or a raw import path (not through nfc()).
    ws.conn.execute(
        "UPDATE members SET ho_ten = ? WHERE ho_ten = ? AND household_id = (SELECT id FROM households WHERE ma_ho='H102')",
        (unicodedata.normalize("NFD", "Trần Thị Thủy"), "Trần Thị Thủy"),
    )


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, QualityReport]]:
    path: Path = tmp_path_factory.mktemp("quality") / "dup.sqlite"
    with Workspace.open(path) as ws:
        _populate(ws)
        yield ws, ws.quality.run(year=2025)


def _side_name(ws: Workspace, hid: int, stt: int | None) -> str:
    row = ws.conn.execute("SELECT ho_ten FROM members WHERE household_id=? AND stt=?", (hid, stt)).fetchone()
    return unicodedata.normalize("NFC", row[0]) if row else ""


def _find(
    ws: Workspace, pairs: tuple[PairSummary, ...], a: tuple[str, str], b: tuple[str, str]
) -> PairSummary | None:
    want = {(a[0], unicodedata.normalize("NFC", a[1])), (b[0], unicodedata.normalize("NFC", b[1]))}
    for p in pairs:
        sides = {(s.ma_ho, _side_name(ws, s.household_id, s.stt)) for s in (p.a, p.b)}
        if sides == want:
            return p
    return None


@pytest.mark.parametrize("case", list(PLANTED))
def test_planted_duplicate_is_found(planted: tuple[Workspace, QualityReport], case: str) -> None:
    """Each planted duplicate person is reported as a person pair with a reason."""
    ws, report = planted
    a, b = PLANTED[case]
    p = _find(ws, report.pairs, a, b)
    assert p is not None, f"{case}: not reported"
    assert p.kind == "person" and p.score >= 50 and p.reasons


@pytest.mark.parametrize("case", list(NOT_PAIRED))
def test_namesakes_and_proven_strangers_are_not_paired(
    planted: tuple[Workspace, QualityReport], case: str
) -> None:
    """Common names in other birth years, or records proving two people, make no pair."""
    ws, report = planted
    a, b = NOT_PAIRED[case]
    assert _find(ws, report.pairs, a, b) is None


def test_shared_id_number_is_reported_whatever_the_names(planted: tuple[Workspace, QualityReport]) -> None:
    """The same ID number in two households is a duplicate_id issue on both sides."""
    ws, report = planted
    p = _find(ws, report.pairs, ("H015", "Vương Thị Hằng"), ("H115", "Chu Thị Loan"))
    assert p is not None and p.reasons[0] == "Trùng số định danh"
    checks = {i.check for i in ws.quality.issues(p.a.household_id)} & {
        i.check for i in ws.quality.issues(p.b.household_id)
    }
    assert "duplicate_id" in checks


def test_household_entered_twice_is_one_household_pair(planted: tuple[Workspace, QualityReport]) -> None:
    """Two copies of a household make one household pair with its member matches inside,
    not a heap of person pairs."""
    ws, report = planted
    hh = [p for p in report.pairs if p.kind == "household"]
    assert [(p.a.ma_ho, p.b.ma_ho) for p in hh] == [("H020", "H120")]
    assert (
        "Chủ hộ trùng" in hh[0].reasons and "Cùng thôn" in hh[0].reasons and "Cùng địa chỉ" in hh[0].reasons
    )
    assert sorted((m.stt_a, m.stt_b) for m in hh[0].members) == [(1, 1), (2, 2), (3, 3)]
    loose = [p for p in report.pairs if p.kind == "person" and {p.a.ma_ho, p.b.ma_ho} == {"H020", "H120"}]
    assert loose == []
    issues = ws.quality.issues(hh[0].a.household_id)
    assert [i.check for i in issues] == ["duplicate_household"] and "H120" in issues[0].message


def test_report_counts_duplicates_per_commune_and_village(planted: tuple[Workspace, QualityReport]) -> None:
    """The report counts households per check for each commune and village, with links."""
    ws, report = planted
    commune = next(u for u in report.units if u.ma_xa == "12345" and u.thon is None)
    assert commune.counts["duplicate_household"] == 2
    assert {link.ma_ho for link in commune.households["duplicate_household"]} == {"H020", "H120"}
    village = next(u for u in report.units if u.ma_xa == "12345" and u.thon == "Thôn Đông")
    assert village.total == commune.total and village.counts == commune.counts
    assert report.counts["duplicate_id"] == 2
    assert report.with_issues == len(ws.quality.household_ids_with_issues(year=2025))


def test_commune_scope_still_finds_pairs_across_communes(planted: tuple[Workspace, QualityReport]) -> None:
    """Checking one commune compares its people with every commune of the year."""
    ws, _ = planted
    report = ws.quality.run(year=2025, ma_xa="54321")
    assert report.total == 1
    assert [(p.a.ma_ho, p.b.ma_ho) for p in report.pairs] == [("H009", "H209")]
    assert "Hai hộ ở hai xã khác nhau" in report.pairs[0].reasons
    # The rest of the cache is untouched by a scoped run.
    assert len(ws.quality.report(year=2025).pairs) == len(PLANTED) + 2


def test_touched_households_scope_compares_them_with_everyone(
    planted: tuple[Workspace, QualityReport],
) -> None:
    """run_checks(household_ids=…) — the import/sync hook — reports pairs touching those only."""
    ws, _ = planted
    hid = ws.households.require("12345", "H105", 2025)
    report = ws.quality.run(household_ids=[hid])
    assert report.total == 1
    assert [(p.a.ma_ho, p.b.ma_ho) for p in report.pairs] == [("H005", "H105")]


def test_candidates_come_from_blocks_not_all_pairs(planted: tuple[Workspace, QualityReport]) -> None:
    """The scan compares only people sharing a block: far fewer pairs than all pairs."""
    _, report = planted
    assert report.stats is not None
    n = report.stats.people
    assert 0 < report.stats.candidates < n * (n - 1) // 2 // 20


def test_pair_ids_are_stable_and_order_free() -> None:
    """A pair's id depends on its two references, not their order."""
    assert pair_id("person", "a", "b") == pair_id("person", "b", "a") != pair_id("household", "a", "b")


def test_typo_index_finds_one_edit_and_swaps_but_not_real_names() -> None:
    """related_names pairs swaps and one-edit typos, not two common words one letter apart."""
    words = {"an": 5, "anh": 5, "hung": 1, "hunh": 1}
    found = related_names(
        ["nguyen van hung", "nguyen van hunh", "nguyen hung van", "tran van an", "tran van anh"], words
    )
    assert found[("nguyen van hung", "nguyen van hunh")] == 68
    assert found[("nguyen van hung", "nguyen hung van")] == 72
    assert ("tran van an", "tran van anh") not in found
    assert two_real_names("tran van an", "tran van anh", words) == ("an", "anh")


def test_common_name_penalty_grows_with_expected_namesakes() -> None:
    """The rarer the name, the less a same-year match is explained by chance."""
    assert common_name_penalty(0.01) == 0
    assert common_name_penalty(0.3) < common_name_penalty(1.5) < common_name_penalty(10) == 50


def test_facts_scope_loads_the_whole_year_for_duplicates(planted: tuple[Workspace, QualityReport]) -> None:
    """The focus is the commune; the universe is every household of the year."""
    ws, _ = planted
    facts = load(ws, Scope(year=2025, ma_xa="54321"))
    total = ws.conn.execute("SELECT count(*) FROM households WHERE nam_ra_soat = 2025").fetchone()[0]
    assert len(facts.focus) == 1 and len(facts.households) == total > 1


def test_min_score_filters_what_is_reported(planted: tuple[Workspace, QualityReport]) -> None:
    """A higher threshold keeps only strong pairs; a shared ID number is always reported."""
    ws, _ = planted
    facts = load(ws, Scope(year=2025))
    strict = scan(facts, min_score=80)
    loose = scan(facts, min_score=20)
    assert all(m.score >= 80 or m.same_id for m in strict.persons)
    assert any(m.same_id for m in strict.persons)
    assert len(loose.persons) + len(loose.households) >= len(strict.persons) + len(strict.households)
    assert len(strict.persons) < len(PLANTED)
