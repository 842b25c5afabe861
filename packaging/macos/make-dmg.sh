#!/bin/sh
# macOS: dist/Gezinsdossier-VERSION.dmg from dist/Gezinsdossier.app (made by `make package` on a Mac).
# Order for a release: build → sign the .app → make the DMG → sign and notarise the DMG → staple (docs/INSTALL.md).
# Signing needs MACOS_SIGNING_IDENTITY ("Developer ID Application: …"); notarising needs APPLE_ID,
# APPLE_TEAM_ID and APPLE_APP_PASSWORD (an app-specific password). Without them the DMG is made unsigned.
set -eu
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION="$1"
APP="$ROOT/dist/Gezinsdossier.app"
DMG="$ROOT/dist/Gezinsdossier-$VERSION.dmg"
if [ -n "${MACOS_SIGNING_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$APP"
fi
STAGE="$(mktemp -d)"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Programma's"
rm -f "$DMG"
hdiutil create -volname "Gezinsdossier $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
rm -rf "$STAGE"
if [ -n "${MACOS_SIGNING_IDENTITY:-}" ]; then
  codesign --sign "$MACOS_SIGNING_IDENTITY" --timestamp "$DMG"
fi
if [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
  xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
        --password "$APPLE_APP_PASSWORD" --wait
  xcrun stapler staple "$DMG"
fi
ls -l "$DMG"
