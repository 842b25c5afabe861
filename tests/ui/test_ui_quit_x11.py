"""The real app on a real X server of 1366×768 without a window manager (issue 24), driven by real X key events
(xdotool) on Xvfb, the way the faults were found; skipped where Xvfb or xdotool is not installed (`.ci/run`
installs both).

- Ctrl+Q after unlocking: nobody gave the keyboard back to the main window when the unlock dialog closed, so
  no shortcut worked; new windows (a note, the help, the assistant) opened without the keyboard; closing one
  gave it to the main window instead of the window it came from (ui/focus.py).
- 150 % scaling (QT_SCALE_FACTOR=1.5): every window stays on the screen.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "gezinsdossier-demo"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xdotool")),
                                 reason="needs Xvfb and xdotool (apt-get install xvfb xdotool)")]


def _wait(check, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    return check()


@pytest.fixture
def bare_x_server():
    """An X server of 1366×768 and no window manager; yields its DISPLAY."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _xdotool(display: str, *args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30,
                          env=dict(os.environ, DISPLAY=display)).stdout


def _visible_window(display: str, title: str) -> str | None:
    found = _xdotool(display, "search", "--onlyvisible", "--name", title).split()
    return found[-1] if found else None


def _focused_title(display: str) -> str:
    return _xdotool(display, "getwindowfocus", "getwindowname").strip()


def test_keys_reach_each_window_and_ctrl_q_ends_the_app_without_a_window_manager(tmp_path, bare_x_server):
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.update(DISPLAY=bare_x_server, GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"),
               HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path / "run"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    (tmp_path / "run").mkdir(mode=0o700)
    demo = tmp_path / "demo.dossier"
    subprocess.run([sys.executable, "-m", "dossier_app", "demo", str(demo)], check=True, env=env,
                   capture_output=True, timeout=120, cwd=ROOT)
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), str(demo)], env=env, cwd=tmp_path,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        dialog = _wait(lambda: _visible_window(bare_x_server, "Gezinsdossier — demo"), 60)
        assert dialog, "the unlock dialog did not appear"
        _xdotool(bare_x_server, "mousemove", "--window", dialog, "100", "60")
        _xdotool(bare_x_server, "type", "--delay", "10", PASSPHRASE)
        _xdotool(bare_x_server, "key", "Return")
        assert _wait(lambda: _visible_window(bare_x_server, "Demo: familie De Vries"), 60), "not unlocked"
        # The dialog closed: the keyboard is back in the main window (this failed: nobody handed it back).
        assert _wait(lambda: "Demo: familie De Vries" in _focused_title(bare_x_server), 30), \
            _focused_title(bare_x_server)
        time.sleep(1.0)                        # the window settles (its integrity check and backup run)
        # A window the app opens gets the keyboard (no window manager hands it over either): a new note (Ctrl+N),
        # in it F1's help; Esc closes the help and the keyboard is back in the note, where the user was.
        main_title = _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "ctrl+n")
        assert _wait(lambda: _focused_title(bare_x_server) not in ("", main_title), 30), "the note got no keys"
        note_title = _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "F1")
        assert _wait(lambda: _visible_window(bare_x_server, "Uitleg"), 30), "no help window"
        assert _wait(lambda: _focused_title(bare_x_server).startswith("Uitleg"), 30), _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "Escape")
        assert _wait(lambda: not _visible_window(bare_x_server, "Uitleg"), 10), "Esc did not close the help"
        assert _wait(lambda: _focused_title(bare_x_server) == note_title, 30), _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "Escape")           # the empty note closes; back in the main window
        assert _wait(lambda: _focused_title(bare_x_server) == main_title, 30), _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "ctrl+q")
        started = time.monotonic()
        try:
            code = app.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - started
    finally:
        if app.poll() is None:
            app.kill()
        _out, errors = app.communicate(timeout=30)
    assert code == 0, f"Ctrl+Q did not end the app within 10 s (exit {code}): {errors[-2000:]}"
    assert took < 5, f"ending took {took:.1f} s"


