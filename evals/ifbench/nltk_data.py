"""The NLTK data the checkers need, found up front so that a missing resource is an error, never a failed instruction.

IFBench's checkers (c6767a1) use NLTK's `word_tokenize` (punkt_tab), `pos_tag` (the averaged
perceptron tagger) and the English stopwords. NLTK data is not on PyPI: it is looked up in NLTK's
standard locations and in `NLTK_DATA`, fetched with NLTK's own downloader when allowed and the
network works, and otherwise reported with instructions.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path



@dataclass(frozen=True)
class NltkResource:
    package: str  # the name NLTK's downloader knows
    path: str  # what nltk.data.find looks for


RESOURCES: tuple[NltkResource, ...] = (
    NltkResource("punkt_tab", "tokenizers/punkt_tab/english/"),
    NltkResource("averaged_perceptron_tagger_eng", "taggers/averaged_perceptron_tagger_eng/"),
    NltkResource("stopwords", "corpora/stopwords"),
)


class NltkDataMissing(RuntimeError):
    """Raised when NLTK data the IFBench checkers need cannot be found (or downloaded)."""


def _sync_env_paths() -> None:
    """Honour NLTK_DATA even when it was set after nltk was imported."""
    import nltk  # on first use: importing NLTK costs seconds

    for entry in reversed(os.environ.get("NLTK_DATA", "").split(os.pathsep)):
        if entry and entry not in nltk.data.path:
            nltk.data.path.insert(0, entry)


def add_search_path(folder: Path) -> None:
    """Look in `folder` too (a `nltk_data/` beside the datasets of --data-dir, as ../shared/data lays it out)."""
    entry = str(folder)
    if not folder.is_dir():
        return
    nltk = sys.modules.get("nltk")
    if nltk is None:  # not imported yet (it costs seconds): NLTK reads NLTK_DATA when it is
        entries = [e for e in os.environ.get("NLTK_DATA", "").split(os.pathsep) if e]
        if entry not in entries:
            os.environ["NLTK_DATA"] = os.pathsep.join([entry, *entries])
    elif entry not in nltk.data.path:
        nltk.data.path.insert(0, entry)


def _search_path_without_nltk() -> list[str]:
    """NLTK's search path as nltk/data.py builds it at import (NLTK_DATA first), without importing NLTK."""
    paths = [os.path.expanduser(d) for d in os.environ.get("NLTK_DATA", "").split(os.pathsep) if d]
    paths.append(os.path.expanduser("~/nltk_data"))
    paths += [os.path.join(sys.prefix, "nltk_data"), os.path.join(sys.prefix, "share", "nltk_data"),
              os.path.join(sys.prefix, "lib", "nltk_data"), "/usr/share/nltk_data", "/usr/local/share/nltk_data",
              "/usr/lib/nltk_data", "/usr/local/lib/nltk_data"]
    return paths


def _all_present_without_nltk() -> bool:
    """True when every resource is an unpacked folder on NLTK's search path (else ask NLTK itself)."""
    paths = _search_path_without_nltk()
    return all(any(os.path.isdir(os.path.join(p, r.path)) for p in paths) for r in RESOURCES)


def missing_resources() -> list[NltkResource]:
    import nltk  # on first use: importing NLTK costs seconds

    _sync_env_paths()
    missing = []
    for resource in RESOURCES:
        try:
            nltk.data.find(resource.path)
        except LookupError:
            missing.append(resource)
    return missing


def how_to_provide(missing: list[NltkResource]) -> str:
    import nltk  # on first use: importing NLTK costs seconds

    names = " ".join(r.package for r in missing)
    return (
        f"IFBench needs the NLTK data packages {names}, which were not found in NLTK's search path "
        f"{nltk.data.path}. Provide them with `python -m nltk.downloader {names}` (needs network), "
        "or point the environment variable NLTK_DATA at a folder holding "
        "tokenizers/punkt_tab/english, taggers/averaged_perceptron_tagger_eng and corpora/stopwords "
        "(an offline copy for these machines is ../shared/data/nltk_data), or keep it as nltk_data/ "
        "inside the --data-dir folder."
    )


def ensure_nltk_data(download: bool = True) -> None:
    """Make sure every resource is available; download the missing ones if allowed, else raise NltkDataMissing."""
    if "nltk" not in sys.modules and not sys.platform.startswith("win") and _all_present_without_nltk():
        return  # found where NLTK will look, and NLTK's import (seconds) waits for the first scored case
    import nltk  # on first use: importing NLTK costs seconds

    missing = missing_resources()
    if missing and download:
        for resource in missing:
            try:
                nltk.download(resource.package, quiet=True, raise_on_error=True)
            except Exception:  # no network, proxy refusal, ...: reported below with the fix
                pass
        missing = missing_resources()
    if missing:
        raise NltkDataMissing(how_to_provide(missing))
