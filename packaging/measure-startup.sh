#!/usr/bin/env bash
# Cold start of the app until the unlock dialog of a double-clicked dossier shows (median of 5 runs):
#     packaging/measure-startup.sh dist/gezinsdossier/gezinsdossier
# The program prints the clock when the dialog is visible (GEZINSDOSSIER_STARTUP_PROBE) and quits.
set -euo pipefail
PROGRAM="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
RUNS="${RUNS:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"
printf 'meten wachtwoord paard batterij\n' > "$WORK/wachtwoord.txt"
bare() { env -i HOME="$WORK/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" \
         ${DISPLAY:+DISPLAY=$DISPLAY} GEZINSDOSSIER_INSTANCE="gezinsdossier-meten-$$" "$@"; }
bare "$PROGRAM" demo "$WORK/gezin.dossier" --passphrase-file "$WORK/wachtwoord.txt" >/dev/null
times=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  shown=$(bare GEZINSDOSSIER_STARTUP_PROBE=1 "$PROGRAM" "$WORK/gezin.dossier" 2>/dev/null | tail -1)
  times+=("$(python3 -c "print(f'{$shown - $start:.3f}')")")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "koude start tot ontgrendelvenster: mediaan %.2f s (%s metingen, %.2f–%.2f s)\n", a[int((NR+1)/2)], NR, a[1], a[NR]}'
