"""Plan targets (achieved vs planned) and trends (household data and typed-in totals)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import RAW_HOUSEHOLD
from report_data import hh, many, save

from povdesk.cli import main
from povdesk.domain import Commune
from povdesk.errors import InputRefused, ValidationError
from povdesk.reports.plans import Plan, build_plan_report, plans, set_plan
from povdesk.reports.trends import TypedTotal, build_trend, set_total, typed_totals
from povdesk.workspace import Workspace

B = RAW_HOUSEHOLD


def _twelve_escape(ws: Workspace) -> None:
    """2022: 13 poor + 2 near-poor in Thôn Đông; 2023: one still poor, twelve not poor."""
    save(ws, [
        *many(B, "P", 2022, "poor", 13), *many(B, "N", 2022, "near_poor", 2),
        hh(B, "P01", 2023, "poor"), *[hh(B, f"P{i:02d}", 2023, "not_poor") for i in range(2, 14)],
        *many(B, "N", 2023, "near_poor", 2),
    ])  # fmt: skip


def test_plan_achievement_sentence_and_percentage(ws: Workspace) -> None:
    """Net reduction 13 → 1 against a plan of 19: "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch"."""
    _twelve_escape(ws)
    set_plan(ws, Plan("12345", 2023, poor_reduction=19, near_poor_reduction=1))
    (r,) = build_plan_report(ws, 2023).results
    assert (r.poor.start, r.poor.end, r.poor.achieved, r.poor.percent) == (13, 1, 12, Decimal("63.16"))
    assert r.poor.sentence() == "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch"
    assert r.near_poor.sentence() == "Giảm 0/1 hộ cận nghèo, đạt 0,00 % kế hoạch"
    assert r.start_source == "dữ liệu hộ"
    (table,) = build_plan_report(ws, 2023).tables()
    assert table.rows[0]["poor.percent"] == Decimal("63.16") and table.columns[6].caption == "5=4/3*100"


def test_plan_beaten_and_village_plan(ws: Workspace) -> None:
    """Achievement above the plan says so; a village plan is measured on that village."""
    _twelve_escape(ws)
    set_plan(ws, Plan("12345", 2023, poor_reduction=10))
    set_plan(ws, Plan("12345", 2023, poor_reduction=24, thon="Thôn Đông"))
    commune, village = build_plan_report(ws, 2023).results
    assert commune.poor.sentence() == "Giảm 12/10 hộ nghèo, đạt 120,00 % kế hoạch (vượt kế hoạch)"
    assert (village.unit.code, village.poor.percent) == ("12345/Thôn Đông", Decimal("50.00"))
    assert commune.near_poor.sentence() == "Chưa đặt kế hoạch giảm hộ cận nghèo"


def test_plan_uses_typed_total_when_the_start_year_has_no_household_data(ws: Workspace) -> None:
    """No 2022 household in the commune: the start is the total typed in for 2022."""
    save(ws, [hh(B, "H1", 2023, "poor"), hh(B, "H2", 2023, "not_poor"), hh(B, "H3", 2023, "near_poor")])
    set_total(ws, TypedTotal("12345", 2022, households=100, poor=13, near_poor=4))
    set_plan(ws, Plan("12345", 2023, poor_reduction=19, near_poor_reduction=2))
    (r,) = build_plan_report(ws, 2023).results
    assert r.start_source == "số liệu nhập"
    assert r.poor.sentence() == "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch"
    assert r.near_poor.sentence() == "Giảm 3/2 hộ cận nghèo, đạt 150,00 % kế hoạch (vượt kế hoạch)"


def test_plan_refusals_change_nothing(ws: Workspace) -> None:
    """A negative target, an empty plan or an unknown commune is refused; nothing stored."""
    ws.communes.add(Commune("12345", "Xã Minh Hòa"))
    with pytest.raises(ValidationError):
        set_plan(ws, Plan("12345", 2023, poor_reduction=-1))
    with pytest.raises(ValidationError):
        set_plan(ws, Plan("12345", 2023))
    with pytest.raises(InputRefused):
        set_plan(ws, Plan("99999", 2023, poor_reduction=3))
    assert plans(ws, 2023) == []


def test_cli_plan(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    """plan-set, then `report plan --json` and the text form; plan-unset removes it."""
    with Workspace.open(db_path) as w:
        _twelve_escape(w)
    db = str(db_path)
    assert main(["--db", db, "report", "plan-set", "--xa", "12345", "--year", "2023", "--poor", "19"]) == 0
    assert main(["--db", db, "report", "plan", "--year", "2023", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["units"][0]["poor"] == {"planned": 19, "start": 13, "end": 1, "achieved": 12, "percent": 63.16,
                                         "text": "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch"}  # fmt: skip
    assert main(["--db", db, "report", "plan", "--year", "2023"]) == 0
    assert "Giảm 12/19 hộ nghèo, đạt 63,16 % kế hoạch" in capsys.readouterr().out
    assert main(["--db", db, "report", "plan-set", "--xa", "12345", "--year", "2023", "--poor", "-2"]) == 2
    assert main(["--db", db, "report", "plan-unset", "--xa", "12345", "--year", "2023"]) == 0
    assert main(["--db", db, "report", "plan-unset", "--xa", "12345", "--year", "2023"]) == 1


# --- trends --------------------------------------------------------------------------------

SERIES_2016_2021 = [(2016, 1520, 98, 61), (2017, 1534, 81, 66), (2018, 1551, 64, 70), (2019, 1560, 47, 58),
                    (2020, 1577, 33, 52), (2021, 1590, 21, 40)]  # fmt: skip


def test_trend_joins_typed_years_and_household_years(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    """A ward's 2016–2021 totals typed in, 2022–2023 from households; household data wins."""
    with Workspace.open(db_path) as w:
        save(w, [*many(B, "P", 2022, "poor", 2), *many(B, "K", 2022, "not_poor", 2),
                 hh(B, "P01", 2023, "poor"), *many(B, "K", 2023, "not_poor", 3)])  # fmt: skip
    db = str(db_path)
    for year, n, poor, near in [*SERIES_2016_2021, (2022, 999, 9, 9)]:
        args = ["--xa", "12345", "--year", str(year), "--households", str(n), "--poor", str(poor),
                "--near-poor", str(near)]  # fmt: skip
        assert main(["--db", db, "report", "trend-set", *args]) == 0
    assert "đã có dữ liệu từng hộ" in capsys.readouterr().err  # the 2022 total is shadowed
    assert main(["--db", db, "report", "trend", "--xa", "12345", "--json"]) == 0
    (unit,) = json.loads(capsys.readouterr().out)["units"]
    points = {p["year"]: p for p in unit["points"]}
    assert list(points) == [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023]
    assert points[2016] == {"year": 2016, "households": 1520, "poor": 98, "poor_rate": 6.45, "near_poor": 61,
                            "near_poor_rate": 4.01, "source": "typed"}  # fmt: skip
    assert points[2022] == {"year": 2022, "households": 4, "poor": 2, "poor_rate": 50.0, "near_poor": 0,
                            "near_poor_rate": 0.0, "source": "households"}  # fmt: skip
    assert points[2023]["poor_rate"] == 25.0
    with Workspace.open(db_path) as w:
        report = build_trend(w, ma_xa="12345", first=2019)
        assert [p.year for p in report.series[0].points] == [2019, 2020, 2021, 2022, 2023]
        (table,) = report.tables()
        assert [r["poor_change"] for r in table.rows] == [None, -14, -12, -19, -1]
        rates, counts = report.charts()
        assert rates.kind == "line" and rates.categories == ("2019", "2020", "2021", "2022", "2023")
        assert rates.series[0].values == (3.01, 2.09, 1.32, 50.0, 25.0)
        assert counts.series[0].values == (47.0, 33.0, 21.0, 2.0, 1.0)


