"""Work in a forked process: the same result as the work done here, whatever becomes of the child."""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest

from generator.background import Background

PARENT = os.getpid()


def where() -> tuple[str, int]:
    return ("answer", os.getpid())


def test_the_work_runs_in_a_child_and_its_result_comes_back() -> None:
    answer, pid = Background(where).result()
    assert answer == "answer" and pid != os.getpid()


def test_a_child_that_dies_without_an_answer_leaves_the_work_to_this_process() -> None:
    def dies_there() -> int:
        if os.getpid() != PARENT:
            os._exit(3)
        return os.getpid()

    assert Background(dies_there).result() == PARENT


def test_a_failure_in_the_child_is_seen_here_as_the_works_own_error() -> None:
    calls: list[int] = []

    def fails() -> int:
        calls.append(os.getpid())  # the child's append stays in the child
        raise ValueError("no stories")

    with pytest.raises(ValueError, match="no stories"):
        Background(fails).result()
    assert calls == [PARENT]  # done again here, where the error is raised


def test_a_result_that_cannot_be_sent_back_is_made_here() -> None:
    def lock_there() -> object:
        return threading.Lock() if os.getpid() != PARENT else "made here"

    assert Background(lock_there).result() == "made here"


def test_without_fork_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert Background(where).result() == ("answer", os.getpid())
