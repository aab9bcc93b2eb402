"""The povdesk command line: create a database, add a household from JSON, show, classify."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from povdesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def hfile(tmp_path: Path, raw_household: dict[str, Any]) -> Path:
    p = tmp_path / "h.json"
    p.write_text(json.dumps(raw_household, ensure_ascii=False), "utf-8")
    return p


def test_init_add_show(capsys: pytest.CaptureFixture[str], db_path: Path, hfile: Path) -> None:
    """init + household add + show: the household is stored and shown with its explanation."""
    db = str(db_path)
    assert run(capsys, "--db", db, "init", "--xa", "12345", "--ten", "Xã Minh Hòa")[0] == 0
    code, out, _ = run(capsys, "--db", db, "household", "add", str(hfile), "--json")
    assert code == 0
    assert json.loads(out)[0]["status"] == "inserted"
    code, out, _ = run(capsys, "--db", db, "household", "show", "--xa", "12345", "--ma", "H001",
                       "--year", "2025", "--json")  # fmt: skip
    shown = json.loads(out)
    assert shown["classification"]["phan_loai"] == "nghèo"
    assert shown["classification"]["chi_so_thieu_hut"] == ["1.2", "2.2", "4.1", "5.2"]
    assert len(shown["thanh_vien"]) == 2
    code, out, _ = run(capsys, "--db", db, "commune", "list", "--json")
    assert json.loads(out) == [{"code": "12345", "name": "Xã Minh Hòa", "area": "nông thôn"}]


def test_shown_json_reimports_unchanged(capsys: pytest.CaptureFixture[str], db_path: Path, hfile: Path,
                                        tmp_path: Path) -> None:  # fmt: skip
    """`household show --json` output is valid input: re-adding it reports `unchanged`."""
    db = str(db_path)
    run(capsys, "--db", db, "household", "add", str(hfile))
    _, out, _ = run(capsys, "--db", db, "household", "show", "--xa", "12345", "--ma", "H001", "--year", "2025",
                    "--json")  # fmt: skip
    again = tmp_path / "again.json"
    again.write_text(out, "utf-8")
    code, out, _ = run(capsys, "--db", db, "household", "add", str(again), "--json")
    assert code == 0 and json.loads(out)[0]["status"] == "unchanged"


def test_bad_input_exit_2_lists_every_problem(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, raw_household: dict[str, Any]
) -> None:
    """A bad file exits 2, names each bad field in Vietnamese, and stores nothing."""
    raw_household["thu_nhap_bq"] = "abc"
    raw_household["thanh_vien"][0]["ngay_sinh"] = "31/02/1960"
    raw_household["thanh_vien"][1]["so_dinh_danh"] = "12345"
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(raw_household, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "household", "add", str(p))
    assert code == 2
    assert "thu_nhap_bq" in err and "ngay_sinh" in err and "so_dinh_danh" in err
    assert "không có gì được lưu" in err
    code, out, _ = run(capsys, "--db", str(db_path), "household", "list", "--json")
    assert json.loads(out) == []


def test_classify_input_does_not_store(
    capsys: pytest.CaptureFixture[str], db_path: Path, hfile: Path
) -> None:
    """`classify --input` prints the classification and writes no household."""
    code, out, _ = run(capsys, "--db", str(db_path), "classify", "--input", str(hfile), "--json")
    assert code == 0
    assert json.loads(out)[0]["explanation"].startswith("nghèo: thu nhập 1.450.000 ≤ 1.500.000")
    _, out, _ = run(capsys, "--db", str(db_path), "household", "list", "--json")
    assert json.loads(out) == []


def test_classify_refuses_year_without_rule_set(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path, raw_household: dict[str, Any]
) -> None:
    """A household of review year 2021 is refused (exit 2) rather than classified by a wrong standard."""
    raw_household["nam_ra_soat"], raw_household["ngay_ra_soat"] = 2021, "01/10/2021"
    p = tmp_path / "h2021.json"
    p.write_text(json.dumps(raw_household, ensure_ascii=False), "utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "classify", "--input", str(p))
    assert code == 2 and "2021" in err


def test_reclassify_and_rules_list(capsys: pytest.CaptureFixture[str], db_path: Path, hfile: Path) -> None:
    """`classify` re-classifies stored households; `rules list` shows both rule sets and their years."""
    run(capsys, "--db", str(db_path), "household", "add", str(hfile))
    code, out, _ = run(capsys, "--db", str(db_path), "classify", "--year", "2025", "--json")
    assert code == 0 and json.loads(out) == {"households": 1, "changed": 0}
    _, out, _ = run(capsys, "--db", str(db_path), "rules", "list", "--json")
    assert [(r["id"], r["first_year"], r["last_year"]) for r in json.loads(out)] == [
        ("VN-2022", 2022, 2026),
        ("VN-2027", 2027, 2030),
    ]


def test_console_script_runs(db_path: Path) -> None:
    """`python -m povdesk` works as a program (exit code and --version)."""
    out = subprocess.run([sys.executable, "-m", "povdesk", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.startswith("povdesk ")
    out = subprocess.run([sys.executable, "-m", "povdesk", "--db", str(db_path), "household", "show",
                          "--xa", "12345", "--ma", "X", "--year", "2025"], capture_output=True, text=True)  # fmt: skip
    assert out.returncode == 1 and "Không có hộ X" in out.stderr
