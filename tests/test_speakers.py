"""Speakers as a table of cases: which mention is the speaker, and who or what it names."""

from __future__ import annotations

import pytest

from quotetrack.extraction import Extractor
from quotetrack.models import Article

from .conftest import quote_with


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def speakers(extractor: Extractor, text: str) -> list[tuple[str, str | None, str | None]]:
    """(content, speaker mention, speaker name) for each quote found."""
    return [(q.text, q.speaker, q.speaker_name) for q in extractor.extract(Article("t", text))]


# (text, content, expected mention, expected name)
CASES = [
    # a relative pronoun is the mention; its name is the antecedent
    (
        "The plan was criticised by Senator Maria Lopez, who said the costs had been hidden from voters.",
        "the costs had been hidden from voters",
        "who",
        "Maria Lopez",
    ),
    (
        "The union, which said the strike would go on until Friday, rejected the offer.",
        "the strike would go on until Friday",
        "which",
        "union",
    ),
    # a second report hung on the first report's content belongs to the first reporter
    (
        "Governor Tom Harlan argued that a new registry would stop fraud, saying the old lists were a mess.",
        "the old lists were a mess",
        "Governor Tom Harlan",
        "Tom Harlan",
    ),
    (
        "The mayor said the budget gap had grown and said that the council would vote on cuts next week.",
        "that the council would vote on cuts next week",
        "The mayor",
        None,
    ),
    # a subject the parser found inside the quote is not the speaker
    (
        "“We were tremendously wrong to ignore him from the beginning,” Ramos, 58, told AFP in an interview.",
        "We were tremendously wrong to ignore him from the beginning,",
        "Ramos, 58",
        "Ramos",
    ),
    # a surname that the model takes for an organisation is still the person
    (
        "Vice President Mike Pence arrived in Seoul on Thursday. Pence said the sanctions would stay in place.",
        "the sanctions would stay in place",
        "Pence",
        "Mike Pence",
    ),
    # pronouns: the gender (honorific or first name) tells which person is meant
    (
        "Ms. Laura Chen opened the debate. Mr. Reyes was absent. She said the talks had gone well.",
        "the talks had gone well",
        "She",
        "Laura Chen",
    ),
    (
        "Daniel Reyes opened the debate. Laura Chen was absent. He said the talks had gone well.",
        "the talks had gone well",
        "He",
        "Daniel Reyes",
    ),
    # an honorific before a surname: the full name, and in a family the one of that gender
    (
        "Donald J. Trump spoke in Ohio. Mr. Trump said the polls were rigged against him.",
        "the polls were rigged against him",
        "Mr. Trump",
        "Donald J. Trump",
    ),
    (
        "Bill Clinton and Hillary Clinton arrived. Mrs. Clinton was cheered. She said the country was ready for change.",
        "the country was ready for change",
        "She",
        "Hillary Clinton",
    ),
    # ... and a subject before a name in another role
    (
        "Senator Paul Novak criticised the plan of Governor Mark Ellis. He said the plan would raise taxes.",
        "the plan would raise taxes",
        "He",
        "Paul Novak",
    ),
    # names inside a direct quote are not what a later pronoun means
    (
        "Senator Anna Berg spoke on Monday. “Frank Miller was wrong about this bill from the start,” she said.",
        "Frank Miller was wrong about this bill from the start,",
        "she",
        "Anna Berg",
    ),
    # a role written in an appositive names its holder later
    (
        "Jarrod Agen, Pence’s communications director, posted a picture. "
        "The communications director said the meeting had never been planned.",
        "the meeting had never been planned",
        "The communications director",
        "Jarrod Agen",
    ),
    # a title before a name: "the senator"
    (
        "Sen. Ted Cruz spoke in Iowa on Monday. The senator said the tax code should be scrapped.",
        "the tax code should be scrapped",
        "The senator",
        "Ted Cruz",
    ),
    # a vice president is not "the president"; a place in the mention need not be in the title
    (
        "US Vice President Mike Pence and President Donald Trump met. The president said the talks were over.",
        "the talks were over",
        "The president",
        "Donald Trump",
    ),
    (
        "Sen. Bernie Sanders of Vermont spoke in Iowa. The Vermont senator said the system was rigged.",
        "the system was rigged",
        "The Vermont senator",
        "Bernie Sanders",
    ),
    (
        "Sen. Bernie Sanders of Vermont spoke in Iowa. The Florida senator said the system was rigged.",
        "the system was rigged",
        "The Florida senator",
        "Florida senator",
    ),
    # "who" is a person, not the place a person is of
    (
        "Sen. Ted Cruz of Texas, who said the plan would fail, spoke on Monday.",
        "the plan would fail",
        "who",
        "Ted Cruz",
    ),
    (
        "Matt Duss, the president of the Foundation for Middle East Peace, who said the plan was fair, spoke on Monday.",
        "the plan was fair",
        "who",
        "Matt Duss",
    ),
    # names joined in a description of the speaker are not the speaker
    (
        "Gene Sperling, a former adviser to President Bill Clinton and President Barack Obama, said the plan would fail.",
        "the plan would fail",
        "Gene Sperling, a former adviser to President Bill Clinton and President Barack Obama",
        "Gene Sperling",
    ),
    # a pronoun inside a relative clause whose subject is "who" means the person described
    (
        "Claudia Tenney voted for the bill. Ray Halbritter, who led the fight against it because he claimed it would hurt the tribe, spoke first.",
        "it would hurt the tribe",
        "he",
        "Ray Halbritter",
    ),
    # a surname that is also a title is still a surname; a title nameparser lacks is dropped
    (
        "Martin Baron, the editor, spoke on Monday. Donald Trump was angry. “The paper will stay independent,” said Baron.",
        "The paper will stay independent,",
        "Baron",
        "Martin Baron",
    ),
    (
        "Donald Trump met voters. “We are winning,” said Assemblywoman Claudia Tenney.",
        "We are winning,",
        "Assemblywoman Claudia Tenney",
        "Claudia Tenney",
    ),
    # a place the article ties to no one: the person named in this sentence or the one before
    (
        "Marco Rubio spoke in Iowa on Monday. The Florida senator said the system was rigged.",
        "the system was rigged",
        "The Florida senator",
        "Marco Rubio",
    ),
    (
        "Marco Rubio spoke on Monday. The crowd was small. Few stayed. The Florida senator said the system was rigged.",
        "the system was rigged",
        "The Florida senator",
        "Florida senator",
    ),
    (
        "Bernie Sanders of Vermont spoke on Monday. The Florida senator said the system was rigged.",
        "the system was rigged",
        "The Florida senator",
        "Florida senator",
    ),
    # names joined by "and" are both the speaker; a name inside an "of" phrase is someone else
    (
        "Senators Ted Cruz and Marco Rubio said the deal was a disaster.",
        "the deal was a disaster",
        "Senators Ted Cruz and Marco Rubio",
        "Ted Cruz and Marco Rubio",
    ),
    (
        "Supporters of Bernie Sanders said the system was rigged.",
        "the system was rigged",
        "Supporters of Bernie Sanders",
        "Supporters of Bernie Sanders",
    ),
    # a body named after a person is not the person
    (
        "Hillary Clinton spoke in Iowa. The Clinton campaign said the emails were personal.",
        "the emails were personal",
        "The Clinton campaign",
        "Hillary Clinton campaign",
    ),
    (
        "South Korean President Moon Jae-In met the envoys. The South Korean leader said he would try to make it happen.",
        "he would try to make it happen",
        "The South Korean leader",
        "Moon Jae-In",
    ),
    # the mention runs on to a name written after the role
    (
        "A spokesman for the campaign, Brian Fallon, said the emails were personal.",
        "the emails were personal",
        "A spokesman for the campaign, Brian Fallon",
        "Brian Fallon",
    ),
    # a generic name for a body: "the daily"
    (
        "The Washington Post published the emails on Sunday. The daily said the documents were authentic.",
        "the documents were authentic",
        "The daily",
        "Washington Post",
    ),
    # "the campaign": the campaign named after a person before it
    (
        "Donald Trump spoke. Trump’s campaign raised money. The campaign said the polls were wrong.",
        "the polls were wrong",
        "The campaign",
        "Donald Trump campaign",
    ),
    # "the official": the nearest earlier official, named with the body
    (
        "A senior White House official told reporters that the talks were off. "
        "Later the official said the meeting was still possible.",
        "the meeting was still possible",
        "the official",
        "White House official",
    ),
    # ... but not when the nearest earlier officials were not named with a body
    (
        "North Korean officials met. Two officials said the meeting was over. The officials said the talks had failed.",
        "the talks had failed",
        "The officials",
        "officials",
    ),
    # "they": the latest plural subject
    (
        "North Korean officials sent a message on Saturday. They said the meeting was cancelled.",
        "the meeting was cancelled",
        "They",
        "North Korean officials",
    ),
    # names in a clause describing the speaker are not the speaker
    (
        "Parker Eaton, a nominal Republican who voted for JFK and Bill Clinton, said that the race was over.",
        "that the race was over",
        "Parker Eaton, a nominal Republican who voted for JFK and Bill Clinton",
        "Parker Eaton",
    ),
    # a headline's capitals ("Will Sanders …") are not the full name the body prints
    (
        "Game over. Will Sanders come down?\n\nAfter Tuesday, Bernie Sanders lost the race. Sanders said the fight would go on.",
        "the fight would go on",
        "Sanders",
        "Bernie Sanders",
    ),
]

