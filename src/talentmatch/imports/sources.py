"""The files of a bulk import: a folder (walked, sorted) or a zip archive, read one at a time.

Nothing here trusts a name or a size it is told. A folder's symbolic links are not followed.
A zip's entries are never written to disk, and still: paths that climb out (``../``), absolute
paths, drive letters, links, encrypted entries and archives inside the archive are refused,
each as an error of its own entry; an archive whose entries together unpack past a limit (a zip
bomb) or that has too many entries is refused whole, before anything is read. Each entry is
read to at most the upload limit (``zipfile`` stops at the size the entry declares, and the
declared size is checked first).
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from talentmatch.kit.errors import InvalidInput

MEBIBYTE = 1024 * 1024
# An archive with more entries than this is refused (a listing is read whole first).
MAX_ENTRIES = 200_000
DEFAULT_MAX_UNPACKED_BYTES = 4096 * MEBIBYTE
ARCHIVE_SUFFIXES = (".zip", ".jar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".zst")
# What operating systems and archivers leave beside the files people meant.
_LITTER = ("__MACOSX/", "Thumbs.db", "desktop.ini")


class SourceError(Exception):
    """An entry that is not read; the message says why (it becomes the file's error)."""


class ImportRefused(InvalidInput):
    """The whole folder or archive cannot be imported (not found, not a zip, a zip bomb)."""


@dataclass(frozen=True)
class SourceFile:
    """One file of the import: its name (a path inside the folder or archive) and a reader."""

    name: str
    read: Callable[[], bytes]


def _ignored(relative: str) -> bool:
    """Hidden files and what archivers leave behind: not resumes, not worth an error. (A
    ``..`` is no hidden name: such an entry is refused, with its reason.)"""
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    hidden = any(p.startswith(".") and p not in (".", "..") for p in parts)
    return hidden or relative.startswith(_LITTER[0]) or (bool(parts) and parts[-1] in _LITTER)


def _too_large(size: int, limit: int) -> SourceError:
    # The same words as an upload over the limit.
    return SourceError(f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def _nested_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


class ResumeFiles:
    """The files under ``path`` (a folder or a ``.zip``), in a stable order; use as a context
    manager (an archive stays open while it is read).

    Parameters
    ----------
    max_file_bytes:
        The upload limit: larger files are refused without being read.
    max_unpacked_bytes:
        What a zip's entries may unpack to together; past it the archive is refused whole.
    """

    def __init__(
        self,
        path: Path,
        *,
        max_file_bytes: int,
        max_unpacked_bytes: int = DEFAULT_MAX_UNPACKED_BYTES,
        max_entries: int = MAX_ENTRIES,
    ) -> None:
        self.path = path
        self.max_file_bytes = max_file_bytes
        self.max_unpacked_bytes = max_unpacked_bytes
        self.max_entries = max_entries
        self._archive: zipfile.ZipFile | None = None
        self._files: list[SourceFile] = []

    def __enter__(self) -> ResumeFiles:
        if self.path.is_dir():
            self._files = self._folder()
        elif self.path.is_file():
            self._files = self._zip()
        else:
            raise ImportRefused(f"{self.path} is neither a folder nor a zip file", field="path")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None

    def __len__(self) -> int:
        return len(self._files)

    def __iter__(self) -> Iterator[SourceFile]:
        return iter(self._files)

    # ------------------------------------------------------------------------------ folders

    def _folder(self) -> list[SourceFile]:
        found: list[SourceFile] = []
        for root, folders, names in os.walk(self.path):  # links to folders are not followed
            folders.sort()
            for name in sorted(names):
                full = Path(root) / name
                relative = full.relative_to(self.path).as_posix()
                if not _ignored(relative):
                    found.append(SourceFile(relative, self._file_reader(full, relative)))
        return found

    def _file_reader(self, full: Path, relative: str) -> Callable[[], bytes]:
        def read() -> bytes:
            info = full.lstat()
            if stat.S_ISLNK(info.st_mode):
                raise SourceError("a symbolic link: links are not followed")
            if not stat.S_ISREG(info.st_mode):
                raise SourceError("not a regular file")
            if _nested_archive(relative):
                raise SourceError("an archive inside the folder: import it on its own")
            if info.st_size > self.max_file_bytes:
                raise _too_large(info.st_size, self.max_file_bytes)
            with full.open("rb") as handle:
                content = handle.read(self.max_file_bytes + 1)
            if len(content) > self.max_file_bytes:  # it grew since
                raise _too_large(len(content), self.max_file_bytes)
            return content

        return read

    # --------------------------------------------------------------------------------- zips

    def _zip(self) -> list[SourceFile]:
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportRefused(
                f"{self.path.name} is not a folder or a readable zip file", field="path"
            ) from exc
        self._archive = archive
        entries = [e for e in archive.infolist() if not e.is_dir()]
        if len(entries) > self.max_entries:
            raise ImportRefused(
                f"the archive has {len(entries):,} entries; at most {self.max_entries:,} are read",
                field="path",
            )
        unpacked = sum(e.file_size for e in entries)
        if unpacked > self.max_unpacked_bytes:
            raise ImportRefused(
                f"the archive would unpack to {unpacked:,} bytes, more than the limit of "
                f"{self.max_unpacked_bytes:,} (a zip bomb?): nothing was read",
                field="path",
            )
        return [
            SourceFile(entry.filename, self._entry_reader(archive, entry))
            for entry in entries
            if not _ignored(entry.filename)
        ]

    def _entry_reader(
        self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo
    ) -> Callable[[], bytes]:
        def read() -> bytes:
            refusal = entry_refusal(entry)
            if refusal:
                raise SourceError(refusal)
            if entry.file_size > self.max_file_bytes:
                raise _too_large(entry.file_size, self.max_file_bytes)
            try:
                with archive.open(entry) as handle:
                    content = handle.read(self.max_file_bytes + 1)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
                raise SourceError(f"the archive entry cannot be read ({exc})") from exc
            if len(content) > self.max_file_bytes:
                raise _too_large(len(content), self.max_file_bytes)
            return content

        return read


def entry_refusal(entry: zipfile.ZipInfo) -> str | None:
    """Why an archive entry is not read, or ``None``."""
    name = entry.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "an absolute path in the archive: refused"
    if ".." in parts:
        return "a path that climbs out of the archive (..): refused"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "control characters in the entry's name: refused"
    if stat.S_ISLNK(entry.external_attr >> 16):
        return "a symbolic link in the archive: refused"
    if entry.flag_bits & 0x1:
        return "an encrypted entry: refused"
    if _nested_archive(name):
        return "an archive inside the archive: nested archives are not read"
    return None
