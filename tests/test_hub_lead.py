"""A hub's lead: the sentence its brief chose first, which lists of hubs and the hub's description show."""

from __future__ import annotations

from datetime import datetime

from generator.config import from_mapping
from generator.group import group
from generator.group.brief import brief
from generator.group.hubs import lead_of
from generator.render import render

from .conftest import TEMPLATES
from .test_stories import FERRY, make_article


def test_a_brief_knows_which_sentence_it_chose_first_and_lists_of_hubs_show_that_one() -> None:
    members = [make_article(rel, text) for rel, text in FERRY.items()]
    lines = brief(members)
    assert sorted(line.rank for line in lines) == list(range(len(lines)))
    lead = min(lines, key=lambda line: line.rank)
    # Shown last (its article comes last), chosen first: it holds most of the word pairs the articles share.
    assert lead == lines[-1] and lead.text.startswith("Opposition leaders demanded an inquiry"), [x.text for x in lines]
    assert lead_of(lines) == lead.text and lead_of(()) == ""
    # A built hub (dated members, so the brief runs oldest first): lists of hubs and the hub's description
    # give the sentence chosen first, not the first shown.
    port = [make_article(rel, text, datetime(2024, 3, day)) for rel, (text, day) in PORT.items()]
    config = from_mapping({"hubs": [{"name": "Port strike", "terms": ["strike", "dock"]}]}, "test")
    site = group(port, config)
    built = site.hubs["port-strike"]
    assert built.lead.startswith("The Rotterdam port strike halted") and built.lead != built.brief[0].text
    assert built.lead == lead_of(built.brief)
    html = {f.path: f.content.decode("utf-8") for f in render(site, config, TEMPLATES).files}
    for page in (html["index.html"], html["hubs/index.html"]):
        assert f"<p>{built.lead}</p>" in page and f"<p>{built.brief[0].text}</p>" not in page
    assert f'<meta name="description" content="{built.lead}">' in html["hubs/port-strike/index.html"]


PORT = {  # file: (text, day of March 2024)
    "walkout.txt": ("Dock workers walk out\n\nDock workers in Rotterdam walked out on Monday over pay. The union said "
                    "talks with the port employers had broken down after two weeks of meetings.", 1),
    "second-day.txt": ("Port strike, day two\n\nThe Rotterdam port strike halted container traffic for a second day as "
                       "dock workers demanded higher pay. Several lines sent their ships elsewhere.", 2),
    "diverted.txt": ("Ships diverted\n\nThe Rotterdam port strike over dock workers' pay halted container traffic, and "
                     "shipping lines diverted vessels to Antwerp and Hamburg. Employers offered a new deal on Wednesday "
                     "evening after a meeting with the mayor.", 3),
}
