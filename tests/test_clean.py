"""Stage 3: the cleaner removes cruft by named rules, repairs text and finds metadata."""

from __future__ import annotations

import pytest

from generator.clean import clean, packaged_rules, rejoin_broken
from generator.clean.meta import parse_date
from generator.clean.rules import RuleError, apply_rules, rule_from_mapping
from generator.model import Block, CleanDoc
from generator.parse import parse

from .test_parse import seed, source

RULES = packaged_rules()


def cleaned(key: str) -> CleanDoc:
    return clean(parse(seed(key)), RULES)


def removed_by(doc: CleanDoc, rule: str) -> list[str]:
    return [r.text for r in doc.removed if r.rule == rule]


def test_captions_images_and_editors_note_leave_the_cgtn_body() -> None:
    doc = cleaned("frontmatter")
    assert "Red Square" not in doc.text and "/Xinhua" not in doc.text
    assert "Editor's note" not in doc.text and "opinions@cgtn.com" not in doc.text
    assert doc.text.startswith("Russian Foreign Minister Sergei Lavrov kicks off his China visit Monday.")
    assert removed_by(doc, "caption") and removed_by(doc, "editors-note-disclaimer") and removed_by(doc, "contact-line")


def test_cgtn_metadata_tells_author_from_section_and_outlet() -> None:
    meta = cleaned("frontmatter").meta
    assert meta.author.value == "Andrew Korybko" and meta.author.origin == "editor's note"
    assert meta.section.value == "CGTN - Opinions"
    assert meta.outlet.value == "CGTN"
    assert meta.date.value == "2021-03-22T00:57:29"
    assert meta.kind.value == "opinion"


def test_reader_comment_thread_is_cut_off_whole() -> None:
    doc = cleaned("comments")
    assert doc.text.endswith("the newspaper concluded.")
    assert "Offline" not in doc.text and "steelmaker" not in doc.text
    assert len(removed_by(doc, "comment-thread")) > 10
    assert doc.meta.title.value == "Korea Times: Russia and China are rapidly forming anti-Western alliance"
    assert doc.meta.original_source.value == "The Korea Times"


def test_wordpress_tail_and_spliced_credit_are_removed() -> None:
    doc = cleaned("wordpress")
    assert "Related Posts" not in doc.text and "Leave a Reply" not in doc.text
    assert "(credit: REUTERS)" not in doc.text
    assert doc.text.endswith("international affairs in the years ahead.")


def test_global_research_dump_loses_every_promo_and_keeps_its_metadata() -> None:
    doc = cleaned("markdown")
    for cruft in ["Translate Website", "Daily Newsletter", "share button", "Note to readers", "Featured image",
                  "original source of this article", "Copyright", "Disclaimer", "fair use", "media inquiries",
                  "First published", "Region:", "Theme:", "***"]:
        assert cruft not in doc.text, cruft
    meta = doc.meta
    assert meta.title.value == "China, Russia Circle Wagons in Asia-Pacific"
    assert meta.author.value == "M. K. Bhadrakumar"
    assert meta.outlet.value == "Global Research"
    assert meta.original_source.value == "Indian Punchline"
    assert meta.date.value == "2023-04-23T00:00:00"
    assert meta.kind.value == "repost"
    assert "military cooperation plays an important role in Russia-China relations" in doc.text


def test_untitled_text_keeps_its_first_line_as_body() -> None:
    doc = cleaned("untitled")
    assert doc.meta.title.value is None
    assert doc.text.startswith("The partnership between Russia and China is growing stronger")


def test_rejoin_broken_paragraphs_only_mid_sentence() -> None:
    blocks = (Block("paragraph", "It plays an"), Block("paragraph", "important role."), Block("paragraph", "New one."),
              Block("paragraph", "and this starts lower but follows a full stop."))
    joined = rejoin_broken(blocks)
    assert [b.text for b in joined] == ["It plays an important role.", "New one.",
                                        "and this starts lower but follows a full stop."]


def test_rules_record_what_they_removed() -> None:
    rules = (
        rule_from_mapping({"name": "tail", "action": "drop_rest", "pattern": "^the end$"}, "test"),
        rule_from_mapping({"name": "credit", "action": "cut", "pattern": r"\s*\(credit: [^)]+\)"}, "test"),
    )
    prose = " ".join(["The talks went on."] * 16)
    blocks = (Block("paragraph", f"{prose} (credit: AP)"), Block("paragraph", "The end"), Block("paragraph", "Gone"))
    kept, removed = apply_rules(blocks, rules)
    assert [b.text for b in kept] == [prose]
    assert [(r.rule, r.text) for r in removed] == [("credit", "(credit: AP)"), ("tail", "The end"), ("tail", "Gone")]


