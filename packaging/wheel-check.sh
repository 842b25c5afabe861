#!/usr/bin/env bash
# `make wheel-check`: build a real (non-editable) wheel, install it with its dependencies into a new virtualenv
# outside the repository, and let it make the demo dossier and a letter in a bare environment (env -i: no
# PYTHONPATH, no locale, no display, no keychain). Proves the package carries its data.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m pip wheel --quiet --no-deps -w "$WORK/wheel" "$ROOT" 2>/dev/null
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet "$WORK"/wheel/gezinsdossier-*.whl
cd "$WORK"
printf 'wheel-check wachtwoord paard batterij\n' > wachtwoord.txt
mkdir -p "$WORK/home"
bare() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen \
  PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring "$@"; }
bare "$WORK/venv/bin/dossier-app" --version
bare "$WORK/venv/bin/dossier-app" demo gezin.dossier --passphrase-file wachtwoord.txt
bare "$WORK/venv/bin/dossier-app" letter gezin.dossier bezwaarschrift --out brief.docx --passphrase-file wachtwoord.txt
test -s brief.docx
echo "wheel-check: geslaagd (wheel geïnstalleerd in een nieuwe virtualenv, demo en brief gemaakt, kale omgeving)"
