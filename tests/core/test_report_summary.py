"""Summary (R1) and movement (R2/R3): hand-counted communes, the JSON contract, the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import RAW_HOUSEHOLD
from report_data import contract_commune, hh, save

from povdesk.cli import main
from povdesk.domain import Commune
from povdesk.errors import InputRefused, NoRuleSet
from povdesk.reports import build_summary, rate
from povdesk.workspace import Workspace

B = RAW_HOUSEHOLD
EAST, WEST, NORTH = "12345/Thôn Đông", "12345/Thôn Tây", "12345/Thôn Bắc"


@pytest.fixture(scope="module")
def commune_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The commune of report_data.contract_commune, plus an empty registered commune 54321."""
    path = tmp_path_factory.mktemp("reports") / "xa.sqlite"
    with Workspace.open(path) as ws:
        save(ws, contract_commune(B))
        ws.communes.add(Commune("54321", "Xã Trống"))
    return path


@pytest.fixture
def cws(commune_db: Path) -> Iterator[Workspace]:
    with Workspace.open(commune_db) as w:
        yield w


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (1, 32, "3.13"),  # 3.125: half-up (round(3.125, 2) gives 3.12)
        (5, 32, "15.63"),  # 15.625
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (41, 1180, "3.47"),
        (30, 1200, "2.50"),
        (1, 20000, "0.01"),  # 0.005
        (0, 0, "0.00"),  # a unit without households
        (3, 0, "0.00"),
    ],
)
def test_rate_is_half_up_two_decimals(count: int, total: int, expected: str) -> None:
    """Rates are Decimal percentages rounded half-up; zero households give 0.00."""
    assert rate(count, total) == Decimal(expected)
    assert str(rate(count, total)) == expected


UNIT_KEYS = ["code", "name", "households", "poor", "poor_rate", "near_poor", "near_poor_rate", "average"]
MOVE_KEYS = ["households_prev", "poor_prev", "poor_rate_prev", "near_poor_prev", "escaped_poor",
             "escaped_poor_to_near_poor", "escaped_near_poor", "near_poor_to_poor", "new_poor", "relapsed_poor"]  # fmt: skip


def _unit(code: str, name: str, *counts: Any) -> dict[str, Any]:
    return dict(zip(UNIT_KEYS, (code, name, *counts), strict=True))


def _move(*counts: Any) -> dict[str, Any]:
    return dict(zip(MOVE_KEYS, counts, strict=True))


def test_summary_by_village_without_compare_matches_hand_count(cws: Workspace) -> None:
    """R1 by village: every column of a hand-counted commune, including .xx5 rounding."""
    got = build_summary(cws, 2023, by="thon").to_json()
    assert got == {
        "year": 2023,
        "compare_year": None,
        "rule_set": "VN-2022",
        "by": "thon",
        "units": [
            _unit(EAST, "Thôn Đông", 32, 1, 3.13, 5, 15.63, 2),
            _unit(WEST, "Thôn Tây", 3, 1, 33.33, 2, 66.67, 0),
        ],
        "total": _unit("12345", "Tổng cộng", 35, 2, 5.71, 7, 20.0, 2),
    }


def test_summary_with_compare_matches_hand_count(cws: Workspace) -> None:
    """Movement columns by village; a village reviewed only last year is a zero-household unit."""
    got = build_summary(cws, 2023, compare=2022, by="thon").to_json()
    assert [u["code"] for u in got["units"]] == [NORTH, EAST, WEST]  # Vietnamese order: Bắc, Đông, Tây
    north, east, west = got["units"]
    assert north == _unit(NORTH, "Thôn Bắc", 0, 0, 0.0, 0, 0.0, 0) | _move(1, 1, 100.0, 0, 0, 0, 0, 0, 0, 0)
    assert east == _unit(EAST, "Thôn Đông", 32, 1, 3.13, 5, 15.63, 2) | _move(
        33, 3, 9.09, 6, 2, 1, 1, 1, 0, 0
    )
    assert west == _unit(WEST, "Thôn Tây", 3, 1, 33.33, 2, 66.67, 0) | _move(3, 1, 33.33, 1, 1, 1, 0, 0, 1, 0)
    assert got["total"] == _unit("12345", "Tổng cộng", 35, 2, 5.71, 7, 20.0, 2) | _move(
        37, 5, 13.51, 7, 3, 2, 1, 1, 1, 0
    )


