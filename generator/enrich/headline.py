"""A headline from a news article's opening sentence, by trimming it (English).

The method is Hedge Trimmer's (Dorr, Zajic & Schwartz 2003), which made headlines for the DUC
evaluations by cutting the lead sentence down rather than writing new words: a lead sentence is
the story told once, and a headline is its main clause without the parts a headline leaves out.
Without a parser, the parts are found by their surface marks, each one a rule (:data:`TRIMS`):

- a clause or phrase before the subject ("After a day of fighting, Congolese rebels …");
- an attribution at the end (", a survey suggests", ", the military said Sunday"), a participle's
  clause after the main one (", saying …", ", casting doubt on …", ", according to …");
- an apposition after a name (", a hawkish former defense minister,"), a parenthesis ("(GM)");
- when it happened ("on Friday", "Sunday", "this week").

What is left is the headline when it has ``MIN_WORDS`` to ``MAX_WORDS`` words; a longer one is cut
at the last clause break or preposition that leaves it short enough ("Prime Minister Rafik Hariri
said he was bowing out as premier following a dispute", not "… with the new president"), never
where the cut leaves it ending on "was", "not" or a participle that is its only verb ("A French
United Nations official kidnapped"), or leaves a clause opened by "that" without its verb ("A study
has found that the U.S. death toll"). No headline when nothing that short is left, when the
subject after an opening clause is a pronoun ("If bin Laden stands trial, it is …"), or when what
is left names nothing or has no verb ("White House officials and gay Democrats"): the caller then
falls back to what it had; a caller may try again with room for more words (``longest``). On the
444 BBC, DUC-2001 and KPCrowd articles whose headlines ``benchmarks/titles.py`` takes off, 268
leads give a headline of up to 14 words, and 329 one of up to 18.
"""

from __future__ import annotations

import re
from itertools import pairwise

from ..text import STOPWORDS
from .opening import MONTH, without_dateline
from .word_lists import word_list
from .words import WEEKDAYS, lemmas, verb_lemma

PARTICLES = word_list("particles")
MIN_WORDS = 4
MAX_WORDS = 14
PREPOSED_WORDS = 22  # a clause before the subject is shorter than this

DAY = f"(?:{'|'.join(sorted(WEEKDAYS))})"
TIME = (rf"(?:(?:on|early|late|last|this|next)\s+)?(?:{DAY}(?:\s+(?:morning|afternoon|evening|night))?|today|tonight|"
        rf"yesterday)(?:,?\s+(?:{MONTH})\s+\d{{1,2}})?")  # "on Friday", "Sunday night", "Saturday, Oct. 10"
SPAN = r"(?:days?|weeks?|months?|years?|hours?|decades?)"  # a span of time, counted ("two weeks")
ABOUT = r"(?:(?:nearly|almost|just|barely|about|some|more\s+than|less\s+than)\s+)?"  # "more than two weeks"
SAYING = (r"(?:said|says|say|reported|reports|suggests?|suggested|announced|warned|claimed|claims|revealed|insisted|"
          r"told\s+\w+|confirmed)")

# The clause or phrase a sentence may open with before its subject: a subordinating word or a
# preposition ("After …", "If …"; not "At least 20 people …"), or a span of time before or after
# ("Two days before …", "Nearly five months after …"). A participle is found by _opens_clause.
OPENING = re.compile(
    r"^(?:(?:after|although|amid|as|at(?!\s+(?:least|most)\b)|because|before|by|despite|during|following|for|from|if|"
    r"in|on|once|shortly|since|sometime|though|unless|until|when|where|while|with|without|according|back)\b|"
    rf"{ABOUT}(?:[\w-]+\s+)?{SPAN}\s+(?:after|before|since|ago|later|earlier)\b)", re.IGNORECASE)  # "Hours before …" too
APPOSITION = re.compile(r"^(?:a|an|the)\s+[^,;:]{1,60}?,")  # ", the former Chilean dictator,"
SUBJECT = re.compile(r"^(?:[A-Z0-9\"“‘']|(?:the|a|an)\s)")  # what a subject looks like after a comma

ATTRIBUTION = re.compile(  # ", the military said Sunday", ", the US military said in a statement"
    rf",\s+(?:[\w'’.-]+\s+){{0,7}}?(?:has\s+|have\s+)?{SAYING}(?:\s+{TIME})?"
    r"(?:\s+(?:in|on|at|to|during|after)\s+[\w'’.-]+(?:\s+[\w'’.-]+){0,4})?\s*[.!?]?$")
