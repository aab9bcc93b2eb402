#!/usr/bin/env bash
# Build the Linux one-folder bundle: dist/povdesk/{povdesk-gui,povdesk,_internal/}.
#
#   packaging/build_linux.sh [DIST_DIR]        (default: dist; or `make package`)
#
# Uses the project's virtualenv ($VENV, default .venv) with the `package` extra installed
# (`pip install -e '.[package]'`; `make package` does that). WORK_DIR (default
# build/pyinstaller) holds PyInstaller's intermediate files. Prints the bundle's size and the
# build time, then checks that both executables start (--version) and packs
# dist/povdesk-<version>-linux-<arch>.tar.gz for handing out.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
DIST_DIR=${1:-dist}
WORK_DIR=${WORK_DIR:-build/pyinstaller}
PY="$VENV/bin/python"
[ -x "$PY" ] || { echo "build_linux: no virtualenv at $VENV (run 'make package')" >&2; exit 1; }
"$PY" -c "import PyInstaller" 2>/dev/null || {
  echo "build_linux: PyInstaller is missing: $PY -m pip install -e '.[package]'" >&2; exit 1; }

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST_DIR" --workpath "$WORK_DIR" packaging/povdesk.spec
elapsed=$(( $(date +%s) - start ))

APP="$DIST_DIR/povdesk"
# The .desktop entry and the icon travel with the bundle, for install-linux.sh / packagers.
install -m 644 packaging/linux/povdesk.desktop "$APP/povdesk.desktop"
install -m 755 packaging/linux/install-linux.sh "$APP/install-linux.sh"
"$APP/povdesk" --version
QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "$APP/povdesk-gui" --version
# The file to hand out: unpack anywhere, run install-linux.sh for the menu entry.
VERSION=$("$APP/povdesk" --version | cut -d' ' -f2)
ARCHIVE="$DIST_DIR/povdesk-$VERSION-linux-$(uname -m).tar.gz"
tar -czf "$ARCHIVE" -C "$DIST_DIR" povdesk
echo "archive: $ARCHIVE ($(du -sh "$ARCHIVE" | cut -f1))"
echo "bundle: $APP ($(du -sh "$APP" | cut -f1)), built in ${elapsed}s"
