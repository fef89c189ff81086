"""The words around a place name that say what it is doing in a sentence: "in X", "the town of X", "near X",
"400 km north of X", "the X district", "X city". The same in every war: no place is named here.

This module is the one home of the "near X / the town of X" patterns: other modules import them from here.
"""

from __future__ import annotations

import re

from .dates import MONTH_NAMES

# As runs.UPPER: capitals of the Latin scripts (Latin-1, Latin Extended-A, the Azerbaijani schwa).
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de" + "".join(c for c in map(chr, range(0x100, 0x180)) if c.isupper()) + "\u018f"
_ARTICLE = r"(?:a[dlnrstz]|ash|ath|adh|e[dlnrstz]|esh|eth|il|ul)-"  # as runs.ARTICLE: "al-", "ash-", "ez-"

# ---------------------------------------------------------------------------------------- shared patterns

# "the town of ", "village of ", "the city of ": a settlement noun before a name.
SETTLEMENT_OF = r"(?:(?:town|city|village) of\s+)"
# What stands before a name that is near the event rather than its place, as a regular expression to end a
# search at the name: "near X", "around X", "outside X", "close to X", "north of X", "north-east of the town of X".
NEAR_WORDS = r"(?:near|around|outside|close to|(?:north|south|east|west)(?:-?(?:east|west))?(?: of|wards of))"
NEAR_BEFORE = r"\b" + NEAR_WORDS + r"\s+(?:the\s+)?" + SETTLEMENT_OF + "?$"
# Where a force goes: "towards X", "to the town of X", "into X".
DESTINATION_BEFORE = r"\b(?:towards?|to|for|into)\s+(?:the\s+)?" + SETTLEMENT_OF + "?$"

# ---------------------------------------------------------------------------------------- word classes

CONNECTORS = frozenset({"of", "for", "de", "du", "des", "la", "le", "el", "al", "the"})
# Words that make a run of capitalised words the name of an organisation, an event or a natural feature,
# with no town inside: "Gao Regional Council", "Islamic State", "Paris Peace Conference", "Battle of Aleppo",
# "Snake Island". (A facility keeps its town: "Timbuktu Airport" is at Timbuktu.)
ORG_WORDS = frozenset(
    "movement front council committee union organisation organization institute agency mission regiment "
    "brigade brigades battalion army forces force group party bank university school ministry government "
    "assembly parliament coordination alliance association company corporation news television radio press "
    "programme program nations court office service police guard federation league society foundation fund "
    "authority commission department cup championship airlines heritage state states emirate caliphate "
    "cooperative chamber network embassy consulate hospital hospitals stadium conference summit treaty accord "
    "accords agreement protocol declaration convention charter war battle offensive campaign operation siege "
    "massacre uprising revolution insurgency conflict crisis observatory directorate division corps command "
    "administration centre center institution prize order medal award hero hôpitaux hôpital "
    "island islands heights hill hills mountains pass peninsula sea gulf lake square".split()
)
# Administrative units: "Sumy Oblast", "Daraa Governorate", "Idlib province" name regions, not towns.
REGION_WORDS = frozenset("oblast oblasts governorate governorates province provinces region regions raion rayon "
                         "district districts subdistrict countryside front county municipality".split())
# Titles that make a run a person's name: "President Volodymyr Zelenskyy", "Lt. Col. Diarra".
TITLE_WORDS = frozenset(
    "president vice prime minister general gen colonel col lt lieutenant major maj captain capt commander "
    "sergeant sgt mayor governor king queen prince princess emir imam ayatollah pope senator ambassador "
    "secretary chief spokesman spokesperson mr mrs ms dr brigadier marshal admiral director chairman leader "
    "premier chancellor sultan patriarch bishop archbishop deputy".split()
)
# Lower-case role words just before a name: "the mayor Serhiy Yarmak", "commander Abu Omar".
# Vessels too: "the cruiser Moskva" is a ship, not Moscow.
ROLE_WORDS = TITLE_WORDS | frozenset("journalist activist fighter officer soldier pilot spokesman cleric "
                                      "businessman politician writer poet photographer cruiser warship ship "
                                      "flagship frigate corvette destroyer vessel submarine tug tugboat boat "
                                      "tanker carrier".split())