APPOSITION_MID = re.compile(r"\b([A-Z][\w'’.-]*),\s+(?:a|an|the)\s+[^,;:]{3,200}?,\s+(?=([a-z]+))")  # "Sharon, a …, to be"
APPOSITION_END = re.compile(r"\b([A-Z][\w'’.-]*),\s+(?:a|an|the|which|who)\s+[^,;:]{3,200}$")  # "…, the strategic town"
TRIMS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("parenthesis", re.compile(r"\s*\([^()]{1,80}\)"), ""),
    ("participle", re.compile(r",\s+(?:[a-z]+ing|according to)\b.*$"), ""),  # ", saying …", ", casting doubt on …"
    ("attribution", ATTRIBUTION, ""),
    ("apposition-end", APPOSITION_END, r"\1"),
    ("relative", re.compile(r",\s+(?:where|which|whose|who)\s.*$"), ""),
    ("time", re.compile(rf"\s+{TIME}\b(?=[\s,.;:!?]|$)"), ""),
    ("ago", re.compile(rf"\s+{ABOUT}(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few)\s+"
                       rf"{SPAN}\s+ago\b"), ""),
)
CUT = re.compile(r"(?<!\d),[\"”’]?\s+|\s+[-–—]{1,2}\s+|[;:]\s+|\s+(?:in|on|at|for|from|with|after|before|as|following|amid|over|"
                 r"because|while|when|during|since|but)\s+")
OPENING_QUOTE = re.compile(r"(?<![\w'’])['‘](?=\w)")  # 'cost it
CLOSING_QUOTE = re.compile(r"(?<=[\w.,!?])['’](?![\w'’])")  # good' (or a plural's possessive: Tories')
LIST_GOES_ON = re.compile(r"[\w'’-]+(?:\s[\w'’-]+)?\s*(?:,|\s(?:and|or)\s)")  # after a comma: "trade and"
LOWER_OPENERS = frozenset({"maybe", "perhaps", "here", "now", "yes", "no", "so", "still", "instead", "meanwhile"})
NOUN_MARKERS = frozenset({"to", "the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that",
                          "these", "those"})
RELATIVE = frozenset({"who", "whom", "which", "that"})  # a relative clause after its subject
COMMA = re.compile(r",[\"”’]?\s+")  # a comma, or one inside a closing quotation mark


def headline(sentence: str, longest: int = MAX_WORDS) -> str | None:
    """The headline trimmed from an English lead ``sentence`` (its dateline set aside), of at most
    ``longest`` words, or None."""
    text = without_dateline(" ".join(sentence.split()).rstrip(".!?…"))
    if _opens_clause(text):
        text = _drop_opening(text)
        if _opens_clause(text):
            return None  # no subject found after the opening clause: no headline without it
    text = APPOSITION_MID.sub(_apposition, text)
    for _name, pattern, replacement in TRIMS:
        text = pattern.sub(replacement, text).strip()
    text = text.rstrip(",;: ")
    if len(text.split()) > longest:
        text = APPOSITION_END.sub(r"\1", _cut(text, longest))  # a cut inside an apposition leaves its name
    text = _balanced(text)
    if not MIN_WORDS <= len(text.split()) <= longest or not _tells(text):
        return None
    return text[:1].upper() + text[1:]


def _opens_clause(text: str) -> bool:
    """Whether ``text`` opens with a clause or phrase before its subject (:data:`OPENING`), or with
    a verb's "-ing" form ("Struggling to …", "Facing …"); not with a name that ends so ("Beijing
    said …", "King Charles …")."""
    first = text.split(" ", 1)[0].lower()
    return OPENING.match(text) is not None or (first.endswith("ing") and verb_lemma(first) != first)


def _apposition(found: re.Match[str]) -> str:
    """An apposition after a name left out when the sentence goes on after it with its verb
    ("Sharon, a hawkish former defense minister, to be …"), kept when what follows is more of
    it ("Friday, a $24 billion merger that …, traditional …")."""
    follows = found.group(2)
    return found.group(1) + " " if follows == "to" or _verb(follows) else found.group(0)


def _drop_opening(text: str) -> str:
    """``text`` without a clause or phrase before its subject ("After a day of fighting, "): up
    to the first comma after which a subject follows, passing over an apposition (", the
    former Chilean dictator,")."""
    for found in COMMA.finditer(text):
        if len(text[: found.start()].split()) >= PREPOSED_WORDS:
            break
        rest = text[found.end():]
        first = rest.split(" ", 1)[0].lower()
        if APPOSITION.match(rest) or len(rest.split()) < MIN_WORDS or ATTRIBUTION.match(", " + rest):
            continue  # an apposition, or the attribution of all that comes before: no subject
        forms = lemmas(first)
        if SUBJECT.match(rest) or not (first.endswith(("ing", "ed")) or first in STOPWORDS
                                       or ("VERB" in forms and "NOUN" not in forms)):
            return rest  # "rebels clashed …", not "plunging rubles, …" or "it is …"
    return text


