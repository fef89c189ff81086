"""How two spellings of a place name are compared: three keys, from strict to loose.

- fold(): the exact key. No accents, no case, no spaces or punctuation ("Aguel'hoc" = "Aguelhoc").
- variant_keys(): one name's transliterations ("Jisr al-Shughur" = GeoNames' "Jisr ash Shughūr",
  "Raqqa" = "Ar Raqqah", "Sievierodonetsk" = "Severodonetsk"), by general rules of how Arabic, Ukrainian,
  Russian, Turkish and Azerbaijani names are written in English, never by lists of places.
- skeleton(): the consonants of the variant key ("Sheikh Maskin" = "Shaykh Miskīn"), loose enough to join
  unrelated names, so only ever tried among the places of the article's own countries.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FOLD_DROP = re.compile(r"[^0-9a-z]+")
# Latin letters that Unicode does not decompose into a base letter and an accent: without this table
# fold() would drop them ("Laçın" would fold to "lacn").
_LETTERS = str.maketrans({"ı": "i", "ə": "a", "Ə": "a", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
                          "ħ": "h", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ß": "ss", "ŀ": "l"})


def _bare(name: str) -> str:
    if name.isascii():  # most names in an English text: no Unicode work
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_uncached(name: str) -> str:
    """fold() without its cache, for index builds that see each of a million names once."""
    return _FOLD_DROP.sub("", _bare(name))


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """The key names are compared by: no accents, no case, no spaces or punctuation ("Aguel'hoc" = "Aguelhoc")."""
    return fold_uncached(name)


# The Arabic article, as English and French texts and GeoNames write it: "al-", "el-", and assimilated
# before a "sun letter" ("ar-Raqqah", "ash-Shaykh", "ad-Dana", "az-Zabadani", "ez-Zor"). Dropped wherever
# it stands in a name of several words, except as the last word.
ARABIC_ARTICLES = frozenset(
    "al el il ul ad adh an ar as ash at ath az ed edh en er es esh et eth ez".split()
)
# Words that recur in Arabic place names, each with its usual transliterations: "Tel Rifaat" is GeoNames'
# "Tall Rif'at", "Sheikh Maskin" its "Shaykh Maskin", "Deir" its "Dayr".
WORD_SPELLINGS = {
    "tal": "tell tel tall tal til",
    "shaykh": "sheikh sheik shaikh shaykh shekh sheykh cheikh chaykh chiekh",
    "dayr": "deir dayr deyr dair der",
    "ayn": "ain ayn ein ayin aain",
    "jabal": "jabal jebel djebel jbel jabel",
    "wadi": "wadi oued ouadi wady",
    "abu": "abu abou abo",
    "umm": "umm um oum omm",
    "bayt": "beit bayt bait beyt",
    "khirbat": "khirbet khirbat khirbit kherbet",
    "kafr": "kafr kfar kefr kafer kfr",
    "qasr": "qasr kasr ksar",
    "hayy": "hayy hay hai",
    "mazraat": "mazraat mazraa mazraah mezraa",
    "burj": "burj borj",
    "ras": "ras raas",
}
_WORD = {spelling: key for key, spellings in WORD_SPELLINGS.items() for spelling in spellings.split()}
# Letter groups that one sound is written with in different romanisations, applied to each word in this
# order: French "ou" and "dj" (Douma/Dūmā, Djebel), "ee"/"oo", "q"/"k" (Qusayr/Kusayr), "y"/"i"
# (Hulyaypole/Huliaipole, Izyum/Izium), Ukrainian "ie" for Russian "e" (Sievierodonetsk/Severodonetsk),
# Azerbaijani "x" for "kh" (Xankendi/Khankendi), and "o" for Arabic's u (Josiah/Jūsīyah, Homs/Ḩimş).
_LETTER_RULES = (("dj", "j"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"), ("q", "k"), ("x", "kh"),
                 ("y", "i"), ("ie", "e"), ("o", "u"))
_DOUBLED = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")  # "Raqqah", "Hasakah": a final h after a vowel is not written in English
_WORDS = re.compile(r"[^\W_]+")
_VOWELS = re.compile(r"[aeiou]+")
# Turkish and Azerbaijani ş and ç are "sh" and "ch" in English ("Şuşa" = "Shusha"), but GeoNames' Arabic
# romanisation writes ṣ as ş ("Al Quşayr" = "Qusayr"): a name with them gets both readings.
_CEDILLA_READINGS = str.maketrans({"ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch"})


def _variant_of(bare_words: list[str]) -> str:
    words = [_WORD.get(w, w) for w in bare_words]
    if len(words) > 1:
        words = [w for w in words[:-1] if w not in ARABIC_ARTICLES] + words[-1:]
    out = []
    for word in words:
        for old, new in _LETTER_RULES:
            word = word.replace(old, new)
        word = _FINAL_H.sub("", word) if len(word) > 3 else word
        out.append(_DOUBLED.sub(r"\1", word))
    return "".join(out)


def variant_keys_uncached(name: str) -> tuple[str, ...]:
    """variant_keys() without its cache (index builds)."""
    readings = [name]
    if any(ch in "şŞçÇ" for ch in name):
        readings.append(name.translate(_CEDILLA_READINGS))
    keys: list[str] = []
    for reading in readings:
        # Apostrophes and the ‘ayn/hamza marks are not word breaks: "Ma‘arrat" is one word.
        words = _WORDS.findall(_bare(reading).replace("'", "").replace("’", "").replace("‘", "").replace("`", ""))
        key = _variant_of(words)
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


@lru_cache(maxsize=65536)
def variant_keys(name: str) -> tuple[str, ...]:
    """The keys under which other transliterations of `name` are found (usually one)."""
    return variant_keys_uncached(name)


def skeleton_of_key(key: str) -> str:
    """The consonants of a variant key, doubled ones once: the loose key."""
    return _DOUBLED.sub(r"\1", _VOWELS.sub("", key))


def skeletons(name: str) -> tuple[str, ...]:
    """The loosest keys: the consonants of each variant key ("Sheikh Maskin" -> "shkhmskn")."""
    return tuple(dict.fromkeys(skeleton_of_key(key) for key in variant_keys(name)))


MIN_SKELETON = 4  # consonants: a shorter skeleton ("Hama" -> "hm") joins too many unrelated names
# Indexed down to three ("Madira" -> "mdr" = Mudayrā): a skeleton shorter than MIN_SKELETON is asked only for
# places near the article's own (places.py), where few names share it.
MIN_INDEXED_SKELETON = 3
