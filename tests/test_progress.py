"""Progress lines name each step with the pipeline's own stage numbers (1 discover … 8 search)."""

from __future__ import annotations

import io

from generator.progress import PlainProgress


def test_plain_progress_numbers_steps_as_the_pipeline_does() -> None:
    stream = io.StringIO()
    progress = PlainProgress(stream)
    for name, total in (("discover", None), ("articles", 3), ("group", None), ("render", None), ("write", None),
                        ("search", None)):
        with progress.stage(name, total) as advance:
            advance(1)
    assert stream.getvalue().splitlines() == ["[1/8] discover", "[2-4/8] articles (3 files)", "[5/8] group",
                                              "[6/8] render", "[7/8] write", "[8/8] search"]
