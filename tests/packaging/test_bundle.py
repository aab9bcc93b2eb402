"""The Linux one-folder bundle: built from packaging/povdesk.spec, then run as a user would.

Building takes ≈ 30–60 s (PyInstaller), so this module runs only with ``POVDESK_BUNDLE_TEST=1``:
``make test-bundle`` sets it, and ``.ci/run`` calls ``make test-bundle`` after ``make test``, so
CI builds and runs the bundle on every submission. The bundle is built once per session into a
temporary folder (the real ``dist/`` is left alone) and run from a copy in another folder, away
from the source tree, with a private HOME, so it can only find what it carries.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from povdesk import __version__

if os.environ.get("POVDESK_BUNDLE_TEST") != "1":
    pytest.skip(
        "builds the PyInstaller bundle (≈ 30–60 s): run with `make test-bundle` (CI does)",
        allow_module_level=True,
    )

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT_S = 600
RUN_TIMEOUT_S = 60
# Today ≈ 140 MB; QML/Quick or the Wayland/GTK plugin stacks creeping back in would add 40+ MB.
SIZE_BUDGET_MB = 170


class Bundle:
    def __init__(self, folder: Path, home: Path) -> None:
        self.folder = folder
        self.home = home

    def env(self, **extra: str) -> dict[str, str]:
        """A user's environment: no virtualenv, no PYTHONPATH, a private home, offscreen Qt."""
        keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
        env = {k: v for k, v in os.environ.items() if k in keep}
        env.update(HOME=str(self.home), XDG_DATA_HOME=str(self.home / ".local/share"),
                   XDG_CONFIG_HOME=str(self.home / ".config"), QT_QPA_PLATFORM="offscreen")  # fmt: skip
        env.update(extra)
        return env

    def run(self, exe: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [str(self.folder / exe), *args],
            cwd=self.home,
            env=self.env(),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=RUN_TIMEOUT_S,
        )
        if check:
            assert proc.returncode == 0, f"{exe} {args}: exit {proc.returncode}\n{proc.stderr}"
        return proc

    def cli_json(self, *args: str) -> Any:
        return json.loads(self.run("povdesk", *args).stdout)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """Build with packaging/build_linux.sh into a temporary dist, then move the folder elsewhere."""
    work = tmp_path_factory.mktemp("pyinstaller")
    env = dict(os.environ, VENV=sys.prefix, WORK_DIR=str(work / "build"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build_linux.sh"), str(work / "dist")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
    )
    assert proc.returncode == 0, f"bundle build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    print(proc.stdout.strip().splitlines()[-1])  # "bundle: … (size), built in Ns" (shown with -s)
    elsewhere = tmp_path_factory.mktemp("unpacked") / "povdesk"
    shutil.move(str(work / "dist" / "povdesk"), elsewhere)
    home = tmp_path_factory.mktemp("home")
    return Bundle(elsewhere, home)


def test_layout_has_both_programs_and_resources(bundle: Bundle) -> None:
    """The folder holds povdesk-gui, povdesk, the .desktop entry and every file of resources/."""
    for exe in ("povdesk-gui", "povdesk", "install-linux.sh"):
        assert os.access(bundle.folder / exe, os.X_OK), exe
    assert (bundle.folder / "povdesk.desktop").read_text("utf-8").count("Exec=povdesk-gui") == 1
    shipped = {p.relative_to(ROOT) for p in (ROOT / "resources").rglob("*") if p.is_file()}
    bundled = {p.relative_to(bundle.folder / "_internal") for p in (bundle.folder / "_internal/resources").rglob("*")
               if p.is_file()}  # fmt: skip
    assert shipped <= bundled, sorted(map(str, shipped - bundled))
    # Third-party notices: Qt/PySide6 ship under the LGPL as replaceable shared libraries.
    notices = (bundle.folder / "_internal/licenses/THIRD-PARTY.txt").read_text("utf-8")
    assert "PySide6_Essentials" in notices and "LGPL" in notices and "reportlab" in notices
    # The user guide and its screenshots, for the Help menu (povdesk.resources.docs_path).
    guide = bundle.folder / "_internal/docs/huong-dan-su-dung.md"
    assert guide.read_bytes() == (ROOT / "docs/huong-dan-su-dung.md").read_bytes()
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide.read_text("utf-8")):
        assert (guide.parent / image).is_file(), image


