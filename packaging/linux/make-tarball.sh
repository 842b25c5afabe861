#!/bin/sh
# `make tarball`: dist/gezinsdossier-VERSION-linux-ARCH.tar.gz from the bundle in dist/gezinsdossier.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="$1"
NAME="gezinsdossier-$VERSION-linux-$(uname -m)"
STAGE="$ROOT/build/tarball/$NAME"
rm -rf "$ROOT/build/tarball"
mkdir -p "$STAGE/share"
cp -R "$ROOT/dist/gezinsdossier" "$STAGE/app"
cp "$ROOT/packaging/linux/install.sh" "$ROOT/packaging/linux/uninstall.sh" "$STAGE/"
cp "$ROOT/packaging/linux/nl.gezinsdossier.Gezinsdossier.desktop" "$ROOT/packaging/linux/gezinsdossier-mime.xml" \
   "$STAGE/share/"
cp "$ROOT/resources/icon.svg" "$STAGE/share/gezinsdossier.svg"
cp "$ROOT/LICENSE" "$STAGE/"
chmod +x "$STAGE/install.sh" "$STAGE/uninstall.sh"
tar -C "$ROOT/build/tarball" -czf "$ROOT/dist/$NAME.tar.gz" "$NAME"
ls -l "$ROOT/dist/$NAME.tar.gz"