# Never a place as a whole name: sentence openers, pronouns, days and months; religions and religious law
# (Syria's village layer has an "Ash Sharī‘ah" and a "Shūrá": "ruled according to Sharia, via Shura"); and the generic
# words that open many Arabic and other place names but name nothing alone ("Wadi", "Jabal", "Tell").
NOT_PLACES = MONTH_NAMES | frozenset(
    "The A An On In At By For From To After Before During Since Until While When With Without This That These "
    "Those Their Its His Her It He She They We I Mali's Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday However According Despite Although Meanwhile Following Later Some Many Most Both Several Other "
    "Further Also Because Once Then Thus Each All No Yet Still Near Outside Inside Along Around Between "
    "Islam Christianity Judaism Sunni Sunnis Shia Shias Shiite Shiites Alawite Alawites Druze Yazidi Yazidis "
    "Muslim Muslims Christian Christians Orthodox Catholic Catholics Jewish Jews Hindu Buddhist "
    "Sharia Shariah Shura Jihad Fatwa Ummah "
    "Wadi Jabal Jebel Djebel Tell Tel Tall Ain Ayn Bir Ras Nahr Kafr Deir Dayr Qasr Khirbet Sheikh Shaykh Abu "
    "Umm Beit Bayt Bab Hay Hayy Burj Mazraa Mount Lake Cape Port Fort "
    "North South East West Northern Southern Eastern Western Central Upper Lower Old New Greater Little".split()
)
# Lower-case words that may follow a place name. A name before any other lower-case word is an adjective
# ("in Islamist territory"), not a place. Function words are a closed class, the same in every article.
AFTER_A_NAME = frozenset(
    "and or but nor on in at to from for of by with near after before during since until till was were is are "
    "be been being has had have as where which who whom whose that while when than then also into onto toward "
    "towards through throughout across against between among amid amidst under over within without outside "
    "around along beyond despite following via per upon about behind below above beside inside like unlike "
    "the a an its their his her this these those it they he she we itself remained fell city town village "
    "neighbourhood neighborhood district suburb".split()
)
# A first word that says where, not what: "In Aleppo" at the start of a sentence is "in" + "Aleppo".
LEADING_CUES = frozenset("In At Near From To Into Outside Around Towards Toward".split())
# A first word that opens a sentence or a clause, never a name: "Although Shusha had been under bombardment"
# is "Although" + "Shusha".
OPENERS = frozenset(
    "The A An On By For After Before During Since Until While When With Without This That These Those Their Its "
    "His Her It He She They We However According Despite Although Though Meanwhile Following Later Some Many Most "
    "Both Several Other Further Also Because Once Then Thus Each All No Yet Still Unlike Like Whereas If As "
    "Afterwards Subsequently Eventually Finally Initially Previously Earlier".split())

# ---------------------------------------------------------------------------------------- place slots

# The last word of a site's name ("Snake Island", "Kherson Airport", "Lalatapa Heights"): a place, though not a
# town. GeoNames' bundled layers hold populated places only, so a site no curated entry knows is listed as
# not found, never dropped silently.
SITE_NOUNS = frozenset("island islands islet isle airport airfield airbase heights hill hills dam peninsula "
                       "spit cape pass".split())
SETTLEMENT_NOUNS = frozenset("town city village locality localities commune towns villages cities hamlet "
                             "settlement settlements district neighbourhood neighborhood quarter suburb capital "
                             "suburbs outskirts".split())
_DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest north-east north-west "
                        "south-east south-west".split())