def _balanced(text: str) -> str:
    """``text`` without the marks of a quotation a cut left open ('… could 'cost it')."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    if text.count("“") != text.count("”"):
        text = text.replace("“", "").replace("”", "")
    if len(OPENING_QUOTE.findall(text)) > len(CLOSING_QUOTE.findall(text)):
        text = OPENING_QUOTE.sub("", text)
    return text


def _cut(text: str, longest: int = MAX_WORDS) -> str:
    """``text`` cut at its last clause break or preposition that leaves ``longest`` words or
    fewer, never one that ends on an auxiliary ("… was") or on the participle that is its only
    verb ("A French United Nations official kidnapped")."""
    best = ""
    for found in CUT.finditer(text):
        if found.group().startswith(",") and LIST_GOES_ON.match(text, found.end()):
            continue  # "energy, trade and …": a list, not a clause
        closing = "".join(c for c in found.group() if c in "\"”’")  # a quotation closed after the comma stays closed
        head = text[: found.start()].rstrip(",;: ") + closing
        words = head.split()
        if len(words) > longest:
            break
        if len(words) >= MIN_WORDS and not _ends_short(words):
            best = head
    return best


def _ends_short(words: list[str]) -> bool:
    """Whether a cut leaves a clause without its verb or its end: it ends on a stop word or an
    auxiliary ("not", "that", "was"; an infinitive's "to do" ends, and so does a verb's particle:
    "is playing out"), or on a participle that is the only verb it has, or a clause opened by
    "that" lacks its verb (:func:`_open_that`)."""
    last, before = words[-1].lower(), words[-2].lower()
    if _open_that(words):
        return True
    if last in PARTICLES and _verb(before):
        return False  # "… is playing out", "… was ruled out": the verb's own end
    if (last in STOPWORDS or "AUX" in lemmas(last)) and before != "to":  # "… decide what to do" ends
        return True
    return last.endswith("ed") and sum(_verb(w) for w in words[1:]) == 1


def _open_that(words: list[str]) -> bool:
    """Whether a clause opened by "that" is left without its verb ("A study has found that the
    U.S. death toll", "… expressed hope that a new partnership between …"); not a relative
    clause, whose verb comes straight after "that" ("a plane that crashed")."""
    at = max((n for n, w in enumerate(words) if w.lower() == "that"), default=-1)
    if at < 0 or at + 1 == len(words) or _verb(words[at + 1]):
        return False
    return not any(_finite(before, word) for before, word in pairwise(words[at + 1:]))


def _verb(word: str) -> bool:
    """Whether a word (lower case, not a name) can be a verb."""
    return word.islower() and not {"VERB", "AUX"}.isdisjoint(lemmas(word.strip(",;:\"'’”")))


def _tells(text: str) -> bool:
    """Whether a headline tells something: it names someone or something (a first word that is
    no pronoun, article or adverb: "China", "Police", "rebels", not "It", "Maybe"; or a capital
    or a digit after it), and has a verb that reads as its own (:func:`_finite`), not a name or a
    phrase alone ("White House officials and gay Democrats", "Rafik Hariri's efforts to win a
    fourth term", "One of Britain's largest independent game makers"). A relative clause before
    that verb has a verb of its own ("An official who was kidnapped" tells nothing yet)."""
    words = text.split()
    first = words[0].lower() not in STOPWORDS and words[0].lower() not in LOWER_OPENERS
    named = first or any(w[:1].isupper() or w[:1].isdigit() for w in words[1:])
    finite = [n for n, (before, w) in enumerate(pairwise(words), 1) if _finite(before, w)]
    relative = next((n for n, w in enumerate(words) if w.lower() in RELATIVE), len(words))
    if finite and relative < finite[0]:  # "An official who was kidnapped": those verbs are the relative clause's
        finite = [n for n in finite if n not in _relative_verb(words, relative)]
    return named and bool(finite)


def _relative_verb(words: list[str], relative: int) -> set[int]:
    """The places of the verb of the relative clause opened at ``words[relative]``: the first word
    after it that can be a verb ("who met", "that the government is"), with the verbs its
    auxiliaries carry ("is using", "was kidnapped")."""
    at = relative + 1
    while at < len(words) and not _verb(words[at]):
        at += 1
    own = {at}
    while at + 1 < len(words) and "AUX" in lemmas(words[at].lower()) and _verb(words[at + 1]):
        at += 1
        own.add(at)
    return own


def _finite(before: str, word: str) -> bool:
    """Whether ``word`` (after ``before``) is a verb of its own clause: an auxiliary ("is",
    "will"); a verb's inflected form ("sold", "kicks") or a word that is only a verb ("say"),
    not after an article, an owner or "to" ("the deal", "Rover's proposed", "to win"); an "-ing"
    form after an auxiliary ("is considering"), not one that describes ("countries sharing")."""
    low = word.strip(",;:\"'’”")
    if not word.islower():
        return False
    forms = lemmas(low)
    if "AUX" in forms:
        return True
    if "VERB" not in forms or _introduced(before):
        return False
    if low.endswith("ing"):
        return "AUX" in lemmas(before.lower())
    return verb_lemma(low) != low or "NOUN" not in forms


def _introduced(word: str) -> bool:
    """Whether the word after ``word`` is a noun or an infinitive: ``word`` is an article, an
    owner ("his", "Rover's") or "to"."""
    return word.lower() in NOUN_MARKERS or word.endswith(("'s", "’s"))