def test_the_started_app_takes_the_keyboard_without_a_window_manager(tmp_path, bare_x_server):
    """Started without a dossier, Ctrl+Shift+N opens the new-dossier dialog (the window had no keyboard)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.update(DISPLAY=bare_x_server, GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"),
               HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path / "run"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    (tmp_path / "run").mkdir(mode=0o700)
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py")], env=env, cwd=tmp_path,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: _visible_window(bare_x_server, "Gezinsdossier"), 60), "no main window"
        assert _wait(lambda: _focused_title(bare_x_server) == "Gezinsdossier", 10), _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "ctrl+shift+n")
        assert _wait(lambda: _visible_window(bare_x_server, "nieuw dossier"), 30), "Ctrl+Shift+N did nothing"
        # Shown is not yet focused: Escape goes to the dialog once it has the keyboard (found flaky: a key
        # sent in between went to the main window and the dialog stayed).
        assert _wait(lambda: "nieuw dossier" in _focused_title(bare_x_server).lower(), 10), \
            _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "Escape")
        assert _wait(lambda: not _visible_window(bare_x_server, "nieuw dossier"), 10)
        # The keyboard goes back to the main window a moment after the dialog closed (found flaky under load: a
        # Ctrl+Q sent in between reached no window and the app kept running).
        assert _wait(lambda: _focused_title(bare_x_server) == "Gezinsdossier", 10), _focused_title(bare_x_server)
        _xdotool(bare_x_server, "key", "ctrl+q")
        assert app.wait(timeout=10) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=30)


def _geometry(display: str, window: str) -> tuple[int, int, int, int]:
    """x, y, width, height of an X window, in the screen's pixels."""
    values = dict(line.split("=", 1) for line in _xdotool(display, "getwindowgeometry", "--shell", window).split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def _on_screen(display: str, window: str) -> bool:
    x, y, width, height = _geometry(display, window)
    return x >= 0 and y >= 0 and x + width <= 1366 and y + height <= 768


def test_at_150_percent_every_window_stays_on_a_1366_by_768_screen(tmp_path, bare_x_server):
    """The real app with QT_SCALE_FACTOR=1.5 (what 150 % scaling gives Qt): the unlock dialog, the main window
    and the help fit the screen, and the keys still work."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.update(DISPLAY=bare_x_server, QT_SCALE_FACTOR="1.5", GEZINSDOSSIER_CONFIG=str(tmp_path / "config"),
               GEZINSDOSSIER_DATA=str(tmp_path / "data"), GEZINSDOSSIER_LOGS=str(tmp_path / "logs"),
               HOME=str(tmp_path), XDG_RUNTIME_DIR=str(tmp_path / "run"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    (tmp_path / "run").mkdir(mode=0o700)
    demo = tmp_path / "demo.dossier"
    subprocess.run([sys.executable, "-m", "dossier_app", "demo", str(demo)], check=True, env=env,
                   capture_output=True, timeout=120, cwd=ROOT)
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), str(demo)], env=env, cwd=tmp_path,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        dialog = _wait(lambda: _visible_window(bare_x_server, "Gezinsdossier — demo"), 60)
        assert dialog and _on_screen(bare_x_server, dialog), _geometry(bare_x_server, dialog)
        _xdotool(bare_x_server, "type", "--delay", "10", PASSPHRASE)
        _xdotool(bare_x_server, "key", "Return")
        main = _wait(lambda: _visible_window(bare_x_server, "Demo: familie De Vries"), 60)
        assert main and _on_screen(bare_x_server, main), _geometry(bare_x_server, main)
        assert _geometry(bare_x_server, main)[2] > 1000        # scaled: wider than its 911 logical pixels' room
        assert _wait(lambda: "Demo: familie De Vries" in _focused_title(bare_x_server), 30)
        _xdotool(bare_x_server, "key", "F1")
        help_window = _wait(lambda: _visible_window(bare_x_server, "Uitleg"), 30)
        assert help_window and _on_screen(bare_x_server, help_window), _geometry(bare_x_server, help_window)
        _xdotool(bare_x_server, "key", "Escape")
        assert _wait(lambda: "Demo: familie De Vries" in _focused_title(bare_x_server), 30)
        _xdotool(bare_x_server, "key", "ctrl+q")
        assert app.wait(timeout=10) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait(timeout=30)
