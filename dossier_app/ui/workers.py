"""Run slow core work (key derivation, encryption, backups) off the GUI thread.

The result comes back on the GUI thread: the signals are connected to a
receiver object that lives there, so Qt queues the call across threads.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal, Slot

_running: set = set()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Receiver(QObject):
    """Lives in the GUI thread; calls the callbacks there."""

    def __init__(self, task, on_done, on_failed):
        super().__init__()
        self.task, self.on_done, self.on_failed = task, on_done, on_failed

    @Slot(object)
    def done(self, result):
        _running.discard(self.task)
        self.on_done(result)

    @Slot(object)
    def failed(self, exc):
        _running.discard(self.task)
        self.on_failed(exc)


class Task:
    def __init__(self, function, *args, **kwargs):
        self.function, self.args, self.kwargs = function, args, kwargs
        self.signals = _Signals()
        self.thread = threading.Thread(target=self.run, name="gezinsdossier-werk", daemon=True)

    def run(self):
        try:
            result = self.function(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - reported to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_in_background(function, on_done, on_failed, *args, **kwargs) -> Task:
    task = Task(function, *args, **kwargs)
    receiver = _Receiver(task, on_done, on_failed)
    task.receiver = receiver
    task.signals.done.connect(receiver.done)
    task.signals.failed.connect(receiver.failed)
    _running.add(task)
    task.thread.start()
    return task


def busy() -> bool:
    return bool(_running)


def wait_all(timeout: float = 30.0) -> None:
    """Let running work finish (before the dossier is closed under it)."""
    for task in list(_running):
        task.thread.join(timeout)