def test_trend_set_refuses_impossible_totals(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    """Poor + near-poor above all households, or an unknown commune: exit 2, nothing stored."""
    db = str(db_path)
    main(["--db", db, "commune", "add", "12345", "Xã Minh Hòa"])
    bad = ["--xa", "12345", "--year", "2020", "--households", "10", "--poor", "8", "--near-poor", "5"]
    assert main(["--db", db, "report", "trend-set", *bad]) == 2
    assert "lớn hơn tổng số hộ" in capsys.readouterr().err
    unknown = ["--xa", "99999", "--year", "2020", "--households", "10", "--poor", "1", "--near-poor", "1"]
    assert main(["--db", db, "report", "trend-set", *unknown]) == 2
    with Workspace.open(db_path) as w:
        assert typed_totals(w) == []


def test_village_trend_ends_with_the_commune(ws: Workspace) -> None:
    """By village: one series per village, then the whole commune (typed village totals count)."""
    save(ws, [hh(B, "H1", 2023, "poor"), hh(B, "H2", 2023, "not_poor", thon="Thôn Tây")])
    set_total(ws, TypedTotal("12345", 2021, 50, 5, 5, thon="Thôn Tây"))
    r = build_trend(ws, by="thon", ma_xa="12345")
    assert [(s.unit.name, [p.year for p in s.points]) for s in r.series] == [
        ("Thôn Đông", [2023]), ("Thôn Tây", [2021, 2023]), ("Xã Minh Hòa", [2023])
    ]  # fmt: skip