def test_size_stays_in_budget(bundle: Bundle) -> None:
    """Unused Qt stacks (QML, Wayland, GTK theme) stay out: the folder stays under the budget."""
    size = sum(p.stat().st_size for p in bundle.folder.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < SIZE_BUDGET_MB * 1024 * 1024, f"bundle is {size / 2**20:.0f} MB"
    internal = bundle.folder / "_internal"
    assert not list(internal.glob("PySide6/Qt/lib/libQt6Qml*")), "QML got into the bundle"
    assert not list(internal.glob("PySide6/Qt/plugins/wayland-*")), "Wayland plugins got into the bundle"


@pytest.mark.parametrize("exe", ["povdesk-gui", "povdesk"])
def test_version(bundle: Bundle, exe: str) -> None:
    """Both programs start and report the package version."""
    assert bundle.run(exe, "--version").stdout.strip() == f"povdesk {__version__}"


def test_gui_screenshot_offscreen(bundle: Bundle) -> None:
    """The desktop app opens a database, draws its window and saves a non-blank PNG."""
    from PIL import Image

    db = bundle.home / "gui.sqlite"
    shot = bundle.home / "out.png"
    bundle.run("povdesk-gui", "--db", str(db), "--screenshot", str(shot))
    with Image.open(shot) as img:
        assert img.format == "PNG"
        assert img.width >= 400 and img.height >= 300
        colours = img.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 10, "the screenshot is blank"
    # The GUI created and migrated the database, recording the version that wrote it.
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'app_version'").fetchone() == (__version__,)
    finally:
        conn.close()


def test_cli_creates_db_and_classifies(bundle: Bundle, raw_household: dict[str, Any]) -> None:
    """The bundled CLI creates a database, stores a household from JSON and classifies it poor."""
    db = str(bundle.home / "xa.sqlite")
    hfile = bundle.home / "ho.json"
    hfile.write_text(json.dumps(raw_household, ensure_ascii=False), "utf-8")
    bundle.run("povdesk", "--db", db, "init", "--xa", "12345", "--ten", "Xã Minh Hòa")
    added = bundle.cli_json("--db", db, "household", "add", str(hfile), "--json")
    assert [a["status"] for a in added] == ["inserted"]
    shown = bundle.cli_json("--db", db, "household", "show", "--xa", "12345", "--ma", "H001", "--year", "2025",
                            "--json")  # fmt: skip
    assert shown["classification"]["phan_loai"] == "nghèo"
    assert shown["classification"]["chi_so_thieu_hut"] == ["1.2", "2.2", "4.1", "5.2"]
    # Classification without storing: the rule sets come from the bundle's resources/.
    [c] = bundle.cli_json("classify", "--input", str(hfile), "--json")
    assert (c["rule_set"], c["class"]) == ("VN-2022", "poor")


def test_cli_refuses_bad_input_with_exit_2(bundle: Bundle, raw_household: dict[str, Any]) -> None:
    """A refused household exits 2 with the Vietnamese field message (the error path is bundled too)."""
    raw_household["thanh_vien"][0]["quan_he"] = "con"
    hfile = bundle.home / "bad.json"
    hfile.write_text(json.dumps(raw_household, ensure_ascii=False), "utf-8")
    proc = bundle.run("povdesk", "--db", str(bundle.home / "bad.sqlite"), "household", "add", str(hfile),
                      check=False)  # fmt: skip
    assert proc.returncode == 2
    assert "chủ hộ" in proc.stderr


def test_rule_sets_and_default_database_location(bundle: Bundle) -> None:
    """Rule sets load from the bundle; without --db the data goes to the user's data directory."""
    ids = [r["id"] for r in bundle.cli_json("rules", "list", "--json")]
    assert {"VN-2022", "VN-2027"} <= set(ids)
    assert bundle.cli_json("household", "list", "--json") == []
    assert (bundle.home / ".local/share/povdesk/povdesk.sqlite").is_file()


def test_cli_excel_round_trip_and_pdf(bundle: Bundle, raw_household: dict[str, Any]) -> None:
    """The bundled xlsx writer/reader and reportlab work, and PDFs embed the bundled Vietnamese font."""
    db = str(bundle.home / "excel.sqlite")
    hfile = bundle.home / "ho-excel.json"
    hfile.write_text(json.dumps(raw_household, ensure_ascii=False), "utf-8")
    bundle.run("povdesk", "--db", db, "household", "add", str(hfile))
    book = bundle.home / "so.xlsx"
    bundle.run("povdesk", "--db", db, "export", str(book), "--year", "2025")
    assert book.read_bytes()[:2] == b"PK"  # a zip container: xlsx
    other = str(bundle.home / "imported.sqlite")
    report = bundle.cli_json("--db", other, "import", str(book), "--json")
    assert (report["households"], report["members"], report["inserted"]) == (1, 2, 1)
    shown = bundle.cli_json("--db", other, "household", "show", "--xa", "12345", "--ma", "H001", "--year", "2025",
                            "--json")  # fmt: skip
    assert shown["chu_ho"] == raw_household["chu_ho"]

    pdf = bundle.home / "gcn.pdf"
    bundle.run("povdesk", "--db", db, "print", "certificates", "--year", "2025", "--xa", "12345", "--out", str(pdf),
               "--preview")  # fmt: skip
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"+LiberationSerif" in data  # resources/fonts/ found through sys._MEIPASS and embedded