def test_the_article_cannot_end_before_it_began() -> None:
    rules = (rule_from_mapping({"name": "tail", "action": "drop_rest", "pattern": "^comments$"}, "test"),)
    blocks = (Block("paragraph", "Comments"), Block("paragraph", "The article starts here and goes on."))
    kept, removed = apply_rules(blocks, rules)
    assert [b.text for b in kept] == ["The article starts here and goes on."]
    assert [(r.rule, r.text) for r in removed] == [("tail", "Comments")]


def test_drop_list_takes_the_headlines_under_a_teaser_heading() -> None:
    rules = (rule_from_mapping({"name": "box", "action": "drop_list", "pattern": "^related$"}, "test"),)
    blocks = (Block("heading", "Related"), Block("paragraph", "Ports reopen after the storm"),
              Block("paragraph", "Cranes back at work in Rotterdam…"), Block("paragraph", "The article goes on here."))
    kept, removed = apply_rules(blocks, rules)
    assert [b.text for b in kept] == ["The article goes on here."]
    assert [r.rule for r in removed] == ["box", "box", "box"]


@pytest.mark.parametrize("rule,message", [
    ({"name": "x", "action": "drop", "colour": "red"}, "unknown key(s) colour"),
    ({"name": "x", "action": "explode"}, "action must be one of"),
    ({"name": "x", "action": "drop", "pattern": "("}, "not a valid regular expression"),
    ({"action": "drop"}, "needs a name"),
    ({"name": "x", "action": "cut", "pattern": "a$", "tail": 0}, "tail must be a positive whole number"),
    ({"name": "x", "action": "cut", "pattern": "a$", "tail": "end"}, "tail must be a positive whole number"),
])
def test_bad_rules_are_named(rule: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        rule_from_mapping(rule, "site config")


def test_a_rule_with_a_tail_reads_only_the_end_of_a_block() -> None:
    rule = rule_from_mapping({"name": "x", "why": "y", "action": "cut", "pattern": "sign-off", "tail": 20}, "site config")
    early = Block("paragraph", "A sign-off in the opening words of a paragraph that goes on for a while longer.")
    late = Block("paragraph", "A paragraph that goes on for a while and ends in a sign-off")
    assert not rule.matches(early, 0.0) and rule.matches(late, 0.0)


@pytest.mark.parametrize(("ending", "cut"), [
    (" Copyright 2011 The Salt Lake Tribune. All rights reserved. This material may not be published, broadcast, "
     "rewritten or redistributed.", "copyright-tail"),
    (" © Evalynn J. Saeyang - Gather Inc. 2011", "copyright-tail"),
    (" © Copyright: News Today Online by Kate James at Gather.com", "copyright-tail"),
    (" Editors: Philip Sanders, Karl Maier To contact the reporter on this story: Olivier Monnier in Abidjan at "
     "omonnier@bloomberg.net", "contact-the-reporter"),
    (" broderick.turner@latimes.com", "email-sign-off"),
    (" Check out more of the latest Celebrity and TV news here!", "closing-call-to-action"),
    (" Click here to read the full report from the CDC.", "closing-call-to-action"),
    (" Advertisement", "trailing-advert-label"),
    (" Want to read more Crime Examiner articles? Then subscribe to receive continuous updates as articles are published.",
     "read-more-subscribe"),
])
def test_a_notice_glued_to_the_end_of_a_paragraph_is_cut_and_the_paragraph_stays(ending: str, cut: str) -> None:
    long = f"{BODY} {BODY}"  # a whole text on one line, as some exports write it: past a short block's rules
    text = f"Bridge closed for repairs\n\n{BODY}\n\n{long}{ending}\n\n{BODY} The end.\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert [b.text for b in doc.blocks] == [BODY, long, f"{BODY} The end."]
    assert [r.text for r in doc.removed if r.rule == cut] == [ending.strip()]


def test_wire_links_and_update_notes_are_cut_wherever_they_recur() -> None:
    links = " (BAC.N: Quote, Profile, Research, Stock Buzz)"
    lead = ("(Updates with Les Echos report starting in second paragraph.) April 1 (Bloomberg) - Bank of America"
            f"{links} led the table, ahead of Morgan Stanley (MS.N: Quote, Profile, Research) and Citi{links}. {BODY}")
    doc = clean(parse(source(f"Underwriters ranked\n\n{lead}\n\n{BODY} The end.\n".encode())), RULES)
    assert doc.blocks[0].text == f"April 1 (Bloomberg) - Bank of America led the table, ahead of Morgan Stanley and Citi. {BODY}"
    assert len([r for r in doc.removed if r.rule == "stock-quote-links"]) == 3
    notes = [r.text for r in doc.removed if r.rule == "update-note"]
    assert notes == ["(Updates with Les Echos report starting in second paragraph.)"]


def test_an_advert_label_between_sentences_is_cut() -> None:
    text = f"Bridge closed\n\n{BODY}\n\n{BODY} Advertisement How long will the work take? {BODY}\n\n{BODY} The end.\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert f"{BODY} How long will the work take? {BODY}" in [b.text for b in doc.blocks]
    assert [r.text for r in doc.removed if r.rule == "advert-label"] == ["Advertisement"]


def test_an_article_pointing_to_its_own_list_keeps_that_sentence() -> None:
    intro = "Check out our picks for the 10 best early Black Friday deals on Apple products below."
    text = f"Deals on Apple products\n\n{BODY}\n\n{BODY} {BODY} {intro}\n\n{BODY} The end.\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert f"{BODY} {BODY} {intro}" in [b.text for b in doc.blocks]


def test_packaged_rules_have_unique_names_and_reasons() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.why for r in RULES)