# Mentions that must stay as written: nobody in the text to resolve them to.
UNRESOLVED = [
    ("He said the talks had gone well.", "He", "He"),
    ("The senator said the tax code should be scrapped.", "The senator", "senator"),
    ("They said the meeting was cancelled.", "They", "They"),
    # "they" means people who spoke or a named body, not any plural subject
    ("The old banks collapsed in 2008. They said the crisis was over.", "They", "They"),
    ("The campaign said the polls were wrong.", "The campaign", "campaign"),
]


@pytest.mark.parametrize("text,content,mention,name", CASES)
def test_speaker(extractor, text, content, mention, name):
    found = {c: (m, n) for c, m, n in speakers(extractor, text)}
    assert content in found, found
    got_mention, got_name = found[content]
    assert got_mention == mention
    if name is not None:
        assert got_name == name


# Stances and evidence (the "attributions" scope): who made the document that speaks.
PRODUCERS = [
    ("The mayor sent a letter urging the council to approve the budget.", "the council to approve the budget", "The mayor"),
    ("The group ran an ad attacking the governor over the fuel tax.", "the governor over the fuel tax", "The group"),
]


@pytest.mark.parametrize("text,content,mention", PRODUCERS)
def test_speaker_is_who_made_the_document(broad, text, content, mention):
    found = {c: m for c, m, _ in speakers(broad, text)}
    assert found.get(content) == mention, found


