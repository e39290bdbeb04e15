"""Blind profiles: contact details taken out of free text before a company may see them.

A candidate's headline or the summary read from their resume often carries their name, e-mail,
phone or profile links; companies must not read those before the candidate accepts a request.
:func:`redact` removes the candidate's own name and handles, and any e-mail address, URL,
``@handle`` or phone number (``phonenumbers`` finds numbers in text; a pattern catches short
or made-up ones it rejects as invalid).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

import phonenumbers

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(
    r"(?:https?://|www\.)[^\s,;)]+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|io|dev|me|org|net|co|ai|app|xyz|info|page|site|ly)"
    r"(?:/[^\s,;)]*)?",
    re.IGNORECASE,
)
HANDLE = re.compile(r"(?<![\w@])@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
# Seven or more digits with phone punctuation between them, an optional + in front.
PHONE_LIKE = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")
YEAR_RANGE = re.compile(r"^(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d$")
PROFILE_PATH = re.compile(
    r"(?:linkedin\.com/in|github\.com|gitlab\.com|twitter\.com|x\.com|indeed\.com/r)/([\w.-]+)",
    re.IGNORECASE,
)
MIN_NAME_PART = 3  # "Al", "Li" alone would take words with them

NAME = "[name]"
EMAIL_MARK = "[e-mail]"
PHONE = "[phone]"
LINK = "[link]"
HANDLE_MARK = "[handle]"


def handles_in(links: Iterable[str]) -> set[str]:
    """The user names in profile links: ``https://github.com/ada-l`` -> ``ada-l``."""
    found = set()
    for link in links:
        match = PROFILE_PATH.search(link)
        if match:
            found.add(match.group(1).strip("/."))
    return {h for h in found if len(h) >= MIN_NAME_PART}


def _phone_shaped(candidate: str) -> bool:
    """Seven digits or more, and not a span of years ("2015-2020")."""
    digits = sum(c.isdigit() for c in candidate)
    return digits >= 7 and not YEAR_RANGE.match(candidate.strip())


def _phones(text: str, region: str | None) -> str:
    if sum(map(str.isdigit, text)) < 7:
        return text  # no span of it can be phone-shaped (most titles, roles and headlines)
    found = [
        (m.start, m.end)
        for m in phonenumbers.PhoneNumberMatcher(
            text, (region or "US").upper(), leniency=phonenumbers.Leniency.POSSIBLE
        )
    ]
    found += [(m.start(), m.end()) for m in PHONE_LIKE.finditer(text)]
    spans = [(start, end) for start, end in found if _phone_shaped(text[start:end])]
    for start, end in sorted(spans, reverse=True):
        if text[start:end] != PHONE and PHONE not in text[start:end]:
            text = text[:start] + PHONE + text[end:]
    return text


def redact(
    text: str,
    *,
    names: Iterable[str] = (),
    handles: Iterable[str] = (),
    region: str | None = None,
) -> str:
    """``text`` without contact details.

    Parameters
    ----------
    names:
        The person's names (full name, and each part of at least three letters is removed as a
        whole word, in any case).
    handles:
        Their user names on other sites (from :func:`handles_in`).
    region:
        ISO country code, to read local phone numbers.

    Examples
    --------
    >>> redact("Ada Lovelace, ada@example.org, +44 20 7946 0958", names=["Ada Lovelace"])
    '[name] [name], [e-mail], [phone]'
    """
    if not text:
        return text
    return _redact(text, tuple(names), tuple(sorted(handles)), region)


# Match lists blind the same profiles' fields request after request (50 cards of six fields
# each); the answer depends only on the arguments.
@lru_cache(maxsize=20_000)
def _redact(text: str, names: tuple[str, ...], handles: tuple[str, ...], region: str | None) -> str:
    text = EMAIL.sub(EMAIL_MARK, text)
    text = URL.sub(LINK, text)
    text = _phones(text, region)
    text = HANDLE.sub(HANDLE_MARK, text)
    words: set[str] = set()
    for name in names:
        words.update(part for part in re.split(r"[\s,.-]+", name) if len(part) >= MIN_NAME_PART)
    words.update(handles)
    for word in sorted(words, key=len, reverse=True):
        mark = HANDLE_MARK if word in handles else NAME
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", mark, text, flags=re.IGNORECASE)
    return text
