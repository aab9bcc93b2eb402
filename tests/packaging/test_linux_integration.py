"""Linux desktop integration: the .desktop entry, the icon, and install-linux.sh (fast; no build)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "linux" / "povdesk.desktop"
ICONS = ROOT / "resources" / "icons"


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_fields() -> None:
    """The menu entry names the app in English and Vietnamese, starts povdesk-gui, files under Office."""
    e = desktop_entry(DESKTOP)
    assert e["Type"] == "Application"
    assert e["Name"] == "povdesk"
    assert "hộ nghèo" in e["Name[vi]"]
    assert e["Exec"].split()[0] == "povdesk-gui"
    assert e["Icon"] == "povdesk"
    assert "Office" in e["Categories"].split(";")
    assert e["Terminal"] == "false"


def test_icon_files() -> None:
    """The scalable icon is a square SVG; the PNG rendering of it is 256×256."""
    from PIL import Image

    svg = ET.parse(ICONS / "povdesk.svg").getroot()
    assert svg.tag.endswith("svg") and svg.get("viewBox") == "0 0 256 256"
    with Image.open(ICONS / "povdesk-256.png") as png:
        assert (png.format, png.size) == ("PNG", (256, 256))
        assert png.mode == "RGBA" and png.getpixel((0, 0))[3] == 0  # transparent rounded corners


def test_install_linux_script_adds_and_removes_menu_entry(tmp_path: Path) -> None:
    """install-linux.sh (run inside an unpacked bundle) writes the menu entry with this folder's path."""
    app = tmp_path / "my povdesk & co"  # spaces and & in the path must survive into Exec=
    (app / "_internal/resources/icons").mkdir(parents=True)
    for name in ("povdesk.svg", "povdesk-256.png"):
        shutil.copy(ICONS / name, app / "_internal/resources/icons" / name)
    shutil.copy(DESKTOP, app / "povdesk.desktop")
    shutil.copy(ROOT / "packaging/linux/install-linux.sh", app / "install-linux.sh")
    (app / "povdesk-gui").write_text("#!/bin/sh\n", "utf-8")
    (app / "povdesk-gui").chmod(0o755)
    data = tmp_path / "share"
    env = dict(os.environ, XDG_DATA_HOME=str(data), HOME=str(tmp_path))

    subprocess.run(["bash", str(app / "install-linux.sh")], env=env, check=True, capture_output=True)
    installed = data / "applications/povdesk.desktop"
    e = desktop_entry(installed)
    assert e["Exec"] == f'"{app}/povdesk-gui"'
    assert e["Name[vi]"] == desktop_entry(DESKTOP)["Name[vi]"]
    assert (data / "icons/hicolor/scalable/apps/povdesk.svg").is_file()
    assert (data / "icons/hicolor/256x256/apps/povdesk.png").is_file()

    subprocess.run(
        ["bash", str(app / "install-linux.sh"), "--remove"], env=env, check=True, capture_output=True
    )
    assert not installed.exists()
    assert (app / "povdesk-gui").exists()  # the bundle itself is left alone