def test_json_keys_order_and_types_follow_the_contract(cws: Workspace) -> None:
    """Keys exactly as cli.md (movement keys only with a compare year); counts int, rates float."""
    plain = build_summary(cws, 2023).to_json()
    moved = build_summary(cws, 2023, compare=2022).to_json()
    assert list(plain) == ["year", "compare_year", "rule_set", "by", "units", "total"]
    assert list(plain["units"][0]) == UNIT_KEYS and list(plain["total"]) == UNIT_KEYS
    assert list(moved["units"][0]) == UNIT_KEYS + MOVE_KEYS and list(moved["total"]) == UNIT_KEYS + MOVE_KEYS
    for unit in (*moved["units"], moved["total"]):
        for k, v in unit.items():
            if k in ("code", "name"):
                assert isinstance(v, str)
            elif k.endswith("rate") or k.endswith("rate_prev"):
                assert type(v) is float, k
            else:
                assert type(v) is int, k
    assert moved["units"] == [_unit("12345", "Xã Minh Hòa", 35, 2, 5.71, 7, 20.0, 2) | _move(
        37, 5, 13.51, 7, 3, 2, 1, 1, 1, 0
    )]  # fmt: skip


def test_registered_commune_without_households_is_a_zero_unit(cws: Workspace) -> None:
    """A commune asked for by code with no household: zeros and 0.0 rates, not an error."""
    got = build_summary(cws, 2023, compare=2022, ma_xa="54321").to_json()
    assert got["units"] == [_unit("54321", "Xã Trống", 0, 0, 0.0, 0, 0.0, 0) | _move(*[0] * 10)]
    assert got["units"][0]["poor_rate_prev"] == 0.0
    assert got["total"]["code"] == "54321"


def test_r2_r3_identity_and_other_decrease(cws: Workspace) -> None:
    """A household reviewed last year and not this year is an "other decrease", never escaped;
    every unit satisfies end = start − 2 − 3 − 4 + 5 + 6 + 7 + 8 in R2 and R3."""
    report = build_summary(cws, 2023, compare=2022, by="thon")
    east = next(f for f in report.units if f.unit.thon == "Thôn Đông")
    assert (east.poor_other_decrease, east.escaped_poor) == (1, 2)  # X01 left; N01 and A01 escaped
    r2, r3 = (t for t in report.tables() if t.key in ("R2", "R3"))
    for table in (r2, r3):
        for row in (*table.rows, table.total):
            assert row is not None
            v = [row[c.key] for c in table.columns[2:]]
            assert v[8] == v[0] - v[1] - v[2] - v[3] + v[4] + v[5] + v[6] + v[7], (table.key, row)


# --- three years: relapse, new poor, other increase --------------------------------------------


def test_movement_across_three_years(ws: Workspace) -> None:
    """Relapse (poor → not poor → poor), new poor, near-poor-years-ago (other increase),
    relapse read from the first record's phan_loai_truoc, near-poor relapse."""
    save(ws, [
        hh(B, "H1", 2022, "poor"), hh(B, "H1", 2023, "near_poor"), hh(B, "H1", 2024, "average"),
        hh(B, "H2", 2022, "poor"), hh(B, "H2", 2023, "not_poor"), hh(B, "H2", 2024, "poor"),
        hh(B, "H3", 2022, "near_poor"), hh(B, "H3", 2023, "poor"), hh(B, "H3", 2024, "poor"),
        hh(B, "H4", 2022, "not_poor"), hh(B, "H4", 2023, "poor"), hh(B, "H4", 2024, "near_poor"),
        hh(B, "H5", 2022, "not_poor"), hh(B, "H5", 2023, "not_poor"), hh(B, "H5", 2024, "poor"),
        hh(B, "H6", 2022, "near_poor"), hh(B, "H6", 2023, "not_poor"), hh(B, "H6", 2024, "poor"),
        hh(B, "H7", 2023, "not_poor", plt="nghèo"), hh(B, "H7", 2024, "poor"),
        hh(B, "H8", 2022, "near_poor"), hh(B, "H8", 2023, "average"), hh(B, "H8", 2024, "near_poor"),
    ])  # fmt: skip
    y23 = build_summary(ws, 2023, compare=2022).total
    # start 2022: poor H1, H2, and H7 by the phan_loai_truoc of its first (2023) record
    assert (y23.poor_prev, y23.poor) == (3, 2)
    assert (y23.escaped_poor_to_near_poor, y23.escaped_poor_above, y23.near_poor_to_poor, y23.new_poor) == (
        1,
        2,
        1,
        1,
    )
    y24 = build_summary(ws, 2024, compare=2023).total
    # start 2023: poor H3, H4 · near-poor H1 · households 8 (H7 counts: reviewed in 2023)
    assert (y24.households_prev, y24.poor_prev, y24.near_poor_prev) == (8, 2, 1)
    assert y24.relapsed_poor == 2  # H2 (poor 2022, not poor 2023); H7 (nghèo before its 2023 record)
    assert y24.new_poor == 1  # H5: never poor or near-poor on record
    assert y24.poor_other_increase == 1  # H6: near-poor in 2022, not poor 2023, never escaped poverty
    assert y24.escaped_poor_to_near_poor == 1  # H4
    assert y24.escaped_near_poor == 1  # H1
    assert y24.relapsed_near_poor == 1  # H8: near-poor, above the line, near-poor again
    assert y24.poor == 5 == y24.poor_prev - 1 + 2 + 1 + 1  # H3 stays + H2, H7, H5, H6