@pytest.mark.parametrize("text,iso", [
    ("Mon, 22 Mar 2021 00:57:29 GMT", "2021-03-22T00:57:29"), ("April 23, 2023", "2023-04-23T00:00:00"),
    ("23 April 2023", "2023-04-23T00:00:00"), ("2020-12-09", "2020-12-09T00:00:00"),
    ("2021-03-22T02:57:29+02:00", "2021-03-22T00:57:29"),
])
def test_dates_in_the_formats_sources_use(text: str, iso: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and parsed.isoformat() == iso


@pytest.mark.parametrize("text", ["not-a-date", "", "April 99, 2023", "0001-01-01"])
def test_unparseable_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


def test_a_file_with_nothing_but_cruft_is_refused() -> None:
    from generator.model import StageError

    with pytest.raises(StageError, match="no article text"):
        clean(parse(source(b"Related Posts\nLeave a Reply\n")), RULES)


PROSE = ("The harbour authority said ferries would sail again on Thursday after the storm that closed the port "
         "for two days, and that the backlog of lorries on the motorway would take until the weekend to clear.")


def test_a_page_dump_takes_the_headline_above_the_article_as_its_title() -> None:
    menu = "\n".join(f"* [{w}](https://example.org/{w.lower()})" for w in ("Home", "World", "Business", "Sport"))
    teasers = "\n\n".join(f"## [Other story {n}](https://example.org/{n})" for n in range(3))
    dump = (f"# Example Daily\n\n{menu}\n\n{teasers}\n\n" + "\n\n".join(f"[link {n}](https://example.org/x{n})" for n in range(8))
            + f"\n\n# Storm closes the port of Dover for two days\n\n{PROSE}\n\n{PROSE}\n\n© 2024 Example Daily\n")
    doc = clean(parse(source(dump.encode(), "dump.md")), RULES)
    assert doc.meta.title.value == "Storm closes the port of Dover for two days"
    assert removed_by(doc, "title") == ["Storm closes the port of Dover for two days"]
    assert doc.text.startswith("The harbour authority") and "Example Daily" not in doc.text
    titled = clean(parse(source(f"---\ntitle: Given title\n---\n{dump}".encode(), "titled.md")), RULES)
    assert titled.meta.title.value == "Given title", "a title the file states wins"


def test_a_text_dump_whose_first_line_opens_with_a_quote_has_it_as_title() -> None:
    text = f"'The Medium is the Message': a light festival opens\n\n{PROSE}\n\n{PROSE}\n"
    doc = clean(parse(source(text.encode(), "quote.txt")), RULES)
    assert doc.meta.title.value == "'The Medium is the Message': a light festival opens"
    assert doc.text.startswith("The harbour authority")


def test_date_only_lines_and_capitalised_promo_labels_leave_the_body() -> None:
    blocks = tuple(Block("paragraph", t) for t in (
        PROSE, "Nov. 18, 2019 7:04 pm ET", "Wednesday 20 Nov 2019", "November 19, 2019 at 6:34 am", "2019-11-20",
        "DON'T MISS Plague warning: CDC names eight deadly diseases [WARNING]", "READ MORE Storm latest",
        "MORE than 100 ferries were cancelled on November 18, 2019 as the storm hit.", PROSE))
    kept, removed = apply_rules(blocks, RULES)
    assert [b.text for b in kept] == [PROSE, "MORE than 100 ferries were cancelled on November 18, 2019 as the storm hit.", PROSE]
    assert [r.rule for r in removed] == ["date-line"] * 4 + ["caps-teaser-label"] * 2


def test_a_plain_list_inside_the_article_stays_and_menus_around_it_do_not() -> None:
    from generator.clean.region import main_region

    menu = tuple(Block("list_item", w) for w in ("Home", "World", "Sport", "Business", "Culture"))
    links = tuple(Block("list_item", f"Other story number {n} today", links=1.0) for n in range(6))
    teams = tuple(Block("list_item", f"Team {n} (Group {n}): tenth appearance") for n in range(20))
    blocks = (*menu, Block("paragraph", PROSE), *teams, Block("paragraph", PROSE), *links)
    region, removed = main_region(blocks)
    assert region == [blocks[5], *teams, blocks[26]]
    assert len(removed) == len(menu) + len(links)


def test_a_teaser_list_shown_twice_and_everything_above_the_headline_leave_the_article() -> None:
    from generator.clean.region import main_region

    teasers = tuple(Block("list_item", f"Story {n} headline NEW DELHI: {PROSE}", links=0.25) for n in range(6))
    article = (Block("heading", "Deportees return home"), Block("paragraph", "November 20"),
               Block("paragraph", PROSE), Block("paragraph", PROSE + " Again."))
    blocks = teasers + article + (Block("heading", "Related"),) + teasers
    region, removed = main_region(blocks, "Deportees return home")
    assert region == list(article[2:])  # from the first paragraph under the headline (the headline is the title)
    assert len(removed) == 2 * len(teasers) + 3
    # Without the title the repeated teasers still go; the same headline in a list below is no anchor.
    trending = (Block("heading", "Trending"), Block("heading", "Deportees return home"), Block("paragraph", "by A. Writer"),
                Block("heading", "Another story"), Block("paragraph", "by B. Writer"), Block("paragraph", PROSE + " Too."))
    region, _removed = main_region((Block("paragraph", PROSE), *trending), "Deportees return home")
    assert region[0].text == PROSE


# Rules that remove what the brief calls cruft even where a benchmark's truth keeps it as body text.
CRUFT_BY_DESIGN = {"copyright", "copyright-footer", "copyright-tail", "first-published", "disclaimer", "featured-image",
                   "spliced-caption", "photo-credit", "media-label", "source-line", "teaser-box"}


def test_no_rule_removes_a_true_body_line_of_the_committed_truths() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.rule_safety import hits, true_lines

    fixtures = Path(__file__).parent / "fixtures"
    lines = true_lines([fixtures / "cleaning" / "truth", fixtures / "seeds-truth"], [fixtures / "stories" / "articles"])
    assert len(lines) > 500
    unsafe = {name: where for name, where in hits(lines).items() if name not in CRUFT_BY_DESIGN}
    assert not unsafe, unsafe


def test_subscription_dialogs_leave_the_body() -> None:
    rules = packaged_rules()
    dialog = ["Stay up to date with Ascom.", "No thanks", "You have succesfully subscribed. Thank you!",
              "An email with an activation link has just been sent to your email address."]
    body = ["She wanted to share this moment with the readers who wrote in.",
            "Rowley said other states cannot send us the forces they normally deploy."]
    kept, removed = apply_rules(tuple(Block("paragraph", t) for t in dialog + body), rules)
    assert [b.text for b in kept] == body and len(removed) == len(dialog)


def test_metadata_lines_player_text_and_interest_boxes_leave_the_body() -> None:
    cruft = ["Author: Practical Horseman Editorial Staff Publish date: Oct 4, 2018", "Thanks for watching!Visit Website",
             "New Delhi , News Nation Bureau | Updated : 19 November 2019, 09:01 AM", "CLICK HERE TO GET THE FOX NEWS APP",
             "You may also be interested in...", "related news"]
    body = ["The author of the report said the date of the vote had not been set.",
            "Thanks to the volunteers, the shelter reopened within a week of the flood."]
    kept, removed = apply_rules(tuple(Block("paragraph", t) for t in body + cruft), packaged_rules())
    assert [b.text for b in kept] == body and len(removed) == len(cruft)


def test_a_file_whose_prose_the_rules_took_keeps_its_prose_with_a_warning() -> None:
    greedy = rule_from_mapping({"name": "site-greedy", "why": "A site rule gone wrong.", "pattern": "harbour|ferries",
                                "action": "drop"}, "test")
    doc = clean(parse(source(f"Ferries sail again\n\n{PROSE}\n\n{PROSE} Again.\n".encode())), (greedy, *RULES))
    assert [b.text for b in doc.blocks] == [PROSE, PROSE + " Again."]
    assert any(w.stage == "clean" and "are kept instead" in w.text for w in doc.warnings), doc.warnings


def test_a_press_release_ends_at_its_company_boilerplate() -> None:
    body = ["BAAR, SWITZERLAND",
            "Ascom and GE Healthcare announced a distribution partnership for intensive care units on Monday.",
            "The company is a new supplier for the region, the agency said, and its shares rose.",
            "Acme is a global provider of pumps, said the report, which named no buyer.",
            "Clinicians will see alarms from every device at the bedside and on a handheld.",
            "Each patient in an intensive care unit is wired to as many as ten machines, from monitors to pumps, "
            "and most of the alarms they raise need no one to act on them, the hospital's nurses said."]
    tail = ["Ascom is a global solutions provider focused on healthcare ICT and mobile workflow solutions.",
            "Ascom is headquartered in Baar (Switzerland) and employs around 1,300 people worldwide.",
            "Ascom News Service"]
    kept, removed = apply_rules(tuple(Block("paragraph", t) for t in body + tail), packaged_rules())
    assert [b.text for b in kept] == body
    assert {r.rule for r in removed} == {"company-boilerplate"} and len(removed) == len(tail)
    heading = tuple(Block("paragraph", t) for t in [*body, "About GiveWell", "GiveWell finds charities."])
    assert [b.text for b in apply_rules(heading, packaged_rules())[0]] == body


def shopping_page(items: int, call: str = "Buy Now") -> bytes:
    """A text dump of a deals article: menu, byline, an introduction, ``items`` product boxes
    (a "Don't Miss" label above them), a closing note, then teasers and a footer."""
    boxes = "".join(
        f"Gadget Model {n}\n\n* Lasts a whole day on one charge\n* Works with every phone you own\n"
        f"* Comes with a case and a cable\n\nGadget Model {n} (Latest Model)\n${n}9.99\nAvailable from Amazon\n"
        f"Deals Desk may receive a commission\n{call}\n\n" for n in range(1, items + 1))
    return ("The best early deals on gadgets\n\n* Tech\n* Deals\n* Science\n* About\n\nBy A. Writer\nNovember 19th, 2019\n\n"
            f"{PROSE} {PROSE}\n\nCheck out our picks of the best early deals on gadgets below, each one at its lowest price.\n\n"
            f"Don't Miss :\n\n{boxes}Prices are subject to change without notice, and some deals may not be available to all "
            "customers everywhere.\n\nTop Deals\n\nThis robot vacuum is at its lowest price ever\n\n"
            "You will not believe these headphones\n\n* Advertise\n* Contact\n\nCopyright 2019 Deals Desk\n").encode()


def test_a_shopping_list_stays_with_the_introduction_that_presents_it() -> None:
    text = "\n".join(b.text for b in clean(parse(source(shopping_page(4))), RULES).blocks)
    for n in range(1, 5):
        assert f"Gadget Model {n} (Latest Model)" in text and f"${n}9.99" in text
    assert text.count("Buy Now") == 4 and text.count("Lasts a whole day on one charge") == 4
    assert "Prices are subject to change" in text
    for chrome in ("Advertise", "Copyright 2019", "You will not believe", "November 19th"):
        assert chrome not in text


def test_two_calls_to_buy_are_no_list_and_a_teaser_list_still_goes() -> None:
    text = "\n".join(b.text for b in clean(parse(source(shopping_page(2))), RULES).blocks)
    assert "Gadget Model 1" not in text and "Buy Now" not in text  # two boxes after the story: a sidebar
    teaser = (Block("paragraph", PROSE), Block("paragraph", "Don't Miss :"), Block("paragraph", "Another story's headline"),
              Block("paragraph", "And a third headline here"), Block("paragraph", PROSE + " Again."))
    kept, removed = apply_rules(teaser, RULES)
    assert [b.text for b in kept] == [PROSE, PROSE + " Again."] and len(removed) == 3


def test_a_comment_section_of_any_site_leaves_the_article() -> None:
    comments = (f"Storm closes port\n\n{PROSE}\n\n{PROSE} More text follows here for the story.\n\nTop Rated Comments\n\n"
                "JohnD\n\nThis is outrageous and the council should have acted sooner, in my opinion.\n\nRating: 36 Votes\n\n"
                "Reply\n\n(View all)\n")
    text = "\n".join(b.text for b in clean(parse(source(comments.encode())), RULES).blocks)
    assert text.endswith("More text follows here for the story.") and "outrageous" not in text
    furniture = ["2 days ago at 07:52 am", "Rating: 36 Votes", "(View all)", "14 hours ago"]
    body = [PROSE, "The council met 2 days ago and voted for repairs.", "Ratings rose after the vote, the poll said."]
    kept, removed = apply_rules(tuple(Block("paragraph", t) for t in [*body, *furniture]), RULES)
    assert [b.text for b in kept] == body and {r.rule for r in removed} == {"comment-furniture"}


def test_calls_to_buy_far_apart_make_no_list() -> None:
    from generator.clean.region import main_region

    menu = tuple(Block("list_item", w) for w in ("Home", "World", "Sport", "Business", "Culture") * 10)
    box = (Block("paragraph", "Gadget Model (Latest Model)"), Block("paragraph", "$49.99"), Block("paragraph", "Buy Now"))
    blocks = (Block("paragraph", "Shop now"), Block("paragraph", PROSE), *menu, *box, *menu, *box, *menu, *box)
    region, _removed = main_region(blocks)
    assert region == [blocks[1]]  # each call is an item of its own: no list, the menus stay chrome


FRENCH = """---
title: "Le conseil municipal ferme le vieux pont"
date: 2024-03-05
---
Le conseil municipal a voté mardi la fermeture du vieux pont pour des réparations, après que des \
inspecteurs ont découvert des fissures dans deux de ses piliers. Les ingénieurs ont déclaré que les \
travaux dureraient trois mois et coûteraient environ deux millions d'euros.

Les habitants devront utiliser le bac ou faire un détour de vingt kilomètres, a déclaré la maire.

La dernière rénovation du pont date de 1987. Elle avait déjà coûté plus d'un million de francs.
"""


def test_paragraphs_in_another_language_read_as_prose() -> None:
    """Short paragraphs of French use French function words, not English ones: all three stay
    (the second and third were cut off as outside the article)."""
    doc = clean(parse(source(FRENCH.encode(), "fr.md")), RULES)
    assert len(doc.blocks) == 3 and doc.blocks[2].text.startswith("La dernière rénovation"), doc.removed
    assert doc.meta.language.value == "fr" and not removed_by(doc, "outside-article")


BODY = ("The council voted on Tuesday to close the old bridge for repairs after inspectors found cracks in two of "
        "its supports. Engineers said the work would take three months and cost about two million pounds.")


def test_a_byline_names_the_outlet_and_a_line_that_is_only_a_date_dates_the_article() -> None:
    text = f"Bridge closed for repairs\n\nBy Jane Reporter, The Herald\n\nTuesday, March 5, 2024, 10:42 GMT\n\n{BODY}\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert (doc.meta.author.value, doc.meta.outlet.value) == ("Jane Reporter", "The Herald")
    assert doc.meta.date.value == "2024-03-05T00:00:00" and doc.meta.date.origin == "date line"
    assert [b.text for b in doc.blocks] == [BODY]
    staff = clean(parse(source(f"Bridge closed\n\nBy Jane Reporter, Staff Writer\n\n{BODY}\n".encode())), RULES)
    assert staff.meta.author.value == "Jane Reporter" and staff.meta.outlet.value is None  # a role, no outlet


def test_a_syndicated_byline_in_capitals_names_the_author_below_a_clipped_lead() -> None:
    lead = "The council voted on Tuesday to close the old bridge for repairs after inspectors"
    text = f"{lead}\n\nBy JANE O'REPORTER (Distributed by New York Times Special Features)\n\n{BODY}\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert doc.meta.author.value == "Jane O'Reporter" and doc.meta.author.origin == "byline"
    assert [b.text for b in doc.blocks] == [BODY]
    assert doc.meta.title.value is None and [r.rule for r in doc.removed if r.text == lead] == ["clipped lead"]
    agency = clean(parse(source(f"Bridge closed for repairs\n\nBy Jane Reporter (AP)\n\n{BODY}\n".encode())), RULES)
    assert agency.meta.author.value == "Jane Reporter" and [b.text for b in agency.blocks] == [BODY]


def test_a_wire_editing_note_at_a_paragraphs_end_is_cut_and_the_paragraph_stays() -> None:
    last = "He left on Saturday for Geneva, where his colleagues were waiting, a spokeswoman said."
    grade = "The 5th grade class and the 3rd graders met on Tuesday."
    text = f"Bridge closed for repairs\n\n{BODY}\n\n{last} Speaking briefly, 6th graf pvs\n\n{grade} {BODY}\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert [b.text for b in doc.blocks] == [BODY, last, f"{grade} {BODY}"]
    assert [(r.rule, r.text) for r in doc.removed if r.rule == "wire-edit-note"] == [
        ("wire-edit-note", "Speaking briefly, 6th graf pvs")]
    quoted = clean(parse(source(f'Bridge\n\n{BODY} "No member, 5th graf, 1st Ld-Writethru\n'.encode())), RULES)
    assert [b.text for b in quoted.blocks] == [BODY]


def test_a_closing_contributor_credit_is_cut_and_a_sentence_about_a_report_stays() -> None:
    last = "Crews refloated the tanker on Wednesday."
    credit = "Staff writer Larry B. Stammer in Valdez contributed to this report."
    kept = "She said she contributed to the report on the spill."
    text = f"Tanker refloated\n\n{BODY}\n\n{last} {credit}\n\n{kept} {BODY}\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert [b.text for b in doc.blocks] == [BODY, last, f"{kept} {BODY}"]
    assert [r.text for r in doc.removed if r.rule == "contributor-credit"] == [credit]


@pytest.mark.parametrize(("text", "start"), [
    ("Crews refloated it. Staff writer Larry B. Stammer contributed to this report.", "Staff writer"),
    ("He was born in the U.S. Reuters contributed reporting.", "Reuters contributed"),
    ('All must do the same. "No member, 5th graf, 1st Ld-Writethru', '"No member'),
    ("Reuters contributed reporting.", "Reuters contributed"),
])
def test_a_cut_sentence_starts_after_the_last_full_stop_that_ends_a_sentence(text: str, start: str) -> None:
    from generator.clean.rules import sentence_start

    assert text[sentence_start(text, len(text) - 5):].startswith(start)


@pytest.mark.parametrize(("byline", "author"), [
    ("By\n\nAna Swanson", "Ana Swanson"),  # a lone "By", and the name in the block after it
    ("By Andy Sahadeo | Fox News", "Andy Sahadeo"),
    ("By\n\nTopics", None),  # a menu's "By" over one word, far down the page, names no one
])
def test_a_byline_far_down_a_page_dump_names_the_author(byline: str, author: str | None) -> None:
    menu = "\n\n".join(f"Section {n}" for n in range(25))
    text = f"Trade war keeps world guessing\n\n{menu}\n\n{byline}\n\n{BODY} {BODY}\n\n{BODY}\n"
    doc = clean(parse(source(text.encode())), RULES)
    assert doc.meta.author.value == author
    assert all(BODY in b.text for b in doc.blocks)  # the menu and the byline stay out of the body


def test_a_wire_dateline_names_the_agency_and_stays_out_of_a_written_title() -> None:
    from generator.config import SiteConfig
    from generator.enrich.stage import enrich

    lead = "LONDON (Reuters) - The council closed the old bridge for repairs on Tuesday. "
    doc = clean(parse(source(f"{lead}{BODY}\n".encode())), RULES)
    assert doc.meta.outlet.value == "Reuters" and doc.meta.outlet.origin == "wire dateline"
    assert doc.blocks[0].text.startswith("LONDON (Reuters) - ")  # the body is left as the agency wrote it
    assert enrich(doc, SiteConfig()).title == "The council closed the old bridge for repairs on Tuesday"


def test_a_page_address_names_the_outlet_when_nothing_else_does() -> None:
    text = f"---\ntitle: Bridge closed\nurl: https://www.reuters.com/world/bridge-closed-2024-03-05/\n---\n{BODY}\n"
    doc = clean(parse(source(text.encode(), "a.md")), RULES)
    assert (doc.meta.outlet.value, doc.meta.outlet.origin) == ("reuters.com", "url")
    named = text.replace("title: Bridge closed\n", "title: Bridge closed\noutlet: Reuters\n")
    assert clean(parse(source(named.encode(), "a.md")), RULES).meta.outlet.value == "Reuters"


@pytest.mark.parametrize(("line", "day"), [
    ("mardi 5 mars 2024", "2024-03-05"),
    ("Dienstag, 5. März 2024, 10:42 Uhr", "2024-03-05"),
    ("martes, 12 de marzo de 2024", "2024-03-12"),
    ("giovedì 1 agosto 2024", "2024-08-01"),
])
def test_a_date_line_in_another_language_dates_the_article(line: str, day: str) -> None:
    doc = clean(parse(source(f"Le pont est fermé\n\n{line}\n\n{BODY}\n".encode())), RULES)
    assert doc.meta.date.value == f"{day}T00:00:00" and doc.meta.date.origin == "date line"
    assert line not in [b.text for b in doc.blocks]


def test_an_impossible_local_date_is_no_date() -> None:
    assert parse_date("31 février 2024") is None and parse_date("5 mars 2024") is not None


@pytest.mark.parametrize(("line", "following", "clipped"), [
    ("Two days before the new euro currency goes into effect for 11 European Union",
     "Two days before the new euro currency goes into effect for 11 European Union members, a growing number", True),
    ("In a season of crashing banks and rotating governments",
     "In a season of crashing banks and rotating governments, maybe it is not the end", True),
    ("Nearly five months after she found a lump",  # the text opens with a wire dateline
     "CLEVELAND (AP) -- Nearly five months after she found a lump in her breast, a doctor", True),
    ("Son of former German president stabbed to death in Berlin",  # a page's title with its site
     "Son of former German president stabbed to death in Berlin - Breaking News - The Jerusalem Post", False),
    ("Survey of the Republic of Slovenia (1)", "Survey of the Republic of Slovenia (1): The Balkans' lucky ones", False),
    ("Joran van der Sloot living like king in prison, says slain woman's dad",  # the headline, then the dateline
     "Joran van der Sloot living like king in prison, says slain woman's dad Lima, Peru - Accused murderer", False),
    ("Harbour reopens after the storm.", "Harbour reopens after the storm. Ferries follow on Monday.", False),
    ("Harbour reo", "Harbour reopens after the storm", False),
    ("Harbour reopens", "The harbour reopened after the storm", False),
    # cut inside a name: the sentence runs on past a capitalised word
    ("Struggling to meet their fourth deadline over the federal budget, congressional Republicans and White",
     "Struggling to meet their fourth deadline over the federal budget, congressional Republicans and White House "
     "officials wrestled Tuesday with their differences over education.", True),
    ("Turkey stepped up pressure on Italy for the extradition of captured Kurdish rebel leader",
     "Turkey stepped up pressure on Italy for the extradition of captured Kurdish rebel leader Abdullah Ocalan, "
     "saying Sunday that granting him asylum would be a disaster.", True),
    ("As his lawyers in London tried to quash a Spanish arrest warrant for Gen",  # cut before an abbreviation's stop
     "As his lawyers in London tried to quash a Spanish arrest warrant for Gen. Augusto Pinochet, the former dictator "
     "stayed in his clinic.", True),
    ("With the nation poised to enter the longest period of economic expansion in US",  # a dateline without an agency
     "WASHINGTON — With the nation poised to enter the longest period of economic expansion in US history, the "
     "president spoke of debt.", True),
    ("Xi Meets Putin In Moscow", "Xi Meets Putin In Moscow The two leaders signed a pact on Tuesday.", False),  # title case
    ("Ferry service resumes after storm damage in Dover",  # a headline, a dash, its subtitle
     "Ferry service resumes after storm damage in Dover Port - The first crossings left on Monday.", False),
    ("Ferries return to the harbour after the storm in Dover",  # a headline and its subtitle, parted by a colon
     "Ferries return to the harbour after the storm in Dover Harbour: what the port's owners say.", False),
    ("The harbour reopened after the storm", "The harbour reopened after the storm. Ferries followed on Monday.", False),
])
def test_a_first_line_the_text_goes_on_from_mid_sentence_is_a_clipped_lead(line: str, following: str, clipped: bool) -> None:
    from generator.clean.meta import clipped_lead

    assert clipped_lead(line, following) is clipped


def test_a_text_file_whose_first_line_is_its_opening_cut_off_gets_a_title_that_says_so() -> None:
    """The cut-off line is not taken for the headline: it goes (named as what it is), the body
    keeps the whole sentence, and the title written for the article is the sentence's main
    clause; where no headline can be trimmed from it, the title shows the line as cut."""
    from .conftest import articles_in_memory

    opening = ("Two days before the new euro currency goes into effect for 11 European Union members, a growing number "
               "of Danes believe their country should take part, according to a poll published Tuesday.")
    text = f"{opening[:76]}\n\n{opening} The survey said 54 percent of those asked favour joining.\n"
    doc = clean(parse(source(text.encode(), "poll.txt")), RULES)
    assert doc.meta.title.value is None and removed_by(doc, "clipped lead") == [opening[:76]]
    assert doc.text.startswith(opening)
    (article,) = articles_in_memory({"poll.txt": text})
    assert article.title == "A growing number of Danes believe their country should take part" and article.title_generated
    untrimmed = ("If Osama bin Laden ever stands trial in New York for the bombings of the U.S. embassies in Africa, it is "
                 "already clear who prosecutors will call as a chief witness.")
    (cut,) = articles_in_memory({"trial.txt": f"{untrimmed[:66]}\n\n{untrimmed} More follows here, at length.\n"})
    assert cut.title == untrimmed[:66].rstrip() + "…" and cut.title_generated
    headline = "Harbour reopens after the storm - The Coast Herald"
    (kept,) = articles_in_memory({"harbour.txt": f"Harbour reopens after the storm\n\n{headline}\n\n{PROSE}\n"})
    assert kept.title == "Harbour reopens after the storm" and not kept.title_generated


PROSE = ("The harbour authority said on Tuesday that the container terminals would reopen after the storm, "
         "and that the ferries would follow once the breakwater had been inspected by the engineers.")
