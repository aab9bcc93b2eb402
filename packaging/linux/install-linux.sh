#!/usr/bin/env bash
# Add the unpacked povdesk bundle to the desktop menu of the current user (no root needed).
#
#   ./install-linux.sh            (run from inside the bundle folder, e.g. ~/povdesk/)
#   ./install-linux.sh --remove   (take it off the menu again; the bundle and data stay)
#
# Writes ~/.local/share/applications/povdesk.desktop (Exec = this folder's povdesk-gui) and the
# icon into ~/.local/share/icons/hicolor/. The data (povdesk.sqlite) lives in
# ~/.local/share/povdesk/ and is never touched here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
APPS="$DATA/applications"
ICONS="$DATA/icons/hicolor"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$APPS/povdesk.desktop" "$ICONS/scalable/apps/povdesk.svg" "$ICONS/256x256/apps/povdesk.png"
  echo "povdesk removed from the menu (the folder $HERE and your data are kept)"
  exit 0
fi
[ -x "$HERE/povdesk-gui" ] || { echo "install-linux: run me from the povdesk folder" >&2; exit 1; }
RES="$HERE/_internal/resources/icons"
mkdir -p "$APPS" "$ICONS/scalable/apps" "$ICONS/256x256/apps"
install -m 644 "$RES/povdesk.svg" "$ICONS/scalable/apps/povdesk.svg"
install -m 644 "$RES/povdesk-256.png" "$ICONS/256x256/apps/povdesk.png"
SED_HERE=$(printf '%s' "$HERE" | sed -e 's/[\\&|]/\\&/g')  # a path may hold & or |
sed -e "s|^Exec=povdesk-gui|Exec=\"$SED_HERE/povdesk-gui\"|" "$HERE/povdesk.desktop" > "$APPS/povdesk.desktop"
chmod 644 "$APPS/povdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
echo "povdesk added to the menu (Office). Command line: $HERE/povdesk --help"
