#!/usr/bin/env bash
# `make package-check`: the bundle, run with a bare environment (no Python or virtualenv on PATH, an empty HOME,
# no locale, no display), passes --selftest, makes the demo dossier and a letter.
set -euo pipefail
PROGRAM="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
bare() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen "$@"; }
mkdir -p "$WORK/home"
cd "$WORK"
start=$(date +%s.%N)
bare "$PROGRAM" --version
echo "--version: $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"
bare "$PROGRAM" --selftest
printf 'package-check wachtwoord paard batterij\n' > wachtwoord.txt
bare "$PROGRAM" demo "$WORK/gezin.dossier" --passphrase-file wachtwoord.txt
bare "$PROGRAM" letter "$WORK/gezin.dossier" bezwaarschrift --out "$WORK/brief.docx" --passphrase-file wachtwoord.txt
test -s "$WORK/brief.docx"
if find "$WORK/home" -mindepth 1 -maxdepth 3 | grep -q .; then
  echo "package-check: in HOME geschreven (verwacht: alleen instellingen/logboek):"
  find "$WORK/home" -mindepth 1 -maxdepth 4 | sed "s|$WORK/home|~|"
fi
echo "package-check: geslaagd ($(du -sh "$(dirname "$PROGRAM")" | cut -f1) uitgepakt)"

# The keychain inside the bundle: with a Secret Service running (GNOME Keyring in a private D-Bus session),
# keyring must find and use it.
if command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  answer="$(env -i HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen dbus-run-session -- sh -c \
    'printf zelftest | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "$0" --selftest' \
    "$PROGRAM" 2>/dev/null | grep sleutelhanger || true)"
  echo "$answer"
  case "$answer" in
    *SecretService*bruikbaar*) ;;
    *) echo "package-check: de bundel vindt de Secret Service-sleutelhanger niet" >&2; exit 1;;
  esac
else
  echo "(Secret Service niet getest: dbus-run-session of gnome-keyring-daemon ontbreekt)"
fi
