"""Quitting the app after a new dossier and its herstelblad (issue 24: exit code 139 on Ctrl+Q)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WALK = Path(__file__).with_name("quit_walk.py")


def test_new_dossier_close_the_herstelblad_anyway_then_ctrl_q_exits_cleanly(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"),
               HOME=str(tmp_path))
    target = tmp_path / "gezin.dossier"
    result = subprocess.run([sys.executable, str(WALK), str(target)], capture_output=True, text=True, env=env,
                            timeout=180, stdin=subprocess.DEVNULL)
    steps = [line.removeprefix("STEP ") for line in result.stdout.splitlines() if line.startswith("STEP ")]
    assert steps == ["nieuw dossier", "gegevens", "herstelblad sluiten", "toch sluiten", "afsluiten"], \
        result.stdout + result.stderr
    assert "shared QObject was deleted directly" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "LEFT True" in result.stdout
    assert target.is_file()