_SETTLEMENT_BEFORE = frozenset("town city village hamlet settlement".split())
STRONG_CUES = frozenset({"in", "at", "near", "capital"})  # "the Ghanaian capital Accra"
# Where a force goes or what it does to a place: weaker than "in", but a known place of the article's own
# countries is taken there.
LOCATIVE_CUES = STRONG_CUES | frozenset(
    "from to towards toward into outside around reached entered occupied captured seized took retook recaptured "
    "shelled bombed bombarded struck attacked besieged stormed surrounded encircled liberated overran evacuated "
    "left abandoned defended targeted on against via through across between connecting linking".split()
)
BARE, LOCATIVE, STRONG = 0, 1, 2
_OPENING_MARKS = "([\"“‘'"


def slot_strength(sentence: str, start: int) -> int:
    """How strongly the words just before `start` make it a place slot: STRONG for "in X", "at X", "near X",
    "the town of X", "north of X"; LOCATIVE for "captured X", "towards X"; BARE otherwise."""
    head = sentence[start - 30 if start > 30 else 0 : start]
    if not head or not head[-1].isspace():
        return BARE
    words = head.rsplit(None, 2)  # the last two words are all the cues read
    if not words:
        return BARE
    if words[-1][0] in _OPENING_MARKS:
        words[-1] = words[-1].lstrip(_OPENING_MARKS)  # "(in Seydimli, one schoolboy injured)", "“in Kyiv"
    last = words[-1]
    if last in STRONG_CUES or last == "capital,":  # "between the capital, Damascus, and the coast"
        return STRONG
    if last == "of" and len(words) > 1 and (words[-2] in SETTLEMENT_NOUNS or words[-2] in _DIRECTIONS):
        return STRONG
    if last in _SETTLEMENT_BEFORE:
        return STRONG  # "nearby Armenian village Karintak"
    return LOCATIVE if last in LOCATIVE_CUES else BARE


def tail(sentence: str, end: int, width: int = 40) -> str:
    """The words just before a name: every cue ("in", "400 km north of", "the town of") is short, and
    searching a bounded window keeps the cost per name constant however long the sentence."""
    return sentence[end - width if end > width else 0 : end]


# ---------------------------------------------------------------------------------------- not the event's place

# A sentence about a named event itself: "The battle of Sumy was ...", "The Battle of al-Qusayr took place ...",
# "The 2016 Aleppo offensive began ...", "The siege of Mariupol lasted ...".
EVENT_NAME_WORDS = rf"(?:{_ARTICLE})?[{_UPPER}][\w'’]*(?:[ -](?:{_ARTICLE})?[{_UPPER}][\w'’]*){{0,2}}"
EVENT_SUBJECT = re.compile(
    r"(?:The\s+|the\s+)?(?:\*\*)?(?:\d{4}(?:[–-]\d{2,4})?\s+)?(?:(?:First|Second|Third|Fourth|first|second|third|fourth)\s+)?"
    rf"(?:(?:[Bb]attles?|[Ss]iege|[Ss]torming|[Cc]apture|[Ff]all|[Ll]iberation|[Oo]ffensive|[Aa]ssault)\s+(?:of|for|on|in)\s+"
    rf"(?P<name>{EVENT_NAME_WORDS})|(?P<name2>{EVENT_NAME_WORDS})\s+(?:offensive|counteroffensive|counter-offensive|campaign|"
    r"clashes|massacre|siege))"
    r"(?:\*\*)?\s*(?:\([^()]*\)\s*)?,?\s*(?:was|is|were|are|took\s+place|began|begun|started|refers|lasted|"
    r"occurred|happened|saw|marked|ended|broke\s+out|was\s+fought)\b")
REGION_NOUNS = "Governorate|Oblast|Province|Region|Raion|District|Rayon|governorate|oblast|province|region|district"


