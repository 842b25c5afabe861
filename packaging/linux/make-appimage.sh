#!/bin/sh
# Linux AppImage from the bundle in dist/gezinsdossier: builds the AppDir, then runs appimagetool when it is there.
#     packaging/linux/make-appimage.sh VERSION
# appimagetool is not in Debian/Ubuntu: take appimagetool-x86_64.AppImage from
# https://github.com/AppImage/appimagetool/releases, make it executable and put it on PATH as `appimagetool`.
# An AppImage does not register the .dossier type by itself; the tarball's install.sh does (or AppImageLauncher).
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="$1"
APPDIR="$ROOT/build/Gezinsdossier.AppDir"
rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/mime/packages" "$APPDIR/usr/share/applications" \
         "$APPDIR/usr/share/icons/hicolor/scalable/apps"
cp -R "$ROOT/dist/gezinsdossier" "$APPDIR/usr/lib/gezinsdossier"
cat > "$APPDIR/AppRun" <<'RUN'
#!/bin/sh
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib/gezinsdossier/gezinsdossier" "$@"
RUN
chmod +x "$APPDIR/AppRun"
sed "s|@EXEC@|gezinsdossier|g" "$ROOT/packaging/linux/nl.gezinsdossier.Gezinsdossier.desktop" \
    > "$APPDIR/nl.gezinsdossier.Gezinsdossier.desktop"
cp "$APPDIR/nl.gezinsdossier.Gezinsdossier.desktop" "$APPDIR/usr/share/applications/"
cp "$ROOT/resources/icon.svg" "$APPDIR/gezinsdossier.svg"
cp "$ROOT/resources/icon.svg" "$APPDIR/usr/share/icons/hicolor/scalable/apps/gezinsdossier.svg"
cp "$ROOT/packaging/linux/gezinsdossier-mime.xml" "$APPDIR/usr/share/mime/packages/gezinsdossier.xml"
if command -v appimagetool >/dev/null 2>&1; then
  ARCH="$(uname -m)" appimagetool "$APPDIR" "$ROOT/dist/Gezinsdossier-$VERSION-$(uname -m).AppImage"
else
  echo "AppDir klaar in $APPDIR; appimagetool ontbreekt (zie het commentaar bovenin dit script)."
fi
