#!/bin/sh
# Removes Gezinsdossier for this user: the program, the menu entry, the icon and the file type.
# Your dossiers, backups and settings stay where they are.
set -eu
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/gezinsdossier"
BIN="$HOME/.local/bin"
DESKTOP_ID="nl.gezinsdossier.Gezinsdossier.desktop"

rm -f "$DATA/applications/$DESKTOP_ID" "$DATA/mime/packages/gezinsdossier.xml" \
      "$DATA/icons/hicolor/scalable/apps/gezinsdossier.svg" \
      "$DATA/icons/hicolor/scalable/mimetypes/application-x-gezinsdossier.svg"
if [ -L "$BIN/gezinsdossier" ]; then rm -f "$BIN/gezinsdossier"; fi
rm -rf "$LIB"
if command -v update-mime-database >/dev/null 2>&1 && [ -d "$DATA/mime" ]; then update-mime-database "$DATA/mime" || true; fi
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$DATA/applications" ]; then
  update-desktop-database -q "$DATA/applications" || true
fi
echo "Gezinsdossier is verwijderd. Uw dossiers, reservekopieën en instellingen zijn niet aangeraakt."
