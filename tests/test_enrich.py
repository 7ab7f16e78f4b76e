"""Stage 4: keywords, summaries and written titles."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.clean import clean, packaged_rules
from generator.config import SiteConfig
from generator.enrich.headline import headline
from generator.enrich.keywords import is_good_keyword
from generator.enrich.stage import enrich
from generator.enrich.terms import name_terms, sentence_tokens
from generator.enrich.title import write_title
from generator.model import Article
from generator.parse import parse
from generator.text import balanced, split_sentences

from .conftest import CONTENT, SEEDS, articles_in_memory
from .test_parse import seed


def article(key: str) -> Article:
    return enrich(clean(parse(seed(key)), packaged_rules()), SiteConfig())


def test_keyword_candidates_are_ranked_and_free_of_junk() -> None:
    for key in SEEDS:
        a = article(key)
        assert 3 <= len(a.keywords) <= 10, key
        assert a.keywords == tuple(c.text for c in a.signals.candidates[: len(a.keywords)])
        for c in a.signals.candidates[:10]:
            assert is_good_keyword(c.text), (key, c.text)
            assert not c.text.lower().endswith(("ly", "ing")) or c.proper, (key, c.text)
    assert "Lavrov" in " ".join(c.text for c in article("frontmatter").signals.candidates[:10])


def test_a_surname_merges_into_the_name_the_article_uses() -> None:
    from generator.enrich.keywords import extract_candidates

    text = ("Russian President Vladimir Putin met officials on Monday. Vladimir Putin said the talks went well. "
            "Putin later left for the airport, and Putin spoke to reporters there.")
    candidates = {c.text: c.mentions for c in extract_candidates("", text, "en")}
    assert candidates.get("Vladimir Putin") == 4 and "Putin" not in candidates and "President" not in candidates


def test_keywords_never_come_from_removed_cruft() -> None:
    words = " ".join(c.text for c in article("markdown").signals.candidates).lower()
    assert "translate" not in words and "newsletter" not in words and "disclaimer" not in words


def test_is_good_keyword_rejects_fragments() -> None:
    for bad in ["growing stronger", "causing concern", "of the", "2021", "the China", "America ’s", "begin to price",
                "China and Russia"]:
        assert not is_good_keyword(bad), bad
    for good in ["Sergei Lavrov", "missile warning system", "Bank of England", "Ukraine"]:
        assert is_good_keyword(good), good


def test_summary_is_whole_sentences_from_the_body_in_order() -> None:
    for key in SEEDS:
        a = article(key)
        assert len(a.summary) == 3, key
        positions = [a.text.find(s) for s in a.summary]
        assert all(p >= 0 for p in positions) and positions == sorted(positions), key
        assert all(re.search(r"[.!?][\"”’')]*$", s) for s in a.summary), key


def test_the_summary_of_sentences_split_once_is_the_summary_of_the_text() -> None:
    from generator.enrich.summary import summarise
    from generator.text import paragraph_sentences

    for key in SEEDS:
        text = clean(parse(seed(key)), packaged_rules()).text
        lines = text.split("\n")
        assert split_sentences(text) == [s for line in lines for s in paragraph_sentences(line)], key
        given = summarise(text, 3, [paragraph_sentences(line) for line in lines])
        assert given == summarise(text, 3) and len(given) == 3, key
        shifted = [[], *[paragraph_sentences(line) for line in lines[:-1]]]  # each line given another's sentences
        assert summarise(text, 3, shifted) != given, key


def test_untitled_article_gets_a_headline_not_a_cut_off_phrase() -> None:
    a = article("untitled")
    assert a.title_generated
    assert a.title == "The partnership between Russia and China is growing stronger"
    assert a.meta.title.origin == "written from the opening"
    assert not article("markdown").title_generated


@pytest.mark.parametrize(("lead", "expected"), [
    ("After a day of fighting, Congolese rebels said Sunday they had entered Kindu, the strategic town and airbase in "
     "eastern Congo used by the government to halt their advances.", "Congolese rebels said they had entered Kindu"),
    ("Prime Minister Benjamin Netanyahu appointed Ariel Sharon, a hawkish former defense minister, to be Israeli foreign "
     "minister on Friday in an effort to placate the far right.",
     "Prime Minister Benjamin Netanyahu appointed Ariel Sharon to be Israeli foreign minister"),
    ("The wife of former Chilean dictator Augusto Pinochet appealed for his release, saying he was too ill to stand trial.",
     "The wife of former Chilean dictator Augusto Pinochet appealed for his release"),
    ("Daniel Craig will do Stieg Larsson justice, film producer Soren Staermose has said.",
     "Daniel Craig will do Stieg Larsson justice"),
    ("Japanese industrial output fell in October while unemployment rose, casting further doubt on the recovery.",
     "Japanese industrial output fell in October while unemployment rose"),
    ("The world's biggest carmaker General Motors (GM) is recalling nearly 200,000 vehicles in the US on safety grounds.",
     "The world's biggest carmaker General Motors is recalling nearly 200,000 vehicles in the US"),
    ("As his lawyers in London tried to quash a Spanish arrest warrant for Gen. Augusto Pinochet, the former Chilean "
     "dictator, efforts began in Geneva and Paris to have him extradited.",
     "Efforts began in Geneva and Paris to have him extradited"),
    ("CenturyLink completed its acquisition of Denver-based Qwest on Friday, a $24 billion merger that uproots a historic "
     "Colorado icon but places the business in the hands of a respected, traditional telephone operator.",
     "CenturyLink completed its acquisition of Denver-based Qwest"),
    ("Washington • The nation's unemployment rate dropped to its lowest level in two years in March, the Labor Department said.",
     "The nation's unemployment rate dropped to its lowest level in two years in March"),
    ("Two United States service members have been killed in a helicopter crash in western Iraq, the US military said "
     "in a statement.", "Two United States service members have been killed in a helicopter crash"),
    ("At least 20 people were killed in floods in the north of the country, the disaster agency said on Tuesday.",
     "At least 20 people were killed in floods in the north of the country"),
    ("A day after shooting down a jetliner carrying 40 people, rebels clashed with government troops near an airstrip.",
     "Rebels clashed with government troops near an airstrip"),
    ("Canadian Ben Johnson left the Olympics today \"in a complete state of shock,\" accused of cheating with drugs in "
     "the world's fastest 100-meter dash and stripped of his gold medal.",
     'Canadian Ben Johnson left the Olympics "in a complete state of shock"'),
    ("PHOENIX - Grant Hill scored 19 points and the Phoenix Suns ended a four-game losing streak on Friday night.",
     "Grant Hill scored 19 points and the Phoenix Suns ended a four-game losing streak"),
    ("Facing his first real foreign policy test, Prime Minister Massimo D'Alema must decide what to do with Abdullah "
     "Ocalan, the Kurdish rebel leader.", "Prime Minister Massimo D'Alema must decide what to do with Abdullah Ocalan"),
    ("Beijing said on Monday it would send an envoy to Moscow, a foreign ministry spokesman said.",
     "Beijing said it would send an envoy to Moscow"),  # a name ending in "-ing" opens no clause
    ("Officials who met in Geneva on Sunday agreed to extend the ceasefire.",
     "Officials who met in Geneva agreed to extend the ceasefire"),  # the relative clause's verb, then the main one
    ("Police who had been searching for the boy found him alive.", "Police who had been searching for the boy found him alive"),
    # No headline: the subject is a pronoun after the opening clause, a name with no verb, a participle its only verb,
    # nothing named ("maybe" is no name).
    ("In a season of crashing banks, plunging rubles, bouncing paychecks and rotating governments, maybe it is not the "
     "ultimate insult.", None),
    ("Prime Minister Rafik Hariri's efforts to win a fourth term in office have run into trouble with the new "
     "president, aides said.", None),  # cut to "… efforts to win a fourth term": its verbs are no clause's own
    ("If Osama bin Laden ever stands trial in New York for the bombings of the U.S. embassies in Africa, it is already "
     "clear who prosecutors will call as a chief witness.", None),
    ("White House officials and gay Democrats, concerned that the nation's largest gay and lesbian political organization "
     "is about to endorse Sen. Alfonse D'Amato, are intensely lobbying the group.", None),
    ("A French United Nations official kidnapped in southern Russia more than 10 months ago has been freed and was flown "
     "to Moscow Saturday, news reports reported.", None),
    # A cut inside a relative clause leaves its verb alone, without the main one.
    ("A French United Nations official who was kidnapped in southern Russia more than 10 months ago was set free Saturday "
     "and flown to U.N. headquarters in Geneva.", None),
    ("The legal tool that the government is using in its assault on Microsoft Corp. is a century old and broadly worded "
     "by design.", None),
    ("Hours before China was expected to sign a key U.N. human rights treaty, police hauled a prominent campaigner in "
     "for questioning Monday.", "Police hauled a prominent campaigner in for questioning"),  # a span of time, uncounted
    ("The antitrust case against Microsoft Corp. in the federal courts is playing out in a crowded courtroom in "
     "Washington.", "The antitrust case against Microsoft Corp. in the federal courts is playing out"),  # a particle ends
    # A clause opened by "that" keeps its verb: not "A study has found that the U.S. death toll".
    ("A study has found that the U.S. death toll from a major hurricane could be far worse than previously predicted, "
     "the head of the National Hurricane Center said Tuesday.", None),
    ("Helicopters located the wreckage of a plane that crashed in the mountains on Sunday with 40 people aboard.",
     "Helicopters located the wreckage of a plane that crashed in the mountains"),
])
def test_headline_trims_a_lead_to_its_main_clause(lead: str, expected: str | None) -> None:
    assert headline(lead) == expected


def test_headline_takes_any_text() -> None:
    assert headline("") is None and headline("...") is None and headline("\u201e\u201c \u201a\u2018 \u2014 \u2013") is None
    trimmed = headline("Officials said, " + "the ministers, a group of envoys, " * 2000 + "met in Paris.")
    assert trimmed is not None and 4 <= len(trimmed.split()) <= 14 and trimmed.startswith("Officials said")


def test_write_title_prefers_a_trimmed_lead_to_keywords() -> None:
    text = ("The world's biggest carmaker General Motors (GM) is recalling nearly 200,000 vehicles in the US on safety "
            "grounds, the company said. Once past the welcome message, callers hang up after 65 seconds.")
    trimmed = "The world's biggest carmaker General Motors is recalling nearly 200,000 vehicles in the US"
    assert write_title(text, ("General Motors", "recall")) == trimmed
    assert write_title(text, ("General Motors", "recall"), "de") == "General Motors, recall"  # the rules are English


@pytest.mark.parametrize(("opening", "title"), [
    ("INVESTORS are being asked to provide money for a diamond mine.",
     "Investors are being asked to provide money for a diamond mine"),
    ("US gamers will be able to buy the console from 24 March.", "US gamers will be able to buy the console from 24 March"),
    ("WHO officials said the outbreak had been contained.", "WHO officials said the outbreak had been contained"),
])
def test_write_title_takes_a_house_style_capital_word_out_of_capitals(opening: str, title: str) -> None:
    assert write_title(opening + " More text follows here.", ()) == title


def test_write_title_takes_a_longer_headline_before_a_cut_off_line_or_keywords() -> None:
    text = ("Congolese rebels have taken their two-month campaign to oust President Laurent Kabila to the Internet. "
            "More text follows here.")
    whole = "Congolese rebels have taken their two-month campaign to oust President Laurent Kabila to the Internet"
    assert headline(text) is None and len(whole.split()) == 15  # too long for the first try
    assert write_title(text, ("Laurent Kabila", "rebels")) == whole
    assert write_title(text, (), clipped="Congolese rebels have taken their two-month campaign to oust") == whole
    assert write_title(text, ("Laurent Kabila", "rebels"), "de") == "Laurent Kabila, rebels"  # the rules are English
    longer = "Lawyers said " + " ".join(["word"] * 25) + " in court."
    assert write_title(longer, ("court", "lawyers")) == "Court and lawyers"  # nothing of 18 words or fewer


def test_a_headline_leaves_out_how_long_ago_a_past_event_was() -> None:
    lead = ("A French United Nations official kidnapped in southern Russia more than 10 months ago has been freed and was "
            "flown to Moscow Saturday, news reports reported. More text follows here.")
    assert write_title(lead, (), clipped="A French United Nations official kidnapped in southern Russia more than 10") == (
        "A French United Nations official kidnapped in southern Russia has been freed and was flown to Moscow")
    assert headline("Rebels who seized the town two weeks ago have withdrawn to the hills.") == (
        "Rebels who seized the town have withdrawn to the hills")


def test_write_title_cuts_only_at_clause_boundaries() -> None:
    long = ("Officials from both governments met on Tuesday in the capital, where they discussed energy, trade "
            "and the security of shipping lanes for several hours. More text follows.")
    assert write_title(long, ()) == "Officials from both governments met in the capital"
    run_on = " ".join(["word"] * 30) + "."
    assert write_title(run_on, ("Energy", "Trade")) == "Energy and Trade"
    assert write_title(run_on, ("extra year", "governance rules", "Changyu")) == "Extra year, governance rules and Changyu"
    assert write_title(run_on, ("iPhone sales", "Apple")) == "iPhone sales and Apple"


def test_sentence_splitter_keeps_abbreviations_and_initials() -> None:
    text = "M. K. Bhadrakumar wrote it. The U.S. and Gen. Li met on Monday. Prices rose 2.5 percent! Then what?"
    assert split_sentences(text) == ["M. K. Bhadrakumar wrote it.", "The U.S. and Gen. Li met on Monday.",
                                     "Prices rose 2.5 percent!", "Then what?"]


def test_a_sentence_keeps_its_closing_quote_and_bracket() -> None:
    text = 'The minister said "We will not retreat." Then he left (as planned.) Talks resume on Monday.'
    assert split_sentences(text) == ['The minister said "We will not retreat."', "Then he left (as planned.)",
                                     "Talks resume on Monday."]
    assert all(balanced(s) for s in split_sentences(text)), "a quoted sentence can stand in a brief"


def test_a_quotation_over_several_sentences_is_summarised_whole_or_not_at_all() -> None:
    from generator.enrich.summary import summarise
    from generator.text import balanced, whole_quotes

    quote = ['The minister said: "We will rebuild the harbour wall before winter.', "The money is there.",
             'Nobody will be left waiting."']
    assert whole_quotes(" ".join(quote)) == [" ".join(quote)]
    assert whole_quotes('He said: "This never ends. Not at all. Still on. And on. Plain words here.') == [
        "Plain words here."]
    text = "\n".join([
        "The storm closed the harbour at Dover for two days and stranded hundreds of lorries on the motorway.",
        " ".join(quote),
        'Officials said "the backlog" would clear by Sunday, and ferries resumed sailing on Thursday morning.',
        "Hauliers said the delays cost them thousands of pounds in missed deliveries across the country.",
    ])
    for count in (1, 2, 3):
        summary = summarise(text, count)
        assert summary and all(balanced(s) for s in summary), summary


def test_a_summary_never_opens_with_a_sentence_that_refers_back() -> None:
    from generator.enrich.summary import summarise, textrank
    from generator.text import content_words

    sentences = [
        "Uganda's authorities have banned a play due to open in the capital Kampala this weekend.",
        "The government said the play promoted and publicised acts of homosexuality in the country.",
        "But the organisers of the play in Kampala say the play raises awareness of abuse of women in the country.",
        "The organisers of the play in Kampala said they would raise money for the war-torn north of the country.",
        "Tickets for the play in Kampala had sold out within a week, the organisers of the play said.",
    ]
    text = " ".join(sentences)
    scores = textrank([set(content_words(s)) for s in sentences])
    assert max(range(5), key=scores.__getitem__) == 2, "the sentence that refers back is the most central"
    for count in (1, 2):
        summary = summarise(text, count)
        assert len(summary) == count and not summary[0].startswith("But"), summary
    assert summarise(text, 1, language="de") == (sentences[2],), "the word lists are English"
    opening = [sentences[2], *sentences[:2], *sentences[3:]]  # an article may open so itself
    assert summarise(" ".join(opening), 1) == (sentences[2],)


def test_the_quick_zipf_lookup_gives_wordfreqs_own_figures() -> None:
    """Plain lower-case English words skip wordfreq's tokeniser; every word gets wordfreq's figure."""
    import wordfreq

    from generator.enrich.words import zipf_frequency

    text = (CONTENT / "004_85046ec8f58ac665.txt").read_text(encoding="utf-8")
    words = {w.lower() for w in re.findall(r"[\w'’-]+", text)} | {"the", "qzxqzxq", "first-round", "Moscow", "café", "1990s"}
    assert len(words) > 200
    for word in sorted(words):
        assert zipf_frequency(word, "en") == wordfreq.zipf_frequency(word, "en"), word


def test_name_terms_are_the_words_written_capitalised_inside_sentences() -> None:
    text = ("The Storting met on Tuesday in Oslo. Halvorsen said the ferry deal was signed in March. "
            "Ferry operators said nothing. Oslo officials and Halvorsen's aides met the operators. Reform waits.")
    names = name_terms("Ferry row reaches the Storting", sentence_tokens(split_sentences(text))).split()
    assert names == sorted(names)
    assert {"storting", "oslo", "halvorsen"} <= set(names), "capitalised inside a sentence, in the title or the text"
    assert "ferry" not in names, "capitalised only where a sentence starts, lower case elsewhere"
    assert "reform" not in names, "a sentence's first word says nothing either way"
    assert "tuesday" not in names and "march" not in names, "months and weekdays name no one"
    german = "Der Minister besuchte am Dienstag die Fähre in Oslo. Die Fähre fuhr nicht."
    assert name_terms("", sentence_tokens(split_sentences(german)), "de") == "", "every German noun has a capital"
    shouted = "THE STORTING MET IN OSLO ON TUESDAY. HALVORSEN SAID THE DEAL WAS SIGNED. They thanked Halvorsen."
    assert name_terms("FERRY ROW", sentence_tokens(split_sentences(shouted))) == "halvorsen", "capitals throughout say nothing"


def test_a_headline_in_title_case_names_only_what_the_text_writes_as_names() -> None:
    text = ("Workers Try To Unload Stranded Tanker\n\nWorkers tried to unload the stranded tanker Exxon Valdez on "
            "Friday, officials in Valdez said. The crews will unload the oil into smaller ships.")
    (found,) = articles_in_memory({"tanker.txt": text})
    terms = found.signals.terms
    names = [term for term, mark in zip(terms.text.split(), terms.names, strict=True) if mark]
    assert "valdez" in names and "exxon" in names
    assert not {"unload", "stranded", "tanker", "try"} & set(names), "headline style, not names"



def test_word_tables_read_from_a_neighbour_language_print_nothing(tmp_path: Path) -> None:
    """A text detected as Afrikaans reads wordfreq's Dutch table; the build's output does not say so."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "repeat.txt").write_text("Huge line\n\n" + "word " * 400, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(content), "--output",
                          str(tmp_path / "site"), "--no-cache", "--jobs", "1"], capture_output=True, text=True,
                         cwd=tmp_path, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    assert "built 1 article" in run.stdout + run.stderr
    assert "word frequencies" not in run.stdout + run.stderr


