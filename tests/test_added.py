"""When content files were added: the first commit that holds them, else their modification time."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from generator.added import added_dates

from .conftest import build_folder


def commit(repo: Path, when: str, message: str) -> None:
    """Commit everything in ``repo`` at the given time."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org"}
    subprocess.run(["git", "-C", str(repo), "add", "."], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "commit", "-qm", message], check=True, env=env)


def test_a_file_was_added_when_first_committed_else_when_last_modified(tmp_path: Path) -> None:
    repo, content = tmp_path / "repo", tmp_path / "repo" / "content"
    (content / "sub").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (content / "a.txt").write_text("first\n", encoding="utf-8")
    commit(repo, "2021-01-02T03:04:05Z", "one")
    (content / "a.txt").write_text("first, edited\n", encoding="utf-8")
    (content / "sub" / "b.txt").write_text("second\n", encoding="utf-8")
    commit(repo, "2022-05-06T07:08:09Z", "two")
    (content / "new.txt").write_text("not committed yet\n", encoding="utf-8")
    os.utime(content / "new.txt", (1_700_000_000, 1_700_000_000))
    dates = added_dates(content, ["a.txt", "sub/b.txt", "new.txt"])
    assert dates == {"a.txt": datetime(2021, 1, 2, 3, 4, 5), "sub/b.txt": datetime(2022, 5, 6, 7, 8, 9),
                     "new.txt": datetime.fromtimestamp(1_700_000_000, UTC).replace(tzinfo=None)}


def test_undated_articles_are_fed_and_shown_with_the_date_they_were_added(tmp_path: Path) -> None:
    import feedparser

    content = tmp_path / "content"
    content.mkdir()
    (content / "undated.txt").write_text("Harbour reopens\n\nThe harbour reopened on Thursday after the storm that "
                                         "closed it for two days, the port authority said.\n", encoding="utf-8")
    os.utime(content / "undated.txt", (1_700_000_000, 1_700_000_000))
    site = tmp_path / "site"
    build_folder(content, site)
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo and parsed.entries[0].updated.startswith("2023-11-14")
    page = (site / "articles" / "harbour-reopens" / "index.html").read_text(encoding="utf-8")
    assert '<time datetime="2023-11-14" data-pagefind-meta="date">added 14 November 2023</time>' in page


def test_an_undated_article_is_listed_by_when_it_was_added(tmp_path: Path) -> None:
    """Lists, feeds, the archive and the search order place an undated article by the date they
    show for it (when its file was added), among the dated ones, not after the oldest."""
    content = tmp_path / "content"
    content.mkdir()
    for name, date in (("older", "2023-01-10"), ("newer", "2024-06-01")):
        (content / f"{name}.md").write_text(f"---\ntitle: Harbour news {name}\ndate: {date}\n---\n\nThe harbour "
                                            f"authority reported {name} figures on cargo and ferries this week.\n",
                                            encoding="utf-8")
    (content / "undated.txt").write_text("Harbour reopens\n\nThe harbour reopened on Thursday after the storm that "
                                         "closed it for two days, the port authority said.\n", encoding="utf-8")
    os.utime(content / "undated.txt", (1_700_000_000, 1_700_000_000))  # 14 November 2023: between the two
    site = tmp_path / "site"
    build_folder(content, site)
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert [i["_briefing"]["source_file"] for i in feed["items"]] == ["newer.md", "undated.txt", "older.md"]
    atom = (site / "feed.xml").read_text(encoding="utf-8")
    assert atom.index("Harbour news newer") < atom.index("Harbour reopens") < atom.index("Harbour news older")
    archive = (site / "archive" / "index.html").read_text(encoding="utf-8")
    assert "Undated" not in archive and archive.index("November 2023") < archive.index("Harbour reopens")
    sort = re.compile(r'data-pagefind-sort="date"[^>]*>([^<]+)<')
    keys = {name: sort.findall((site / "articles" / slug / "index.html").read_text(encoding="utf-8"))[0]
            for name, slug in (("newer", "harbour-news-newer"), ("undated", "harbour-reopens"),
                               ("older", "harbour-news-older"))}
    assert keys["newer"] > keys["undated"] > keys["older"] and keys["undated"].startswith("2023-11-14"), keys
