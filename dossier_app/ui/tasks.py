"""One task runner for slow work (key derivation, encryption, search, export, PDF, backups).

Work runs on a small pool of worker threads; its result comes back on the GUI thread
through queued signals. A result is only delivered while the object that
asked for it (its ``owner``) still exists, so a closed dialog never gets a
late callback. The runner says when it becomes idle, so that locking and
closing can wait for running work without blocking the window.

Work started with ``cancellable=True`` gets a ``cancel=`` keyword: a
``dossier_app.cancellation.CancelToken`` it checks (import, export, backup,
search). ``Task.cancel()`` stops it and drops its result (a search that is
superseded); ``stop_cancellable()`` stops every such task and lets its owner
hear ``Cancelled`` (locking: "afgebroken"), and returns what cannot be stopped,
so the caller can say what it waits for.
"""

from __future__ import annotations

import concurrent.futures
import itertools
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from dossier_app.cancellation import CancelToken

OnDone = Callable[[Any], Any]             # a task's result goes here, on the GUI thread
OnFailed = Callable[[BaseException], Any]


class Task:
    """One piece of work. ``cancel()`` drops its result and, for cancellable work, stops it at its next
    check; ``stop()`` only stops it (the owner then hears ``Cancelled``). Work that cannot be cancelled
    still finishes."""

    def __init__(self, number: int, work, args, kwargs, report, *, token: CancelToken | None = None,
                 label: str = ""):
        self.number = number
        self.work, self.args, self.kwargs = work, args, kwargs
        self.report = report
        self.cancelled = False
        self.token = token
        self.label = label            # what it does, in Dutch ("de back-up"), said while locking waits for it

    @property
    def cancellable(self) -> bool:
        return self.token is not None

    def cancel(self) -> None:
        self.cancelled = True
        self.stop()

    def stop(self) -> None:
        if self.token is not None:
            self.token.cancel()

    def __call__(self):
        # Runs on a worker thread; the result crosses back through the runner's queued signal.
        if self.cancelled:
            self.report.emit(self.number, False, None)
            return
        try:
            result = self.work(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
            self.report.emit(self.number, False, exc)
        else:
            self.report.emit(self.number, True, result)


class Progress(QObject):
    """Progress reported by work on a worker thread (``step.emit(done, total, name)``), queued to the GUI thread."""

    step = Signal(int, int, str)


class TaskRunner(QObject):
    """Parented to the application; ``runner()`` returns the one instance."""

    idle = Signal()
    _report = Signal(int, bool, object)     # emitted on a worker thread, received on the GUI thread

    def __init__(self, parent=None):
        super().__init__(parent)
        # Python threads rather than QThreadPool: PySide 6.12 lost the GIL when Python work ran on
        # Qt's pool threads (a fatal error in testing). The results still return by queued signal.
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="gezinsdossier")
        self._tasks: dict[int, tuple[Task, QObject | None, OnDone | None, OnFailed | None]] = {}
        self._numbers = itertools.count(1)
        self._report.connect(self._finished, Qt.QueuedConnection)

    def run(self, owner: QObject, work, *args, on_done=None, on_failed=None, cancellable: bool = False,
            label: str = "", **kwargs) -> Task:
        """Run ``work(*args, **kwargs)`` on a worker thread. ``cancellable``: it takes ``cancel=`` (a token)."""
        token = CancelToken() if cancellable else None
        if token is not None:
            kwargs["cancel"] = token
        task = Task(next(self._numbers), work, args, kwargs, self._report, token=token, label=label)
        self._tasks[task.number] = (task, owner, on_done, on_failed)
        self.pool.submit(task)
        return task

    @Slot(int, bool, object)
    def _finished(self, number: int, ok: bool, value):
        task, owner, on_done, on_failed = self._tasks.pop(number)
        alive = owner is not None and shiboken6.isValid(owner)
        try:
            if alive and not task.cancelled:
                if ok and on_done is not None:
                    on_done(value)
                elif not ok and value is not None:
                    if on_failed is None:
                        raise value
                    on_failed(value)
        finally:
            if not self._tasks:
                self.idle.emit()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def stop_cancellable(self) -> list[str]:
        """Stop every running task that can be stopped; return the labels of those that cannot (they
        finish first)."""
        waiting = []
        for task, *_rest in list(self._tasks.values()):
            if task.cancellable:
                task.stop()
            else:
                waiting.append(task.label or "lopend werk")
        return waiting

    def when_idle(self, callback) -> None:
        """Call ``callback`` now, or as soon as no work is running."""
        if not self.busy:
            callback()
            return

        def once():
            self.idle.disconnect(once)
            owner = getattr(callback, "__self__", None)
            if not isinstance(owner, QObject) or shiboken6.isValid(owner):
                callback()

        self.idle.connect(once)


_runner: TaskRunner | None = None


def runner() -> TaskRunner:
    global _runner
    if _runner is None or not shiboken6.isValid(_runner):
        _runner = TaskRunner(QApplication.instance())
    return _runner
