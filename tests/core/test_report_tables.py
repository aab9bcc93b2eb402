"""Deprivations (R4–R7), characteristics (R8) and household lists (R14/R15), hand-counted."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import RAW_HOUSEHOLD
from report_data import contract_commune, hh, save

from povdesk.cli import main
from povdesk.reports.characteristics import GroupCounts, build_characteristics
from povdesk.reports.deprivations import build_deprivations
from povdesk.reports.lists import build_household_list
from povdesk.workspace import Workspace

B = RAW_HOUSEHOLD
WEST = "Thôn Tây"


def _members(**first: Any) -> list[dict[str, Any]]:
    """The base household's two members, with answers of the head (stt 1) overridden."""
    members = copy.deepcopy(B["thanh_vien"])
    members[0].update(first)
    return members


def dataset() -> list[dict[str, Any]]:
    """2023, commune 12345. Base poor = deprived in 1.2, 2.2, 4.1, 5.2; nobody able to work.

    Thôn Đông: P1 poor (base) · P2 poor, no internet (+6.1), Tày head, head able to work ·
    P3 poor, unsafe water (+5.1), person of merit, head able to work · N1 near-poor (1.2, 2.2) ·
    N2 near-poor, head insured (1.2 only), head able to work · K1 not poor.
    Thôn Tây: P4 poor (base), Tày head, person of merit, head able to work.
    """
    y = 2023
    return [
        hh(B, "P1", y, "poor"),
        hh(B, "P2", y, "poor", dung_internet="không", thanh_vien=_members(dan_toc="Tày", kha_nang_lao_dong="có")),
        hh(B, "P3", y, "poor", nguon_nuoc="khác", ho_co_cong="có", thanh_vien=_members(kha_nang_lao_dong="có")),
        hh(B, "N1", y, "near_poor"),
        hh(B, "N2", y, "near_poor", thanh_vien=_members(bhyt="có", kha_nang_lao_dong="có")),
        hh(B, "K1", y, "not_poor"),
        hh(B, "P4", y, "poor", thon=WEST, ho_co_cong="có",
           thanh_vien=_members(dan_toc="Tày", kha_nang_lao_dong="có")),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tables") / "xa.sqlite"
    with Workspace.open(path) as ws:
        save(ws, dataset())
    return path


@pytest.fixture
def tws(db: Path) -> Iterator[Workspace]:
    with Workspace.open(db) as w:
        yield w


def test_dataset_classifies_as_described(tws: Workspace) -> None:
    """The fixture households are deprived exactly as the dataset docstring says."""
    expect = {"P1": "1.2; 2.2; 4.1; 5.2", "P2": "1.2; 2.2; 4.1; 5.2; 6.1", "P3": "1.2; 2.2; 4.1; 5.1; 5.2",
              "N1": "1.2; 2.2", "N2": "1.2", "P4": "1.2; 2.2; 4.1; 5.2"}  # fmt: skip
    got = {r["ma_ho"]: r["deprived"] for r in tws.households.summaries(year=2023)}
    assert {k: got[k] for k in expect} == expect


CODES = ("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2")


def _by_code(counts: tuple[Any, ...]) -> dict[str, Any]:
    return {c: v for c, v in zip(CODES, counts, strict=True) if v}


def test_deprivation_counts_and_rates_by_village(tws: Workspace) -> None:
    """R4–R7: per-indicator counts, total deprivations, rates of the class's households."""
    r = build_deprivations(tws, 2023, by="thon")
    assert [c for c, _ in r.indicators] == list(CODES)
    east_p, west_p = r.rows["poor"]
    assert (east_p.unit.name, east_p.households, east_p.total_deprivations) == ("Thôn Đông", 3, 14)
    assert _by_code(east_p.counts) == {"1.2": 3, "2.2": 3, "4.1": 3, "5.1": 1, "5.2": 3, "6.1": 1}
    assert _by_code(east_p.rates) == {"1.2": Decimal("100.00"), "2.2": Decimal("100.00"), "4.1": Decimal("100.00"),
                                      "5.1": Decimal("33.33"), "5.2": Decimal("100.00"), "6.1": Decimal("33.33")}  # fmt: skip
    east_n, west_n = r.rows["near_poor"]
    assert (east_n.households, east_n.total_deprivations, _by_code(east_n.counts)) == (
        2,
        3,
        {"1.2": 2, "2.2": 1},
    )
    assert _by_code(east_n.rates) == {"1.2": Decimal("100.00"), "2.2": Decimal("50.00")}
    assert (west_n.households, west_n.rates) == (0, (Decimal("0.00"),) * 12)  # no near-poor household
    assert (west_p.households, west_p.total_deprivations) == (1, 4)
    total = r.totals["poor"]
    assert (total.households, total.total_deprivations, total.counts[CODES.index("6.1")]) == (4, 18, 1)
    assert total.rates[CODES.index("5.1")] == Decimal("25.00")


def test_deprivation_tables_and_json(tws: Workspace) -> None:
    """Four tables R4–R7 with numbered captions; JSON rates are numbers."""
    r = build_deprivations(tws, 2023)
    tables = r.tables()
    assert [t.key for t in tables] == ["R4", "R5", "R6", "R7"]
    r4, r5 = tables[0], tables[1]
    assert [c.caption for c in r4.columns[:5]] == ["A", "B", "1", "2", "3"]
    assert r4.columns[4].label == "1.1 Việc làm" and r4.columns[4].group == "Số hộ thiếu hụt theo chỉ số"
    assert r5.total is not None and r5.total["i8"] == Decimal("25.00")  # 5.1: 1 of 4 poor households
    data = json.loads(json.dumps(r.to_json()))
    assert data["poor"]["total"]["indicators"]["5.1"] == {"households": 1, "rate": 25.0}
    assert data["near_poor"]["total"]["deprivations"] == 3


def test_characteristics_by_village(tws: Workspace) -> None:
    """R8: minority head, no working capacity, person of merit, other (= in none of the three)."""
    r = build_characteristics(tws, 2023, by="thon")
    east, west = r.rows
    assert east.poor == GroupCounts(households=3, minority=1, no_work_capacity=1, merit=1, other=0)
    assert east.near_poor == GroupCounts(households=2, minority=0, no_work_capacity=1, merit=0, other=1)
    assert west.poor == GroupCounts(households=1, minority=1, no_work_capacity=0, merit=1, other=0)
    assert west.near_poor == GroupCounts()
    assert r.total.poor == GroupCounts(4, 2, 1, 2, 0)
    (table,) = r.tables()
    assert table.total is not None and table.total["poor.merit"] == 2 and table.total["near_poor.other"] == 1


def test_working_capacity_age_boundary(ws: Workspace) -> None:
    """An unanswered member counts as able to work from the day they turn 15."""
    child = {"stt": 3, "ho_ten": "Nguyễn Văn Út", "quan_he": "con", "gioi_tinh": "nam", "bhyt": "có",
             "dang_di_hoc": "có", "viec_lam": "không tham gia lao động", "trinh_do": "THCS"}  # fmt: skip
    turns_15_tomorrow = [*copy.deepcopy(B["thanh_vien"]), {**child, "ngay_sinh": "16/10/2008"}]
    turned_15_today = [*copy.deepcopy(B["thanh_vien"]), {**child, "ngay_sinh": "15/10/2008"}]
    save(ws, [hh(B, "C1", 2023, "poor", dien_tich_nha=40, thanh_vien=turns_15_tomorrow),
              hh(B, "C2", 2023, "poor", dien_tich_nha=40, thanh_vien=turned_15_today)])  # fmt: skip
    total = build_characteristics(ws, 2023).total
    assert (total.poor.households, total.poor.no_work_capacity, total.poor.other) == (2, 1, 1)


# --- household lists ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lists") / "xa.sqlite"
    with Workspace.open(path) as ws:
        save(ws, contract_commune(B))
    return path


def test_poor_list_rows_and_kinds(two_years: Path) -> None:
    """R14: one row per person, household data on the head's row, kind against last year."""
    with Workspace.open(two_years) as w:
        lst = build_household_list(w, 2023, "poor", ma_xa="12345")
    assert [(h.ma_ho, h.thon, h.kind) for h in lst.households] == [
        ("D01", "Thôn Đông", "cận nghèo → nghèo"),
        ("T1", "Thôn Tây", "mới"),
    ]
    (table,) = lst.tables()
    assert table.key == "R14" and table.title == "DANH SÁCH HỘ NGHÈO NĂM 2023"
    head, wife = table.rows[0], table.rows[1]
    assert (head["hh"], head["no"], head["name"], head["male"], head["female"]) == (
        "1",
        "1",
        "Nguyễn Văn Hòa",
        "1960",
        "",
    )
    assert (head["ethnicity"], head["relation"], head["kind"], head["no_work"]) == (
        "Kinh",
        "chủ hộ",
        "cận nghèo → nghèo",
        "x",
    )
    assert head["deprived"] == "1.2; 2.2; 4.1; 5.2"
    assert (wife["hh"], wife["name"], wife["male"], wife["female"], wife.get("kind")) == (
        "",
        "Lê Thị Bình",
        "",
        "1962",
        None,
    )
    assert table.total is not None and table.total["name"] == "Cộng: 2 hộ, 4 người"


def test_near_poor_list_kinds(two_years: Path) -> None:
    """R15: kept near-poor are "cũ"; those who left poverty for near-poverty say so."""
    with Workspace.open(two_years) as w:
        lst = build_household_list(w, 2023, "near_poor")
    kinds = {h.ma_ho: h.kind for h in lst.households}
    assert kinds == {"N01": "nghèo → cận nghèo", "N02": "cũ", "N03": "cũ", "N04": "cũ", "N05": "cũ",
                     "T2": "cũ", "T3": "nghèo → cận nghèo"}  # fmt: skip
    assert [h.ma_ho for h in lst.households][:5] == ["N01", "N02", "N03", "N04", "N05"]


def test_cli_list_and_deprivations_json(capsys: pytest.CaptureFixture[str], two_years: Path) -> None:
    """`report list --json` and `report deprivations --json` print their data."""
    assert (
        main(["--db", str(two_years), "report", "list", "--year", "2023", "--kind", "near-poor", "--json"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["class"] == "near_poor" and len(data["households"]) == 7
    assert main(["--db", str(two_years), "report", "deprivations", "--year", "2023", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["poor"]["total"]["households"] == 2