# Words before a capital that make it its government, not a place: "pressure on Yerevan", "arms sales to
# Baku", "urged Moscow", "relations with Kyiv", "accused Damascus of".
GOVERNMENT_BEFORE = re.compile(
    r"\b(?:pressure|sanctions|demands?|called|calls?|appeals?|appealed|urged|urging|support|aid|sales|supplies|"
    r"deliveries|shipments|messages?|warnings?|warned|threats?|threatened|ultimatums?|relations|ties|accused|"
    r"accusing|critici[sz]ed|condemned|blamed|recognition|recognized|recognised)\s+(?:on\s+|to\s+|against\s+|"
    r"for\s+|with\s+|from\s+)?$")

_DISTANCE = re.compile(r"(?:\bkm|kilomet(?:er|re)s?|\bmiles?)\b\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
# "Poltavka and Malynivka east of Huliaipole", "Dobropillia, Zaporizhzhia Oblast, just north of Huliaipole":
# the cue follows the towns it locates, with nothing but names and commas between.
_LOCATOR = re.compile(r"(?:just\s+|some\s+|about\s+|located\s+|situated\s+)?" + NEAR_WORDS + r"\s+(?:the\s+)?"
                      + SETTLEMENT_OF + "?$", re.IGNORECASE)
_ONLY_NAMES = re.compile(r"(?:[\s,]|and\b|[A-Z][\w'’.-]*|(?:heights|hills?|villages?|towns?|areas?|positions)\b)*")
_AND_LAST = re.compile(r"\band[\s,]*$")  # "Muzayrib, and near Tafas": Tafas is the list's last town
# Used as match(sentence, end of the name), so they carry no "^".
_THE_X_TOWN_OF = re.compile(r"\s+(?:town|village|city|locality|commune)\s+of\s+", re.IGNORECASE)
# "the In Amenas hostage crisis", "the 2021 Daraa offensive", "their Idlib offensive", "the Daraa insurgency":
# an event named after its place, written in lower case; the sentence is about the event, not the town.
_NAMED_EVENT = re.compile(r"\s+(?:[a-z]+\s+)?(?:crisis|affair|offensive|counteroffensive|counter-offensive|"
                          r"insurgency|uprising|campaign|clashes|massacre)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:[Tt]he|[Tt]heir|[Ii]ts|[Hh]is|[Hh]er|[Oo]ur|[Tt]his|[Tt]hat|[Aa]n?)\s+(?:\*\*|__?)?"
                                r"(?:\d{4}(?:[–-]\d{2,4})?\s+|[a-z][a-z-]*\s+){0,2}$")  # "the on-going Daraa insurgency"
_REGION_OF = re.compile(r"\b(?:countryside|heartlands?|provinces?|governorates?|oblasts?|regions?|(?<!in )front)\s+of\s+(?:the\s+)?"
                        r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s*|,?\s+and\s+))*$")  # "regions of Gao and Timbuktu"
_REGION_AFTER = re.compile(r"['’]?s?\s+(?:" + "|".join(sorted(REGION_WORDS)) + r")\b")
THE_BEFORE = re.compile(r"\bthe\s+$")
# A natural feature named after a town: "the Dnipro river". (A facility or the heights by a town keep the
# town, as a reader takes them: "Kidal airport", "the Talysh heights".)
_FEATURE_AFTER = re.compile(r"\s+(?:mountains?|island|ridge|pass|peninsula|river|lake|valley|forest)\b")
# "advances in rural Kobanî": the countryside around the town, a region.
_RURAL_BEFORE = re.compile(r"\brural\s+$")
# A road named after the town it leads to: "shelling of the Bakhmut highway" is not at Bakhmut.
_ROAD_WORD = r"\s+(?:highway|motorway|road|railway)\b"
_ROAD_AFTER = re.compile(_ROAD_WORD)
# A road named after the towns at its ends, "the strategic Shusha–Lachin road": each of its names is the road's.
_ROAD_END_AFTER = re.compile(r"(?:\s*[–—-]\s*[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*)*)+" + _ROAD_WORD)
_ROAD_END_BEFORE = re.compile(r"\bthe\s+(?:[a-z][a-z-]*\s+){0,2}(?:[A-Z][\w'’.]*(?:[ -][A-Z][\w'’.]*)*\s*[–—-]\s*)+$")
_THE_ADJECTIVES_BEFORE = re.compile(r"\bthe\s+(?:[a-z][a-z-]*\s+){0,2}$")
_BODY_OF = re.compile(r"\b(?:government|administration|authorities|council|governor|mayor|municipality|"
                      r"governorship|mayoralty)\s+of\s+(?:the\s+)?(?:city\s+of\s+)?$")
