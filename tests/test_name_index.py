"""The article's name index: names cleaned from mentions."""

from __future__ import annotations

import pytest

from quotetrack.name_index import NameIndex, _in_title_case_line, build_index, clean_name, role_gender


# Names cleaned of what is not part of them: headline verbs, datelines, punctuation, possessives.
@pytest.mark.parametrize(
    "written,name",
    [
        ("Obama Says", "Obama"),
        ("The United States", "United States"),
        ("Rasmussen Reports", "Rasmussen Reports"),
        ("Donald Trump MANCHESTER", "Donald Trump"),
        ("Donald Trump\nNYC", "Donald Trump"),
        ("Conservative Solutions PAC", "Conservative Solutions PAC"),
        ("Priorities USA", "Priorities USA"),
        ("Jeb Bush PAC", "Jeb Bush PAC"),
        ("Brent Bozell III", "Brent Bozell"),
        (">Sanders", "Sanders"),
        ("-Nate Cohn", "Nate Cohn"),
        ("the Pentagon’s", "Pentagon"),
        ("Ramos, 58", "Ramos"),
        ("Tom Wells", "Tom Wells"),
        ("NEW YORK", "NEW YORK"),
        ("ROME - Bernie Sanders", "Bernie Sanders"),
        ("WASHINGTON (AP) — Donald Trump", "Donald Trump"),
        ("AP-GfK Poll", "AP-GfK Poll"),
        ("data available from the FBI", "data available from the FBI"),
    ],
)
def test_clean_name(written, name):
    assert clean_name(written) == name


# A surname expanded from the text where the model tagged no full name: a known first name written
# right before it in the story, never in the headline, never a title.
@pytest.mark.parametrize(
    "text,headline_end,surname,name",
    [
        ("ROME - Bernie Sanders met the pope. Sanders said it was private.", 0, "Sanders", "Bernie Sanders"),
        ("CNN's Jake Tapper asked.\n\nTAPPER: Is it over?", 0, "TAPPER", "Jake Tapper"),
        ("Will Sanders come down?\nSanders spoke on Monday.", 24, "Sanders", "Sanders"),
        ("Senator Sanders spoke. Sanders said it was over.", 0, "Sanders", "Sanders"),
        ("The Sanders campaign said it was over.", 0, "Sanders", "Sanders"),
        # a first name the nickname table lacks, which the story never writes without the surname
        ("CHICAGO - Rahm Emanuel faced protesters. Emanuel said it.", 0, "Emanuel", "Rahm Emanuel"),
        ("In March Emanuel fired the chief. Emanuel said it.", 0, "Emanuel", "Emanuel"),
        ("The Chicago Emanuel knows is gone. Chicago voted.", 0, "Emanuel", "Emanuel"),
    ],
)
def test_surname_spelled_out_in_the_text(text, headline_end, surname, name):
    assert NameIndex(text=text, headline_end=headline_end).full_name(surname) == name


# A live blog's subheading in title case holds no names to expand a surname to ("Chris Christie
# Address Heroin Epidemic"); a sentence with a few names in it is no heading.
@pytest.mark.parametrize(
    "line,heading",
    [
        ("Ted Cruz, Chris Christie Address Heroin Epidemic", True),
        ("Marco Rubio Responds To Question About Minimum Wage By Saying We Need Fewer Philosophers.", True),
        ("The Daily Show Takes A Closer Look At The GOP Candidates", True),
        ("Chris Christie addressed the heroin epidemic in New Hampshire on Monday.", False),
        ("Ted Cruz And Rubio", False),
    ],
)
def test_title_case_line(line, heading):
    text = f"Headline\n{line}\nThe body goes on."
    assert _in_title_case_line(text, text.index(line) + 3) is heading


def test_the_name_vocabulary_has_no_duplicates_or_conflicts():
    """data/name_words.json: a first name has one gender, listed once; every generic body's
    '@list' names a list of the file."""
    from quotetrack.names import data_json

    data = data_json("name_words.json")
    male, female = data["first_name_gender"]["m"], data["first_name_gender"]["f"]
    assert len(male) == len(set(male)) and len(female) == len(set(female))
    assert not set(male) & set(female)
    for words in data["generic_bodies"].values():
        assert isinstance(words, list) or isinstance(data.get(words[1:]), list)


# Two capitalised words in a headline are a person only if the story prints them again.
@pytest.mark.parametrize(
    "text,person",
    [
        ("Reagan's Daughter Makes Strong Statement About Trump Speech\nPatti Davis wrote about Trump on Monday.", False),
        ("Why Patti Davis is worried\nPatti Davis wrote about Trump on Monday.", True),
    ],
)
def test_headline_names_the_story_never_prints_are_no_people(nlp, text, person):
    index = build_index(nlp(text))
    headline = text.split("\n")[0]
    names = {m.name for m in index.people if m.start < len(headline)}
    assert bool(names - {"Trump", "Reagan"}) is person


# A bare surname after one full name of that surname in its sentence is that person, with that
# person's gender; not when the sentence names two people of the surname, nor a surname alone.
@pytest.mark.parametrize(
    "text,surname_at,gender",
    [
        ("A woman who accused former President Bill Clinton of assault said that Clinton had called her.", "Clinton had", "m"),
        ("Hillary Clinton said on Monday that Clinton would campaign in Iowa.", "Clinton would", "f"),
        ("Bill Clinton and Hillary Clinton arrived, and Clinton spoke first.", "Clinton spoke", None),
        ("Clinton spoke first on Monday.", "Clinton spoke", None),
    ],
)
def test_surname_takes_the_gender_of_the_full_name_in_its_sentence(nlp, text, surname_at, gender):
    index = build_index(nlp(text))
    [mention] = [m for m in index.people if m.start == text.index(surname_at)]
    assert mention.gender == gender


# Gendered role nouns: the vocabulary's, and any ending in "-woman" / "-man" (not "human", "freshman")
@pytest.mark.parametrize(
    "word,gender",
    [
        ("Assemblywoman", "f"), ("councilwoman", "f"), ("congressman", "m"), ("Chairman", "m"), ("widow", "f"),
        ("woman", "f"), ("human", None), ("freshman", None), ("senator", None), ("ombudsman", None),
    ],
)
def test_role_gender(word, gender):
    assert role_gender(word) == gender


# A name the parse made the root of its sentence, with a verb after it, is that sentence's subject
# ("Rep. Devin Nunes (R-Calif.), chairman of …, didn’t second-guess …"); a name alone on its line is not.
@pytest.mark.parametrize(
    "words,heads,deps,pos,subject",
    [
        (["Devin", "Nunes", ",", "chairman", ",", "did", "call", "."], [1, 1, 1, 1, 1, 6, 1, 1],
         ["compound", "ROOT", "punct", "appos", "punct", "aux", "conj", "punct"],
         ["PROPN", "PROPN", "PUNCT", "NOUN", "PUNCT", "AUX", "VERB", "PUNCT"], True),
        (["Bruce", "Gary", "."], [1, 1, 1], ["compound", "ROOT", "punct"], ["PROPN", "PROPN", "PUNCT"], False),
    ],
)
def test_a_name_parsed_as_the_root_before_a_verb_is_a_subject(nlp, words, heads, deps, pos, subject):
    from spacy.tokens import Doc, Span

    from quotetrack.name_index import _is_subject

    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[True] + [False] * (len(words) - 1))
    assert _is_subject(Span(doc, 0, 2, label="PERSON")) is subject
