"""Company names and web domains reduced to comparable keys.

A candidate hides their profile from "Acme Inc."; the employer's account says "ACME" with the
web site acme.com. Both must reduce to the same key, and near-misses ("Acme Corporation",
"Gogle") must still match, without "Meta" catching "Metal". Look-alike spellings meant to slip
past the hiding ("Gl0bex" with a zero, "Glоbex" with a Cyrillic o, "Glbx") reduce to the same
key or skeleton: characters are folded to the Latin letters they are confusable with (Unicode's
confusables, from ``confusable-homoglyphs``) before anything else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from confusable_homoglyphs import confusables
from rapidfuzz import fuzz, process

# Legal-form and filler words that say nothing about which company it is.
_LEGAL_WORDS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "aps",
        "spa",
        "srl",
        "kk",
        "pty",
        "pte",
        "group",
        "holding",
        "holdings",
        "the",
        "technologies",
        "technology",
        "labs",
    ]
)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/:?#].*)?$")
FUZZY_THRESHOLD = 90.0
# "Globex" hides "Globex Systems"; shorter stems ("meta", "ibm") only match exactly.
MIN_PREFIX_LENGTH = 5


_VOWELS = frozenset("aeiouy")
# Letters and digits one reads for another in a name ("GIobex" with a capital i, "Gl0b3x"):
# keys write each group as one letter, on both sides of every comparison.
_ONE_SHAPE = str.maketrans(
    {"i": "l", "1": "l", "|": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "0": "o"}
)
# Consonant skeletons shorter than this ("mt" for Meta) say too little to match on.
MIN_SKELETON_LENGTH = 4


def _latin_lookalike(char: str) -> str:
    if char.isascii() and char.isalpha():
        return char
    for glyph in confusables.confusables_data.get(char, ()):
        candidate = str(glyph["c"])
        if len(candidate) == 1 and candidate.isascii() and candidate.isalpha():
            return candidate
    return char


def fold_confusables(value: str) -> str:
    """Each character as the Latin letter it can be mistaken for: ``Gl0bex`` -> ``GlObex``,
    Cyrillic ``о`` -> ``o``. Characters with no Latin look-alike stay as they are.

    >>> fold_confusables("Gl0bex")
    'GlObex'
    """
    return "".join(_latin_lookalike(char) for char in value)


def skeleton(key: str) -> str:
    """A key without its vowels and doubled letters: ``globex`` and ``glbx`` -> ``glbx``.

    >>> skeleton("globex")
    'glbx'
    """
    letters = [c for c in key if c not in _VOWELS]
    return "".join(c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1])


def domain_key(value: str) -> str | None:
    """``https://www.acme.co.uk/jobs`` -> ``acme``; ``None`` when the value is no domain."""
    match = _DOMAIN.match(value.strip().lower())
    if match is None:
        return None
    labels = match.group(1).split(".")
    # Drop the public suffix: one label, or two for "co.uk"-style suffixes.
    labels = labels[:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return name_key(labels[-1]) or None if labels else None


def name_key(value: str) -> str:
    """``"ACME, Inc."`` -> ``acme``: look-alikes folded; accents, case, punctuation and legal
    forms removed."""
    text = unicodedata.normalize("NFKD", value)
    text = fold_confusables(text).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " and ").replace(".", "")  # "S.A." -> "sa", a legal form
    words = [w for w in re.split(r"[^a-z0-9|]+", text) if w and w not in _LEGAL_WORDS]
    return "".join(words).translate(_ONE_SHAPE)


def company_key(value: str) -> str:
    """The key of what a person typed: a domain if it looks like one, else a name."""
    return domain_key(value) or name_key(value)


def keys_for_company(name: str, domain: str | None) -> set[str]:
    keys = {name_key(name)}
    if domain:
        key = domain_key(domain)
        if key:
            keys.add(key)
    return {k for k in keys if k}


def matching_keys(company_keys: set[str], candidates: Iterable[str]) -> set[str]:
    """The keys among ``candidates`` that name the same company as any of ``company_keys``."""
    pool = list(dict.fromkeys(candidates))
    found = {key for key in pool if key in company_keys}
    for key in company_keys:
        if len(key) < 4:  # short names ("hp", "ibm") only match exactly
            continue
        found.update(
            other
            for other in pool
            if len(other) >= MIN_PREFIX_LENGTH
            and len(key) >= MIN_PREFIX_LENGTH
            and (key.startswith(other) or other.startswith(key))
        )
        for match, _score, _idx in process.extract(
            key, pool, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
        ):
            if len(match) >= 4:
                found.add(match)
        # A name written without its vowels ("Glbx") names the one with them ("Globex");
        # two full names with the same consonants ("Stripe", "Strap") are different firms.
        shape = skeleton(key)
        if len(shape) >= MIN_SKELETON_LENGTH:
            found.update(
                other
                for other in pool
                if skeleton(other) == shape and (key == shape or other == skeleton(other))
            )
    return found