def test_weekdays_and_months_of_other_languages_are_no_keywords() -> None:
    text = ("Le pont est fermé\n\nLe conseil municipal a voté mardi la fermeture du vieux pont pour des réparations. "
            "Les travaux commenceront en mars, a déclaré la maire Anne Dupont. Le conseil municipal se réunira "
            "mardi prochain.\n")
    (article,) = articles_in_memory({"fr.txt": text})
    assert article.meta.language.value == "fr"
    assert not [k for k in article.keywords if {"mardi", "mars"} & set(k.lower().split())], article.keywords


@pytest.mark.parametrize(("opening", "plain"), [
    ("INNSBRUCK, Austria (AP) -- Italian authorities turned back 136 people.", "Italian authorities turned back 136 people."),
    ("SIOUX FALLS, S.D. – People across the nation are talking.", "People across the nation are talking."),
    ("NEW DELHI : Their American dream shattered, they came home.", "Their American dream shattered, they came home."),
    ("April 1 (Bloomberg) - Hermes is in talks to sell its stake.", "Hermes is in talks to sell its stake."),
    ("THE FIGHT over the trade agreement is in its last week.", "The fight over the trade agreement is in its last week."),
    ("CONSIDER THE following case: a suspect is arrested.", "Consider the following case: a suspect is arrested."),
    # Names and acronyms in capitals, a pronoun and a text that is all dateline stay.
    ("GENERAL ACCIDENT said profits rose.", "GENERAL ACCIDENT said profits rose."),
    ("US gamers will buy it.", "US gamers will buy it."),
    ("WHO officials said so.", "WHO officials said so."),
    ("I — am not sure.", "I — am not sure."),
    ("WASHINGTON — ", "WASHINGTON — "),
])
def test_plain_opening_sets_house_style_aside(opening: str, plain: str) -> None:
    from generator.enrich.opening import plain_opening

    assert plain_opening(opening) == plain


def test_a_dateline_and_house_style_capitals_give_no_tags() -> None:
    body = ("The talks on the pipeline resumed after a week in which the ministers traded accusations over the "
            "pipeline tariffs. The pipeline consortium said the tariffs would rise next year.")
    articles = articles_in_memory({
        "wire.txt": "Pipeline talks resume\n\nINNSBRUCK, Austria (AP) -- " + body + "\n",
        "paper.txt": "Pipeline talks resume\n\nTHE FIGHT over the pipeline went on. " + body + "\n",
        "month.txt": "Pipeline talks resume\n\nLast December the pipeline closed. " + body + "\n",
    })
    tags = {a.source_file: {k.lower() for k in a.keywords} for a in articles}
    assert "pipeline" in " ".join(tags["wire.txt"])
    assert not {"innsbruck", "austria"} & tags["wire.txt"], tags
    assert "fight" not in tags["paper.txt"] and "last" not in tags["month.txt"], tags