# --- phan_loai_truoc fallback ---------------------------------------------------------------


def test_fallback_when_the_commune_has_no_compare_year_data(ws: Workspace) -> None:
    """First year in povdesk: every household's start class is its phan_loai_truoc."""
    save(ws, [
        hh(B, "F1", 2023, "poor", plt="nghèo"), hh(B, "F2", 2023, "not_poor", plt="nghèo"),
        hh(B, "F3", 2023, "near_poor", plt="nghèo"), hh(B, "F4", 2023, "poor"),
        hh(B, "F5", 2023, "not_poor"), hh(B, "F6", 2023, "not_poor", plt="cận nghèo"),
        hh(B, "F7", 2023, "poor", plt="cận nghèo"),
    ])  # fmt: skip
    got = build_summary(ws, 2023, compare=2022).to_json()["total"]
    assert {k: got[k] for k in MOVE_KEYS} == _move(7, 3, 42.86, 2, 2, 1, 1, 1, 1, 0)


def test_fallback_for_new_households_when_the_compare_year_has_data(ws: Workspace) -> None:
    """With last year's data, a first-seen household counts at the start only when its
    phan_loai_truoc says poor or near-poor; an empty one is new to the register."""
    save(ws, [
        hh(B, "G0", 2022, "not_poor"), hh(B, "G0", 2023, "not_poor"),
        hh(B, "G1", 2023, "not_poor", plt="nghèo"), hh(B, "G2", 2023, "poor"),
    ])  # fmt: skip
    t = build_summary(ws, 2023, compare=2022).total
    assert (t.households_prev, t.reviewed_prev, t.poor_prev, t.escaped_poor_above, t.new_poor) == (
        2,
        1,
        1,
        1,
        1,
    )


def test_refusals(cws: Workspace) -> None:
    """A compare year not before the year, an unknown grouping or commune, a year without rules."""
    with pytest.raises(InputRefused):
        build_summary(cws, 2023, compare=2023)
    with pytest.raises(InputRefused):
        build_summary(cws, 2023, by="huyen")
    with pytest.raises(InputRefused):
        build_summary(cws, 2023, ma_xa="99999")
    with pytest.raises(NoRuleSet):
        build_summary(cws, 2019)


# --- CLI ---------------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_summary_json(capsys: pytest.CaptureFixture[str], commune_db: Path) -> None:
    """`report summary --year --compare --by thon --json` prints exactly the contract JSON."""
    code, out, _ = run(capsys, "--db", str(commune_db), "report", "summary", "--year", "2023",
                       "--compare", "2022", "--by", "thon", "--json")  # fmt: skip
    assert code == 0
    data = json.loads(out)
    with Workspace.open(commune_db) as w:
        assert data == build_summary(w, 2023, compare=2022, by="thon").to_json()
    assert data["total"]["poor_rate_prev"] == 13.51 and '"poor_rate": 3.13' in out


def test_cli_summary_text_is_a_vietnamese_table(capsys: pytest.CaptureFixture[str], commune_db: Path) -> None:
    """Without --json: headline sentences and tables with Vietnamese number formatting."""
    code, out, _ = run(capsys, "--db", str(commune_db), "report", "summary", "--year", "2023",
                       "--compare", "2022", "--by", "thon")  # fmt: skip
    assert code == 0
    assert "KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2023" in out
    assert "DIỄN BIẾN HỘ NGHÈO NĂM 2023 SO VỚI NĂM 2022" in out
    assert "3,13" in out and "15,63" in out
    assert "2 hộ nghèo, tỷ lệ 5,71 %" in out
    assert "hộ nghèo giảm 3 hộ (−7,80 điểm %)" in out  # 5 → 2; 13,51 → 5,71


@pytest.mark.parametrize("args", [["--compare", "2024"], ["--xa", "99999"], ["--out", "bao-cao.docx"]])
def test_cli_refusals_exit_2(capsys: pytest.CaptureFixture[str], commune_db: Path, args: list[str]) -> None:
    """Bad arguments are refused with exit code 2 and a Vietnamese message on stderr."""
    code, out, err = run(capsys, "--db", str(commune_db), "report", "summary", "--year", "2023", *args)
    assert (code, out) == (2, "")
    assert err.startswith("Lỗi: ")


def test_cli_unknown_grouping_is_a_usage_error(commune_db: Path) -> None:
    """--by accepts only xa or thon (argparse exits with 2)."""
    with pytest.raises(SystemExit) as e:
        main(["--db", str(commune_db), "report", "summary", "--year", "2023", "--by", "huyen"])
    assert e.value.code == 2