_DIRECTION_OF = re.compile(r"\b(?:facing|overlooking)\s+(?:the\s+)?$")
_SIDE_AFTER = re.compile(r"['’]?s?\s+side\b")  # used as match(sentence, end of the name)
# "an ambush at al-Ruba’i checkpoint between al-Msifrah and al-Jizah", "the al-Shabrouq road between the two towns
# of Nafaa and Ain Zakr": the towns say where the named checkpoint or road is (tests/data/ANNOTATION.md, locators;
# an unnamed one, "fighting on the road between Gao and Kidal", is at the towns).
_SITE_BETWEEN = re.compile(r"(?:\ba[a-z]-|\b)[A-Z][\w'’-]*\s+(?:checkpoint|road|highway|bridge|crossing|post)\s+between\s+(?:the\s+(?:two\s+)?"
                           r"(?:towns|villages|cities)\s+of\s+)?(?:(?:a[a-z]-)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
                           r"(?:,\s*|,?\s+and\s+))*$")
# "(located on the way from Shusha to Stepanakert)": a parenthesis that says where the place before it is.
_LOCATED_ASIDE = re.compile(r"\((?:located|situated|lying)\b[^()]*$")


def only_locates(sentence: str, start: int, end: int, town_before: int) -> bool:
    """True when the name at start..end says where something else is, or names a region or an earlier
    event, rather than the place of this sentence's event. town_before: where the last town named before
    it ends, -1 when none was."""
    head = tail(sentence, start)
    lowered = head.lower()
    if ("km" in lowered or "kilomet" in lowered or "mile" in lowered) and _DISTANCE.search(head):
        return True  # "400 km north of Bamako" says where Diabaly is, nothing happened at Bamako
    if 0 <= town_before < start and start - town_before < 80:
        cue = _LOCATOR.search(sentence, town_before, start)
        if (cue and _ONLY_NAMES.fullmatch(sentence, town_before, cue.start())
                and not _AND_LAST.search(sentence, town_before, cue.start())):
            return True  # "Tamalat and Insinane, near Ménaka"
    if _THE_X_TOWN_OF.match(sentence, end):
        return True  # "the Gao town of Bamba" is about Bamba
    if _BODY_OF.search(head):
        return True  # "the provincial government of Zaporizhzhia": an authority named after its seat
    if _DIRECTION_OF.search(head) or _SIDE_AFTER.match(sentence, end):
        return True  # "the ridge facing Stepanakert", "from Stepanakert side": a direction, not a place of events
    if " between " in sentence and _SITE_BETWEEN.search(tail(sentence, start, 90)):
        return True  # "at al-Ruba’i checkpoint between al-Msifrah and al-Jizah"
    if _LOCATED_ASIDE.search(head):
        return True  # "Karintak (located on the way from Shusha to Stepanakert)"
    if _REGION_OF.search(head):
        return True  # "the north-western countryside of Daraa", "the regions of Gao and Timbuktu"
    if _REGION_AFTER.match(sentence, end) or _FEATURE_AFTER.match(sentence, end):
        return True  # "in Daraa countryside", "Idlib province", "Talysh heights": named after the town
    if _RURAL_BEFORE.search(head):
        return True  # "rapid advances in rural Kobanî": its countryside
    if _ROAD_AFTER.match(sentence, end) and THE_BEFORE.search(head):
        return True  # "the Bakhmut highway": a road's name
    if (_ROAD_END_AFTER.match(sentence, end) and _THE_ADJECTIVES_BEFORE.search(head)) or (
            _ROAD_END_BEFORE.search(head) and _ROAD_AFTER.match(sentence, end)):
        return True  # "the strategic Shusha–Lachin road": the road between two towns, neither town's event
    return bool(_NAMED_EVENT.match(sentence, end) and _DETERMINER_BEFORE.search(head))  # "the 2021 Daraa offensive"


