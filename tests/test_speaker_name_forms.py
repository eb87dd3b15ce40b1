"""The form of a speaker's name (issue 12): the fullest name the article prints for the person or
body a mention names, without a description before it or an apposition after it, and the issuer a
document's mention names. Each case also has texts where the name must stay as it is."""

from __future__ import annotations

import pytest

from .conftest import quote_with

# (text, content, expected name), the attributions scope (documents and evidence are found there)
DOCUMENT_ISSUERS = [
    # a document "of" another document: the issuer of that one
    ("Clinton leads, according to the results of the latest Quinnipiac University poll released Wednesday.", "Clinton leads", "Quinnipiac University"),
    ("Trump is ahead, according to an archived version of the Eric Trump Foundation website.", "Trump is ahead", "Eric Trump Foundation"),
    # a body after "from" or "by" in a phrase describing the data
    ("Crime fell by a third, according to the most recent data available from the FBI.", "Crime fell by a third", "FBI"),
    # a name with capitals inside, whatever the model tagged it as
    ("Clinton leads by five points, according to the most recent RealClearPolitics average of national polls.", "Clinton leads by five points", "RealClearPolitics"),
    # every capitalised word of an untagged name before the document's noun
    ("With Bloomberg considering a run, a Morning Consult Poll found that he would draw from Clinton’s support.", "that he would draw from Clinton’s support", "Morning Consult"),
    # a name tagged as a place that ends in a body's noun is a body ("a poll in Iowa" stays nobody's)
    ("Christie spent $80,000 on the trips, according to a New Jersey Watchdog report.", "Christie spent $80,000 on the trips", "New Jersey Watchdog"),
    ("Clinton leads by five points, according to a new poll in Iowa.", "Clinton leads by five points", "new poll"),
    # the names of a compound noun before the document's ("polling average"), a body's possessive,
    # a body before "statistics"
    ("Clinton leads by three points, according to the Real Clear Politics polling average.", "Clinton leads by three points", "Real Clear Politics"),
    ("Clinton leads by three points, according to HuffPost Pollster’s polling average.", "Clinton leads by three points", "HuffPost Pollster"),
    ("Last year’s FBI statistics show that most victims knew their killers.", "that most victims knew their killers", "FBI"),
    # an analysis of something undescribed stays a document
    ("Most visits were with donors, according to an analysis of her personal calendar.", "Most visits were with donors", "analysis of her personal calendar"),
]


@pytest.mark.parametrize("text,content,name", DOCUMENT_ISSUERS)
def test_document_issuer_written_in_the_mention(broad, text, content, name):
    assert quote_with(broad, text, content, exact=True).speaker_name == name


# (text, content, expected name), the default scope
FORMS = [
    # a description of a person before a name the model did not tag as a person
    ("“He was a very kind man,” his friend Mahamat Saleh Oumar told the newspaper.", "He was a very kind man,", "Mahamat Saleh Oumar"),
    # a role noun that a sentence's capital made part of a name tagged as an organisation
    ("Spokeswoman Haley Morris says the campaign will keep its offices open.", "the campaign will keep its offices open", "Haley Morris"),
    # a description before a body's name ("the Israeli newspaper Haaretz")
    ("The conservative group Club for Growth said that the tax plan was a disaster.", "that the tax plan was a disaster", "Club for Growth"),
    ("The federal Securities and Exchange Commission said that the filings were late.", "that the filings were late", "Securities and Exchange Commission"),
    ("The tech giant Microsoft said that the update would be released in May.", "that the update would be released in May", "Microsoft"),
    # a description before a body's short name or a surname the story prints in full
    ("The Club for Growth attacked Trump. The fiscally conservative Club reported that it had spent $10 million.", "that it had spent $10 million", "Club"),
    ("Stan Greenberg wrote the memo. “It is over,” a dynamic Greenberg said.", "It is over,", "Stan Greenberg"),
    # ... but a group stays as written, and a name that is not after a description keeps its words
    ("Many prominent Republicans said that the convention would be open.", "that the convention would be open", "Many prominent Republicans"),
    ("The Washington Post reported that the meeting had been cancelled.", "that the meeting had been cancelled", "Washington Post"),
    # an apposition after a dash is not part of the name; a description before a dash neither
    ("Channing D. Phillips - a former prosecutor - said that the case was closed.", "that the case was closed", "Channing D. Phillips"),
    ("“We will not leave,” said Ammon Bundy - the leader of the group.", "We will not leave,", "Ammon Bundy"),
    ("Another holdout - the United Mine Workers - said that the union would not endorse anyone.", "that the union would not endorse anyone", "United Mine Workers"),
    ("“We will not leave,” said Jean-Paul Sartre.", "We will not leave,", "Jean-Paul Sartre"),
    # a hyphenated name keeps its parts
    ("Alexandria Ocasio-Cortez said that the bill was too weak.", "that the bill was too weak", "Alexandria Ocasio-Cortez"),
    # a body named by its first word where a person of that name is quoted too: the body
    ("Daron Shaw ran the Fox News poll with Chris Anderson. Anderson and Fox are careful. Fox said that Clinton led by three points.", "that Clinton led by three points", "Fox News"),
    # a possessive without its "s" in "X’ campaign"
    ("Bernie Sanders spoke in Iowa. In a statement, Bernie Sanders’ campaign said that the rally was full.", "that the rally was full", "Bernie Sanders’s campaign"),
    ("Bernie Sanders spoke in Iowa. “The rally was full,” Sanders' campaign said in a statement.", "The rally was full,", "Bernie Sanders’s campaign"),
]


