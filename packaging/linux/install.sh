#!/bin/sh
# Installs Gezinsdossier for this user only (no administrator needed): the program in ~/.local/lib/gezinsdossier,
# a menu entry, the icon and the file type .dossier (double-click opens the app). Run it from the unpacked folder:
#     ./install.sh
# Remove again with ~/.local/lib/gezinsdossier/uninstall.sh (your dossiers are never touched).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/gezinsdossier"
BIN="$HOME/.local/bin"
DESKTOP_ID="nl.gezinsdossier.Gezinsdossier.desktop"

if [ ! -x "$HERE/app/gezinsdossier" ]; then
  echo "Dit is niet de uitgepakte map van Gezinsdossier (app/gezinsdossier ontbreekt)." >&2
  exit 2
fi

echo "Gezinsdossier wordt geïnstalleerd in $LIB ..."
mkdir -p "$LIB" "$BIN" "$DATA/applications" "$DATA/mime/packages" \
         "$DATA/icons/hicolor/scalable/apps" "$DATA/icons/hicolor/scalable/mimetypes"
# A new version replaces the old program as a whole (never a mix of two versions).
rm -rf "$LIB/app.new"
cp -R "$HERE/app" "$LIB/app.new"
rm -rf "$LIB/app"
mv "$LIB/app.new" "$LIB/app"
cp "$HERE/uninstall.sh" "$LIB/uninstall.sh"
chmod +x "$LIB/uninstall.sh"
ln -sf "$LIB/app/gezinsdossier" "$BIN/gezinsdossier"

sed "s|@EXEC@|$LIB/app/gezinsdossier|g" "$HERE/share/$DESKTOP_ID" > "$DATA/applications/$DESKTOP_ID"
chmod 644 "$DATA/applications/$DESKTOP_ID"
cp "$HERE/share/gezinsdossier-mime.xml" "$DATA/mime/packages/gezinsdossier.xml"
cp "$HERE/share/gezinsdossier.svg" "$DATA/icons/hicolor/scalable/apps/gezinsdossier.svg"
cp "$HERE/share/gezinsdossier.svg" "$DATA/icons/hicolor/scalable/mimetypes/application-x-gezinsdossier.svg"

# Let the desktop know (each tool only when it is there).
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database "$DATA/mime" || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q "$DATA/applications" || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" 2>/dev/null || true
fi
if command -v xdg-mime >/dev/null 2>&1; then xdg-mime default "$DESKTOP_ID" application/x-gezinsdossier || true; fi

echo "Klaar. Gezinsdossier staat in het menu; een .dossier-bestand opent met een dubbelklik."
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) echo "(Vanaf de opdrachtregel: $BIN/gezinsdossier)";;
esac