_NEXT_WORD = re.compile(r"\s+([a-z]+)")  # used with match(text, pos): no "^"
_SETTLEMENT_AFTER = re.compile(r"\s+(?:city|town|village|neighbou?rhood|district|quarter)\b(?!\s+of\b)")


def adjective_before_noun(sentence: str, end: int) -> bool:
    """True when the name ending at `end` is followed by a lower-case word that is not a function word:
    "Islamist territory", "Zorbavillian forces" (an adjective); "Zorbaville and Gao" is a name."""
    word = _NEXT_WORD.match(sentence, end)
    return word is not None and word.group(1) not in AFTER_A_NAME


_SETTLEMENT_OF_BEFORE = re.compile(r"\b(?:town|city|village|hamlet|settlement|locality)s?\s+of\s+(?:the\s+)?$")


def settlement_slot(sentence: str, start: int, end: int) -> bool:
    """'the village of X', 'X village', 'the town X': the words say that X is a populated place."""
    head = tail(sentence, start)
    return (bool(_SETTLEMENT_OF_BEFORE.search(head)) or head.rstrip().rsplit(None, 1)[-1:] in (["town"], ["village"])
            or _SETTLEMENT_AFTER.match(sentence, end) is not None)


def settlement_after(sentence: str, end: int) -> bool:
    """'Homs city', 'Tafas city': a settlement noun right after a name makes it a place slot."""
    return _SETTLEMENT_AFTER.match(sentence, end) is not None


# "the city", "the town", "the village" standing for the town named last ("The city was taken ...", "had
# recaptured the entire city"): not
# "the city of X" (a name follows), not a plural, not inside a longer noun ("the city council" is kept: the
# event is still in the city).
THE_SETTLEMENT = re.compile(r"[Tt]he (?:(?:entire|whole|besieged|embattled|encircled|beleaguered|surrounded|"
                            r"contested|devastated|same) )?(?:city|town|village)\b(?!\s+of\b)(?![-’'](?!s\b))")


# Used as match(sentence, end of the name before, start of this one): what joins two names of one list.
COORDINATION = re.compile(r"(?:\s+and\s+|,\s*and\s+|\s+or\s+|,\s*|-)(?:in\s+)?$")
# "Syria's North (Idlib)", "the northern countryside (Hama)": a name alone in brackets after a direction or a
# region's word glosses that region; no event is at the town.
_REGION_BEFORE_BRACKET = re.compile(r"\b(?:[Nn]orth|[Ss]outh|[Ee]ast|[Ww]est|[Nn]orthern|[Ss]outhern|[Ee]astern|"
                                    r"[Ww]estern|region|province|governorate|countryside|oblast)\s*\($")
_PLURAL_REGION_AFTER = re.compile(r"\s+(?:districts|provinces|governorates|oblasts|regions|raions|rayons|counties|"
                                  r"municipalities)\b")


def glosses_a_region(sentence: str, start: int, end: int) -> bool:
    """'toward Syria's North (Idlib)': the name at start..end, alone in brackets, names the region before it."""
    return (sentence.startswith(")", end) and start > 0
            and _REGION_BEFORE_BRACKET.search(sentence, max(0, start - 30), start) is not None)


