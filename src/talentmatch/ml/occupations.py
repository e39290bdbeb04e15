"""Job titles to O*NET-SOC occupations, and the occupations a person can most readily move to."""

from __future__ import annotations

import zlib


def is_held_out_title(code: str, alternate_title: str) -> bool:
    """The tenth of O*NET alternate titles that the shipped title table leaves out, so that
    benchmarks measure title normalisation on titles it has never seen."""
    return zlib.crc32(f"{code}|{alternate_title}".encode()) % 10 == 0