@pytest.mark.parametrize("text,mention,name", UNRESOLVED)
def test_speaker_left_as_written(extractor, text, mention, name):
    [(_, got_mention, got_name)] = speakers(extractor, text)
    assert (got_mention, got_name) == (mention, name)


def test_no_speaker_from_a_relative_clause_without_speech(extractor):
    assert speakers(extractor, "The senator, who arrived late on Tuesday, left the room early.") == []


# (text, content, expected name, expected kind): the error kinds of issue 12, each fixed in speakers.py
NAMES = [
    # a document "in" a publication is the publication's; a poll "in" a place is nobody's
    ("Sanders is ahead in the polls, according to a report in The New York Times.", "Sanders is ahead in the polls", "New York Times", "organisation"),
    ("Clinton leads by five points, according to a new poll in Iowa.", "Clinton leads by five points", "new poll", "document"),
    # honorific gender: "Mrs. Clinton" is Hillary, not Bill
    (
        "Bill Clinton and Hillary Clinton arrived. Mrs. Clinton said the plan would work.",
        "the plan would work",
        "Hillary Clinton",
        "person",
    ),
    # a possessive-only mention and an honorific: the fullest name printed earlier
    (
        "Donald J. Trump spoke in Ohio. Mr. Trump's campaign was absent. Mr. Trump said the deal was bad.",
        "the deal was bad",
        "Donald J. Trump",
        "person",
    ),
    # a document resolved to whoever issued it: a possessive pronoun, a body before the noun, "from"
    (
        "Carly Fiorina spoke in Ohio on Monday. Her financial disclosure says that she gave the fees to charity.",
        "she gave the fees to charity",
        "Carly Fiorina",
        "person",
    ),
    (
        "A Feb. 1 letter from the American Legion said that the emblem could not be used.",
        "the emblem could not be used",
        "American Legion",
        "organisation",
    ),
    # an acronym from its introduction
    (
        "The Parliamentary Budget Officer (PBO) released figures on Monday. The PBO said that the deficit would grow.",
        "the deficit would grow",
        "Parliamentary Budget Officer",
        "organisation",
    ),
    # a title written without its dot is not part of the name
    (
        "Gov Fallin spoke. Governor Mary Fallin said that the state was safe.",
        "the state was safe",
        "Mary Fallin",
        "person",
    ),
    # a description of the person the story is about
    (
        "Donald Trump held a rally in Ohio. The billionaire businessman said that the polls were rigged.",
        "the polls were rigged",
        "Donald Trump",
        "person",
    ),
    # "which" right after a name is that name
    (
        "China is a member of the World Trade Organization, which said that the tariffs were illegal.",
        "the tariffs were illegal",
        "World Trade Organization",
        "organisation",
    ),
    # anonymous and group sources are named as written, with their kind
    ("A senior official said that the talks had failed.", "the talks had failed", "senior official", "anonymous"),
    ("Many voters said that the economy was weak.", "the economy was weak", "Many voters", "group"),
    # "the group", "the institute", "the magazine": the organisation named before (the one that acted)
    ("The Trayvon Martin Foundation declined to comment, telling Fox 35 that it was busy. “We are focused on that mission,” the group said.", "We are focused on that mission,", "Trayvon Martin Foundation", "organisation"),
    ("The poll was released by the Public Policy Institute of California. Mrs. Clinton leads by eight points among Democrats, the institute said.", "Mrs. Clinton leads by eight points among Democrats", "Public Policy Institute of California", "organisation"),
    ("Bill Clinton sent a cookie recipe to Family Circle magazine. The magazine said that its poll had predicted the winner five times.", "that its poll had predicted the winner five times", "Family Circle", "organisation"),
    # "the government … the government": one body, named with its nationality further back
    ("The Mexican government is worried about the election. Claudia Ruiz Massieu told reporters that the government must change its strategy. Now the government says that its diplomats will speak up.", "that its diplomats will speak up", "Mexican government", "organisation"),
    # a role the article never wrote with the name, a description: the person the story is about,
    # not a subject of the same sentence
    ("Harry Reid spoke on Wednesday. The minority leader said flatly: “I don’t think it matters.”", "I don’t think it matters.", "Harry Reid", "person"),
    ("Donald Trump spoke on Sunday. Mr. Trump took on Hillary Clinton after the Democratic front-runner had said that he was a recruiter for ISIS.", "that he was a recruiter for ISIS", "Hillary Clinton", "person"),
    # the name an antecedent described by a copula stands for
    ("Angela Corey is the state attorney who said that the case was closed.", "that the case was closed", "Angela Corey", "person"),
    # a document: its author written with another mention of it, an acronym, a bare possessive
    ("The Federal Election Commission met on Monday. A 1996 FEC advisory opinion said that the fees were legal.", "that the fees were legal", "Federal Election Commission", "organisation"),
    ("Bernie Sanders wrote to his supporters. Sanders’ fundraising email says that Jane Kim is a civil rights attorney.", "that Jane Kim is a civil rights attorney", "Bernie Sanders", "person"),
    # a headline's capitals around a surname the story prints in full; a dateline glued to a name
    ("Absent Trump says debate was rigged\nDonald Trump skipped the debate on Thursday.", "debate was rigged", "Donald Trump", "person"),
    ("ROME - Bernie Sanders met the pope on Saturday. Sanders said that the meeting was private.", "that the meeting was private", "Bernie Sanders", "person"),
    # "it": the organisation named last; a transcript's capitalised label: the person named before
    ("Apple Inc. released a statement on Monday. It said that the product was safe.", "that the product was safe", "Apple Inc", "organisation"),
    ("CNN's Jake Tapper asked the governor about the race.\n\nTAPPER: Do you think that the race is over?", "Do you think that the race is over?", "Jake Tapper", "person"),
    # a pronoun inside a relative clause is not the person the clause describes; a pronoun before
    # the sentence's subject is that subject
    ("Donald Trump skipped the debate. His feud was with the moderator Megyn Kelly, who he said had been unfair to him.", "had been unfair to him", "Donald Trump", "person"),
    ("Donald Trump was in Maine. In what he called a rant, President Obama said that the rules were fair.", "that the rules were fair", "Obama", "person"),
    # "he": the subject who reports before the subject reported on; a subject's possessor counts as a subject
    ("Richard Viguerie backs the senator. Ted Cruz is the most able candidate, Viguerie argues.\n\n“He is our best debater,” he says.", "He is our best debater,", "Richard Viguerie", "person"),
    ("Agusein Garcia works at a grocery store. But Garcia’s kids have sold him on Bernie Sanders. If Hillary Clinton is the nominee, he said, he would consider a third party.", "he would consider a third party", "Agusein Garcia", "person"),
    # a direct quote's own speaker is the antecedent of the next quote's "he"
    ("“Donald Trump does not understand terrorism,” said Daniel Benjamin, who served under Hillary Clinton. “He is wrong about Iraq,” he said.", "He is wrong about Iraq,", "Daniel Benjamin", "person"),
    # the subject of the main clause before the subject of a "when" clause
    ("When Rachel Maddow pointed out the gap, Hillary Clinton seized on it. She said that the plan was fair.", "that the plan was fair", "Hillary Clinton", "person"),
    # "the diplomat": the person that noun was written with before; an unnamed official stays one
    ("British diplomat Peter Westmacott spoke in London on Monday. The diplomat said that the talks had failed.", "that the talks had failed", "Peter Westmacott", "person"),
    ("Peter Westmacott, a British diplomat, spoke in London on Monday. The diplomat said that the talks had failed.", "that the talks had failed", "Peter Westmacott", "person"),
    ("A senior official spoke in London on Monday. The official said that the talks had failed.", "that the talks had failed", "official", "anonymous"),
    # a nationality in a description must be the person's; a party word need not be written near the name
    ("Donald Trump spoke in Ohio on Monday. The Russian leader said that the talks were useful.", "that the talks were useful", "Russian leader", None),
    # a surname two people share: the one named most often, not the longest name
    ("Sen. Chris Murphy spoke in Hartford. Chris Murphy has pushed for new gun laws. The school lost a teacher's aide, Anne Marie Murphy, in the shooting. “We will not stop,” Murphy said.", "We will not stop,", "Chris Murphy", "person"),
    ("Jeb Bush spoke in Miami on Monday. Jeb Bush is running for president. His brother, George W. Bush, stayed home. “We will win,” Bush said.", "We will win,", "Jeb Bush", "person"),
    # a subject "he" before a name that is no subject stands for whom it means
    ("Paul Ryan flew to Israel on Monday. He visited Prime Minister Benjamin Netanyahu in Jerusalem, where he said that the alliance was strong.", "that the alliance was strong", "Paul Ryan", "person"),
    # "the president" is the one titled just that, before a World Bank president
    ("President Barack Obama spoke at the White House. World Bank President Jim Yong Kim spoke later. The president said that the climate deal would hold.", "that the climate deal would hold", "Barack Obama", "person"),
    # an abbreviation of the words before a body's name: "NY Daily News"
    ("The New York Daily News ran the story on Monday. The NY Daily News said that the attack was planned in Syria.", "that the attack was planned in Syria", "New York Daily News", "organisation"),
    # the sentences of a long direct quote do not count when looking back for "he"
    ("Florent Groberg spoke about the expectations of Bernie Sanders’ supporters.\n\n“The crowd is young. They have never been in a war. They believe in peace. I wish it were so. I really do. It is not,” he said.", "The crowd is young. They have never been in a war. They believe in peace. I wish it were so. I really do. It is not,", "Florent Groberg", "person"),
    # an indefinite description whom the next sentences name for the first time as their subject
    ("A lawmaker in Manila is calling for a ban on the imports. \"There is no basis for this,\" Joey Salceda said in a bill filed on Tuesday. A federal judge ruled on Monday that the ban will not stand.", "that the ban will not stand", "federal judge", None),
    ("A federal judge ruled on Monday that the man will stay in custody. U.S. District Judge David Bristow said the evidence was strong.", "that the man will stay in custody", "David Bristow", "person"),
    ("A woman who has accused the mayor of fraud said on Sunday that he had lied to her. She also said that the city had known about it. Jane Miller, who worked for the mayor in 2010, spoke on a radio show.", "that the city had known about it", "Jane Miller", "person"),
    ("A woman who has accused the mayor of fraud said on Sunday that he had lied to her. Jane Miller, who worked for the mayor in 2010, spoke on a radio show.", "that he had lied to her", "Jane Miller", "person"),
    # ... an anonymous noun only for a person written with that noun
    ("A spokesman for Sen. Marco Rubio said that the senator would attend. Rubio spokesman Alex Conant said the debate was over.", "that the senator would attend", "Alex Conant", "person"),
    ("A senior official said that the talks had stalled. John Smith, a professor at Yale, said that the talks would resume.", "that the talks had stalled", "senior official", "anonymous"),
    # ... not someone the story named before, nor "another" person, nor one written with another role
    ("Mayor John Harris spoke on Monday. A spokesman said that the budget was balanced. Harris said that taxes would not rise.", "that the budget was balanced", "spokesman", "anonymous"),
    ("A man calling himself Paul wrote that the plan was a disaster. Another user, Roland Zeller, wrote that it was fine.", "that the plan was a disaster", "man", None),
    ("A party activist said that the vote was rigged. The party chairman, Kelly Armstrong, called for a recount.", "that the vote was rigged", "party activist", None),
    # a pronoun as its sentence's main subject comes before a name that is the subject of a clause inside
    ("Juanita Smith spoke on the radio on Friday. She has gone public with her story again as Clinton has emerged to play a role in the campaign of his wife, Hillary Clinton. On Sunday, she said that Bill Clinton had called her.", "that Bill Clinton had called her", "Juanita Smith", "person"),
    # "the ministry" after "China’s foreign ministry": the body written with that noun
    ("A Chinese official responded on Monday, while China’s foreign ministry also weighed in. “Countries outside the region should stick to their promises,” the ministry said in a statement.", "Countries outside the region should stick to their promises,", "China’s foreign ministry", None),
    ("The ministry met on Monday. “Countries outside the region should stick to their promises,” the ministry said in a statement.", "Countries outside the region should stick to their promises,", "ministry", None),
    # a document's author written after an adjective, in a compound of the noun, with its possessive
    # inside the body's name, or as a place name that ends in a body's noun
    ("Ferguson does not rank among the most dangerous cities, according to the most recent data available from the FBI.", "Ferguson does not rank among the most dangerous cities", "FBI", "organisation"),
    ("Trump leads the field with 27 percent, according to the Real Clear Politics polling average.", "Trump leads the field with 27 percent", "Real Clear Politics", "organisation"),
    ("Clinton leads Sanders by 20 points, according to HuffPost Pollster’s polling average.", "Clinton leads Sanders by 20 points", "HuffPost Pollster", "organisation"),
    ("Christie's administration spent $2 million on travel, according to a New Jersey Watchdog report.", "Christie's administration spent $2 million on travel", "New Jersey Watchdog", "organisation"),
    # ... the author written with "from" before a name compounded with another word
    ("According to White House-era documents from Diane D. Blair, the first lady had called her a loony.", "had called her a loony", "Diane D. Blair", "person"),
    # a document filed by someone the article names in a clause after the noun
    ("The November 23 lawsuit filed by a former staffer named Bradley Podliska alleges that he was fired illegally. The suit says that the committee broke the law.", "that the committee broke the law", "Bradley Podliska", "person"),
]