def regions_of_a_list(sentence: str, spans: list[tuple[int, int] | None]) -> set[int]:
    """'his visit to Terter, Agdam and Barda districts': the numbers of the names (spans in sentence order,
    None for a mention with no place) of a list that a plural region's word closes: regions, every one."""
    found: set[int] = set()
    for last in range(len(spans) - 1, -1, -1):
        span = spans[last]
        if span is None or last in found or not _PLURAL_REGION_AFTER.match(sentence, span[1]):
            continue
        number = last
        while number >= 0 and spans[number] is not None:
            found.add(number)
            before = spans[number - 1] if number else None
            if before is None or COORDINATION.match(sentence, before[1], spans[number][0]) is None:
                break
            number -= 1
    return found



# ---------------------------------------------------------------------------------------- a city's quarters

# "the Youth Housing", "the Al-Sina’a (Industrial) Quarter", "the Youth Housing and Al-Mahraab Quarters", "the
# Hara North district", "al-Balad district": a quarter of a city, named with the word that says so. Where no
# layer knows the name, the event is at the city (tests/data/ANNOTATION.md, districts). Not "the Southern
# Military District" (a command) or "Idlib District" (a region: its name is a town's, which a layer knows).
_QUARTER_WORD = rf"(?:[{_UPPER}]|{_ARTICLE}[{_UPPER}]|[{_UPPER}][a-z]-[{_UPPER}])[\w’'-]*"
QUARTER = re.compile(
    rf"(?<![\w’'-])(?P<name>{_QUARTER_WORD}(?:\s{_QUARTER_WORD}){{0,2}})"
    rf"(?:\s+\((?P<gloss>[{_UPPER}][\w’'-]*)\))?\s+"
    r"(?P<noun>Quarters?|quarters?|Districts?|districts?|Neighbou?rhoods?|neighbou?rhoods?|Housing)\b(?!\s+of\b)")
_QUARTER_HINT = re.compile(r" [Qq]uarter|istrict|eighbo| Housing")  # most sentences have none: one search in C
_NOT_A_QUARTER = frozenset("military federal administrative electoral congressional school judicial".split())
# "Kuibyshevskyi district", "Pokrovsky district": a Slavic adjective names a raion as often as a city's quarter,
# and which city's quarter the text alone often does not say.
_SLAVIC_ADJECTIVE = re.compile(r"(?:sk|ck|zk)(?:iy|yi|yy|ij|y|iy|oy|a|e|i)$")


def quarters_in(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each quarter the sentence names with a quarter's word ("the Hara North district"
    -> "Hara North"; "the Youth Housing" -> "Youth Housing", the word being part of its name)."""
    if _QUARTER_HINT.search(sentence) is None:
        return []
    found = []
    for match in QUARTER.finditer(sentence):
        start, name = match.start("name"), match.group("name")
        if name.startswith(("The ", "the ")):
            start, name = start + 4, name[4:]
        words = name.lower().split()
        if not words or name in NOT_PLACES or words[0] in _NOT_A_QUARTER or words[-1] in _NOT_A_QUARTER or any(
                w in ORG_WORDS or w in REGION_WORDS for w in words) or _SLAVIC_ADJECTIVE.search(words[-1]):
            continue
        if match.group("noun") == "Housing":
            name = f"{name} Housing"  # the word is the name's own: "Youth Housing"
        found.append((start, match.end(), name))
    return found


_QUARTER_AFTER = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?(?:Quarters?|quarters?|District|district|Neighbou?rhoods?|neighbou?rhoods?)\b")


def names_a_quarter(sentence: str, mention: str) -> bool:
    """Is `mention`, where it first stands in `sentence`, a quarter of a town ("the Al-Sina’a (Industrial) Quarter",
    "the Youth Housing", "the Daraa al-Balad neighborhood")? Taking a quarter is not taking the town."""
    position = sentence.find(mention)
    if position < 0:
        return False
    end = position + len(mention)
    return mention.endswith(" Housing") or _QUARTER_AFTER.match(sentence, end) is not None