# a full name the model tagged as a body or a building, where the story calls the person by the
# surname alone; a body's last word that is also a common word never becomes a person, nor a place's
SURNAMES = [
    (
        "A memo from Neera Tanden, meanwhile, shows that Soros regretted his choice. In a May 2012 message, Tanden, head of "
        "the Center for American Progress, recounted a dinner. After the dinner, Tanden wrote that Soros was impressed.",
        "that Soros was impressed",
        "Neera Tanden",
    ),
    (
        "Maryam Violet, an Iranian journalist visiting Nice, posted a video. Violet said that the crowd ran. "
        "She said that the truck did not stop. Violet added that she was safe.",
        "that the truck did not stop",
        "Maryam Violet",
    ),
    (
        "The Democracy Alliance met in March. The Alliance said that its donors were ready. Alliance members "
        "were told that the alliance would spend more.",
        "that its donors were ready",
        "Democracy Alliance",
    ),
    (
        "Tom Miller wrote a book about Central Asia. Asia is changing, he said. In Asia, he said, America was "
        "divided. Asia matters, he said, and he added that the region was rising.",
        "that the region was rising",
        "Tom Miller",
    ),
]


# a short form the model did not tag: the body's full name; a transcript's capitalised label
SHORT_FORMS = [
    (
        "The State Department was ordered to release the emails. State initially said that it would take two months.",
        "that it would take two months",
        "State Department",
    ),
    (
        "Partial transcript as follows:\n\nJAKE TAPPER: Welcome to the show.\n\nFALLIN: Thank you.\n\n"
        "TAPPER: Do you think that the race is over?",
        "Do you think that the race is over?",
        "Jake Tapper",
    ),
    # ... but a surname stays the person's, though a body's name starts with it
    ("Tom Walsh spoke at the Walsh Foundation on Monday. Walsh said that the fund would grow.", "that the fund would grow", "Tom Walsh"),
]


# a family's surname: a first name written before a surname the model left untagged makes that
# person's full name ("Ivanka Trump"), so a bare "Trump" is the one the story names first
FAMILY = [
    (
        "Ivanka Trump sells shoes and dresses. Her father, Donald Trump, is running for president. Ivanka Trump runs the "
        "brand, and Ivanka Trump has a staff of 20. \"I think parental leave is important,\" Trump told Business Insider in March.",
        "I think parental leave is important,",
        "Ivanka Trump",
    ),
    ("Donald Trump spoke in Ohio. His rival Jeb Bush spoke later. “We will win,” Trump said.", "We will win,", "Donald Trump"),
    # a surname the family shares is the person the story names first, however often the others are named later
    (
        "Jeb Bush campaigned in Iowa. The party of Prescott Bush, George Bush and George W. Bush has changed. "
        "George W. Bush won twice, and George W. Bush still speaks. Mr. Bush said that he would stay in the race.",
        "that he would stay in the race",
        "Jeb Bush",
    ),
    # ... but an honorific's gender still chooses among them
    (
        "Bill Clinton spoke in Iowa. Hillary Clinton spoke later. Mrs. Clinton said that the plan would work.",
        "that the plan would work",
        "Hillary Clinton",
    ),
]


@pytest.mark.parametrize("text,content,name", FORMS + SURNAMES + SHORT_FORMS + FAMILY)
def test_name_form(extractor, text, content, name):
    assert quote_with(extractor, text, content).speaker_name == name