@pytest.mark.parametrize("text,content,name,kind", NAMES)
def test_speaker_name_and_kind(extractor, text, content, name, kind):
    quote = quote_with(extractor, text, content)
    assert (quote.speaker_name, quote.extra.get("speaker_kind")) == (name, kind)


# (text, content, expected name) in the attributions scope: evidence and stances
BROAD_NAMES = [
    # a body's possessive before a document or a person; a new poll is not the one named before
    (
        "The Clinton Foundation raised money abroad. Donors gave $2 billion, according to the foundation's tally.",
        "Donors gave $2 billion",
        "Clinton Foundation",
    ),
    ("A CNN poll showed Clinton ahead. A Bloomberg poll found that Trump was gaining among young voters.", "that Trump was gaining among young voters", "Bloomberg"),
    ("May's Washington Post-ABC News poll found that most voters distrusted both candidates.", "that most voters distrusted both candidates", "Washington Post-ABC News"),
    ("Fox News’s Megyn Kelly said the debate was fair.", "the debate was fair", "Megyn Kelly"),
    (
        "Brent Bozell III runs a watchdog. The Media Research Center criticised the network. Media Research Center’s Bozell said the coverage was biased.",
        "the coverage was biased",
        "Brent Bozell",
    ),
    # "the agency": the department named before; "she" is not the name in "the Obama administration"
    ("The State Department released the emails on Friday. The agency said that more would follow in March.", "that more would follow in March", "State Department"),
    ("Jan Piercy joined the Obama administration in 1993. She said that the bank had been badly run.", "that the bank had been badly run", "Jan Piercy"),
    # a full name the model tagged as something else, where the story writes "Mr. Prasad"; a document's author after "from"
    ("Eswar Prasad teaches at Cornell. “The yuan will fall,” said Mr. Prasad.", "The yuan will fall,", "Eswar Prasad"),
    ("Eswar Prasad teaches at Cornell. “The yuan will fall,” said Dr. Prasad.", "The yuan will fall,", "Eswar Prasad"),
    # an emphatic reflexive is not part of the name; "the company" is the last organisation that did something,
    # or the one written as a company
    ("Bernie Sanders spoke in Iowa. Sanders himself, who was not present, said that the party was wrong.", "that the party was wrong", "Bernie Sanders"),
    ("Valeant Pharmaceuticals International lost money. On Tuesday, the company said it would not be able to file its report.", "it would not be able to file its report", "Valeant Pharmaceuticals International"),
    ("Apple Inc., the company behind the iPhone, sued Google. The company said that the patents were clear.", "that the patents were clear", "Apple Inc"),
    ("The Brennan Center criticised the plan on Monday. The company said that the plan was fine.", "that the plan was fine", "company"),
    # a first name the model left out of the name; a full name tagged as a body after a title or before an age
    ("The ruling was criticised, said Paloma Wu, legal director for the state American Civil Liberties Union.", "The ruling was criticised", "Paloma Wu"),
    ("Former Hewlett-Packard CEO Carly Fiorina said that she would win.", "that she would win", "Carly Fiorina"),
    # "his son", "Reagan's daughter": the person the story writes with that noun, before or just after
    ("Donald Trump spoke on Monday. His son said that the campaign was just getting started. Eric Trump, son of the Republican front-runner, spoke in Ohio.", "that the campaign was just getting started", "Eric Trump"),
    ("Patti Davis, Ronald Reagan’s daughter, wrote on Monday. Reagan's daughter said that the speech was dangerous.", "that the speech was dangerous", "Patti Davis"),
    ("Donald Trump spoke on Monday. His son said that the campaign was just getting started.", "that the campaign was just getting started", "His son"),
    # a first name our gender list knows though the nickname table does not; a possessor is not the subject a pronoun means
    ("Ivanka Trump launched a collection in May. Trump said that the shoes were made in China.", "that the shoes were made in China", "Ivanka Trump"),
    ("Trump’s running mate, Indiana Gov. Mike Pence, has thrown his support behind Paul Ryan. And he said that the party was united.", "that the party was united", "Mike Pence"),
    # a profile or an account speaks for its owner
    ("Hillary Clinton spoke in Ohio on Monday. Her Twitter account said that the rally was full.", "that the rally was full", "Hillary Clinton"),
    ("Mohamed Shoukair was a pilot. According to his Facebook profile, he had studied in Cairo.", "he had studied in Cairo", "Mohamed Shoukair"),
    # a body named after its description; a role with the place left out; a photo credit is no organisation
    ("But a super PAC supporting Mrs. Clinton's candidacy, Priorities USA Action, said that it would spend more.", "that it would spend more", "Priorities USA Action"),
    ("Rick Perry, the former Texas governor, endorsed Ted Cruz. The former governor said that Cruz was a fighter.", "that Cruz was a fighter", "Rick Perry"),
    ("Vanguard Logistics Services employed him.\n\nLinkedIn/Geert Supre.\n\nThe company said that he was a respected colleague.", "that he was a respected colleague", "Vanguard Logistics Services"),
    # a description before a surname the story prints in full
    ("Donald Trump met Enrique Peña Nieto. “We didn't discuss that,” warm-and-fuzzy Trump said.", "We didn't discuss that,", "Donald Trump"),
    # a role holder who is the subject of the mention's sentence before the latest one
    ("Sen. Ted Cruz spoke on Monday. Sen. Rand Paul left early. Cruz defended his plan on Tuesday, and the senator said that it was right.", "that it was right", "Ted Cruz"),
    # a name modifying another noun of the mention describes the speaker, it is not the speaker
    ("“It is over,” said Griffin, an Obama backer.", "It is over,", "Griffin"),
    ("“It is over,” said the former Clinton White House aide and current ABC News anchor George Stephanopoulos.", "It is over,", "George Stephanopoulos"),
    # a full name the model cut short, written again in full
    ("President Enrique Peña Nieto met Trump. Peña Nieto, contradicting Trump, said that Mexico would not pay.", "that Mexico would not pay", "Enrique Peña Nieto"),
    # a full name written with a nickname is the fullest form printed; another first name is someone else
    ("Joseph R. Biden Jr. visited Iowa. Joe Biden said that he was proud of the state.", "that he was proud of the state", "Joseph R. Biden Jr"),
    ("Joseph R. Biden Jr. visited Iowa. Hunter Biden said that he was proud of the state.", "that he was proud of the state", "Hunter Biden"),
    ("An email from Neera Tanden said that the plan was risky.", "that the plan was risky", "Neera Tanden"),
    # a name in the speaker's description ("Michele Bachmann’s campaign") is not the speaker
    ("Brett O’Donnell, chief strategist for Michele Bachmann’s campaign, said that the debate was over.", "that the debate was over", "Brett O’Donnell"),
    # a role a department names; the senator whose home is the place named; a document's maker
    ("Treasury Secretary Jacob J. Lew met bankers on Monday. The Treasury secretary said that the rules would stay.", "that the rules would stay", "Jacob J. Lew"),
    ("Donald Trump spoke in Florida on Monday. Sen. Marco Rubio of Florida stayed in Washington. The Florida senator said that the party was split.", "that the party was split", "Marco Rubio"),
    ("Senator Ted Cruz issued a statement on Monday. The statement said that the deal was dead.", "that the deal was dead", "Ted Cruz"),
    # an age in a description is no place
    ("Chris Murphy spoke in Hartford on Monday. The 43-year-old former congressman said that the bill was dead.", "that the bill was dead", "Chris Murphy"),
    # a poll named with the body that ran it; a paper whose name ends in a document noun; a
    # description the model took into a name
    ("Donald Trump leads, according to a Morning Consult Poll released on Monday.", "Donald Trump leads", "Morning Consult"),
    ("A Morning Consult poll found that Donald Trump leads.", "that Donald Trump leads", "Morning Consult"),
    # two bodies that ran a poll together; a body's first word tagged as a place, where the story names the body
    ("A new CNN/ORC poll found that Clinton led in Florida.", "that Clinton led in Florida", "CNN/ORC"),
    ("Quinnipiac University released a survey on Monday. The Quinnipiac poll found that Clinton led in Florida.", "that Clinton led in Florida", "Quinnipiac University"),
    ("A new Iowa poll found that Clinton led in Florida.", "that Clinton led in Florida", "new Iowa poll"),
    ("The New York Post reported that Anthony Weiner had sent more messages.", "that Anthony Weiner had sent more messages", "New York Post"),
    ("Billionaire Donald Trump said that the wall would be built.", "that the wall would be built", "Donald Trump"),
    # "it": an organisation named earlier in its sentence before the last one that acted
    ("The State Department released emails on Monday. Documents from the Democratic National Committee began circulating after it announced that the server had been hacked.", "that the server had been hacked", "Democratic National Committee"),
    # "the newspaper": the body named before, in its fullest form
    ("The New York Daily News ran the story on Monday. The newspaper said that the attack was planned in Syria.", "that the attack was planned in Syria", "New York Daily News"),
    # a document's author written with a later mention of it ("The poll, released … by …")
    (
        "Clinton and Sanders are locked in a tight race, a new statewide poll has found. The poll, "
        "released on Wednesday by the Public Policy Institute of California, showed a two-point race.",
        "Clinton and Sanders are locked in a tight race",
        "Public Policy Institute of California",
    ),
    # ... but not a headline's acronym, which may abbreviate a role ("IG" is an inspector general)
    (
        "IG report: State was inaccurate on Clinton\nThe State Department's inspector general released a report "
        "on Wednesday. The report said that the rules were broken.",
        "that the rules were broken",
        "report",
    ),
    # "that" after a described antecedent: the name in apposition
    ("The website that originally listed the gun for auction, GunBroker.com, has removed the listing.", "the gun for auction", "GunBroker.com"),
    # a title ending in "-woman" tells a woman ("he" is not Assemblywoman Claudia Tenney)
    ("Assemblywoman Claudia Tenney won the primary on Tuesday. Tenney previously helped fight tribal leader Ray Halbritter, who led the campaign to change the mascot because he claimed it was offensive.", "it was offensive", "Ray Halbritter"),
    # "X is among those who …", "X is one of those who …": the relative pronoun is X; not a group
    ("Naureen Jahangir, a Sanders supporter from Hemet, California, is among those who say they have no intention of backing Clinton.", "they have no intention of backing Clinton", "Naureen Jahangir"),
    ("John Smith is one of those who believe that the tax should go.", "that the tax should go", "John Smith"),
    ("Many people are among those who say they will not vote.", "they will not vote", "those"),
    # a description in apposition to a name is that name
    ("Digital ads were a key focus for super PACs. A super PAC supporting Marco Rubio’s campaign for the GOP nomination, Conservative Solutions PAC, led the way, attacking rivals Chris Christie and Ted Cruz.", "rivals Chris Christie and Ted Cruz", "Conservative Solutions PAC"),
    ("81-year-old Parker Eaton, a nominal Republican who voted for JFK and Bill Clinton, said that Trump would win.", "JFK and Bill Clinton", "Parker Eaton"),
]


@pytest.mark.parametrize("text,content,name", BROAD_NAMES)
def test_speaker_name_in_attributions(broad, text, content, name):
    assert quote_with(broad, text, content, exact=True).speaker_name == name
