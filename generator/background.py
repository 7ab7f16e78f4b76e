"""Work in a forked process while this one goes on.

The corpus stages hold the whole corpus in memory, and a second process started afresh would
have to be sent all of it. A forked child already has it (shared, copy-on-write), so a part of a
stage that needs only a small answer from it (which articles make a story) runs there, on the
other core, while this process does the rest. Where the platform does not fork, or the child
fails in any way, the work runs here instead: the result is the same, only later.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """``work`` started in a forked child where possible; :meth:`result` waits for its answer."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self._process: multiprocessing.process.BaseProcess | None = None
        self._answer: Connection | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        try:
            self._process = context.Process(target=_answer, args=(work, send), daemon=True)
            self._process.start()
        except OSError:  # no process to be had: the work runs in this one
            self._process = None
            receive.close()
        else:
            self._answer = receive
        finally:
            send.close()

    def result(self) -> T:
        """The work's result: the child's answer, or the work done here if there is none."""
        if self._process is None or self._answer is None:
            return self.work()
        try:
            outcome = self._answer.recv()
        except (EOFError, OSError, pickle.UnpicklingError):
            outcome = None  # the child died without an answer
        finally:
            self._answer.close()
            self._process.join()
        if isinstance(outcome, tuple) and len(outcome) == 2 and outcome[0] == "done":
            answer: T = outcome[1]
            return answer
        return self.work()  # it failed there: here it fails (or not) with its own error


def _answer(work: Callable[[], object], send: Connection) -> None:
    """In the child: send back ``("done", result)``, or ``("failed", None)``; then end at once,
    without the interpreter's exit (which would flush buffers a thread of the parent may have
    held when it forked)."""
    try:
        outcome: tuple[str, object] = ("done", work())
    except BaseException:  # the parent redoes the work and sees the error itself
        outcome = ("failed", None)
    try:
        send.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):
        send.send(("failed", None))
    finally:
        send.close()
        os._exit(0)
