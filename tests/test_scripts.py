"""Articles in other scripts than the Latin alphabet.

Chinese and Japanese, which put no spaces between words, are built, not refused: words are
counted one character each (as word processors count them), sentences end at the ideographic
full stop, and story grouping, related articles and summaries compare two-character pieces
(:func:`generator.text.unspaced_bigrams`). No keyword is made of them: without a word segmenter a
tag would be a whole clause. In every script, slugs are spelled in ASCII, so two tags or articles
never share an address because ASCII could not spell their names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.clean.meta import _looks_like_title
from generator.enrich.words import stop_words, unspaced_zipf
from generator.text import article_slug, guess_language, slugify, split_sentences, word_count, words

from .conftest import FIXTURES, build_folder, read_feed

UNSPACED = FIXTURES / "unspaced"
HAN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_words_are_counted_one_character_each_where_no_spaces_part_them() -> None:
    assert word_count("会议讨论减少温室气体排放的问题。") == 15  # the full stop is no word
    assert word_count("G20峰会在东京 Tokyo 举行") == 9  # "G20", six characters, "Tokyo", and "举行" as two
    assert word_count("The café — opened today") == 5  # elsewhere, what lies between spaces


def test_sentences_end_at_the_danda_the_arabic_question_mark_and_before_uncapitalised_letters() -> None:
    hindi = (FIXTURES / "scripts" / "hi.txt").read_text(encoding="utf-8").split("\n\n")[1]
    assert len(split_sentences(hindi)) == 3 and all(s.endswith("।") for s in split_sentences(hindi))
    assert words("समर्थन किया")== ["समर्थन", "किया"]  # vowel signs stay in their words
    assert len(split_sentences((FIXTURES / "scripts" / "ru.txt").read_text(encoding="utf-8"))) == 3


def test_sentences_end_at_the_ideographic_full_stop_with_their_closing_quotes() -> None:
    text = "「他说：你好。」然后走了。它有几个句子！The U.S. said so. Next."  # noqa: RUF001 (the fullwidth marks are the point)
    assert split_sentences(text) == ["「他说：你好。」", "然后走了。", "它有几个句子！", "The U.S. said so.", "Next."]  # noqa: RUF001


def test_chinese_is_compared_in_character_pairs_and_a_pair_across_two_words_counts_as_common() -> None:
    assert words("北京举行会议") == ["北京", "京举", "举行", "行会", "会议"]
    assert words("Beijing 北京 talks") == ["beijing", "北京", "talks"]
    assert unspaced_zipf("北京") > 5  # a word: its own frequency
    assert unspaced_zipf("的国") > 4  # two common characters meet often by chance ("的国家")
    assert unspaced_zipf("京举") < 1  # two rarer ones seldom do


def test_a_first_line_in_a_script_without_capitals_can_be_the_title() -> None:
    assert _looks_like_title("气候会议在北京开幕")
    assert _looks_like_title("عنوان الخبر")
    assert not _looks_like_title("气候会议在北京开幕。")  # a sentence, not a headline
    assert not _looks_like_title("the lower-case start of a sentence")


def test_slugs_spell_every_script_in_ascii_and_fall_back_to_the_file_name() -> None:
    assert article_slug("气候会议在北京开幕", "news/zh2.txt") == "qi-hou-hui-yi-zai-bei-jing-kai-mu"  # a syllable a character
    assert slugify("Владимир Путин") == "vladimir-putin"
    assert slugify("Straße in Łódź") == "strasse-in-lodz"  # letters no accent hides are spelled, not dropped
    assert slugify("Café society") == "cafe-society"
    assert slugify("समर्थन") != slugify("서울") and slugify("समर्थन") and slugify("서울")  # two tags, two pages
    assert article_slug("!!!", "news/zh2.txt") == "zh2"


def test_chinese_and_japanese_articles_are_built_grouped_and_summarised(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(UNSPACED, content)
    site = tmp_path / "site"
    result = build_folder(content, site)
    assert result.problems == (), result.problems
    items = {i["_briefing"]["source_file"]: i for i in read_feed(site)["items"]}
    assert set(items) == {"zh1.md", "zh2.txt", "zh3.txt", "ja1.txt"}
    assert items["zh2.txt"]["title"] == "气候会议在北京开幕"  # its first line
    assert items["ja1.txt"]["title"] == "東京で国際会議が開幕"
    assert items["zh2.txt"]["url"].endswith("/articles/qi-hou-hui-yi-zai-bei-jing-kai-mu/")
    for item in items.values():
        assert item["summary"] and all(HAN.search(s) for s in re.split(r"(?<=。)\s*", item["summary"]) if s)
        assert item["summary"].endswith("。")
        assert not any(HAN.search(t) for t in item["tags"]), item["tags"]  # no clause passes for a tag
    assert items["zh1.md"]["_briefing"]["hubs"] and items["zh1.md"]["_briefing"]["hubs"] == items["zh2.txt"]["_briefing"]["hubs"]
    assert not items["zh3.txt"]["_briefing"]["hubs"] and not items["ja1.txt"]["_briefing"]["hubs"]
    assert items["zh2.txt"]["id"] in items["zh1.md"]["_briefing"]["related"]
    page = (site / "articles" / "qi-hou-hui-yi-zai-bei-jing-kai-mu" / "index.html").read_text(encoding="utf-8")
    assert '<article class="article" lang="zh"' in page


def test_tags_in_cyrillic_greek_and_devanagari_keep_pages_of_their_own(tmp_path: Path) -> None:
    """Each tag's slug spells its name (a Russian, a Greek and a Hindi report's tags were all one
    "tag"); no tag holds a stop word of its article's language ("ремонт после того"), and a
    Hindi word keeps its vowel signs (it was cut at each: "समर्थन" gave the tag "समर")."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "scripts", content)
    site = tmp_path / "site"
    assert build_folder(content, site).problems == ()
    items = {i["_briefing"]["source_file"]: i for i in read_feed(site)["items"]}
    assert items["ru.txt"]["url"].endswith("/articles/most-zakryt-na-remont/")  # "Мост закрыт на ремонт"
    slugs = [s for i in items.values() for s in i["_briefing"]["tag_slugs"]]
    assert len(slugs) >= 4 and len(set(slugs)) == len(slugs), slugs
    for name, item in items.items():  # each article's tags are its own words, none of them a stop word
        text = (content / name).read_text(encoding="utf-8")
        assert item["tags"] and all(t in text for t in item["tags"]), (name, item["tags"])
        stop = stop_words(name.split(".")[0])
        assert stop and not [t for t in item["tags"] if set(t.lower().split()) & stop], (name, item["tags"])
        whole = set(re.findall(r"[^\s,.।]+", text.lower()))
        assert all(set(t.lower().split()) <= whole for t in item["tags"]), (name, item["tags"])  # whole words
        assert item["summary"], name
    assert items["hi.txt"]["summary"].count("।") >= 2  # sentences end at the danda


def test_plain_english_is_told_without_the_language_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """English prose (a fifth or more of its words English function words) is English without
    the model; anything else, French or English too short to tell, still asks the model."""
    import py3langid

    asked: list[str] = []

    def classify(sample: str) -> tuple[str, float]:
        asked.append(sample)
        return "xx", 1.0

    monkeypatch.setattr(py3langid, "classify", classify)
    english = ("The council voted on Tuesday to close the old bridge over the river, and the work on a new "
               "one is to start in the spring, according to a statement from the mayor's office that was "
               "published after the meeting.")
    french = ("Le conseil municipal a voté mardi la fermeture du vieux pont sur la rivière, et les travaux "
              "d'un nouvel ouvrage doivent commencer au printemps, selon un communiqué de la mairie publié "
              "après la réunion.")
    assert len(words(english)) >= 30 and guess_language(english) == "en" and asked == []
    assert guess_language(french) == "xx" and len(asked) == 1
    assert guess_language("The council voted on Tuesday to close the bridge.") == "xx" and len(asked) == 2
