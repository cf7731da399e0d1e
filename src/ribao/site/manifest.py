"""The site's memory between builds (``.ribao-site.json`` in the output directory).

It holds a summary of every published bulletin and archived copy, so an incremental build renders
the aggregate pages (index, months, themes, sources, feed) from the summaries and loads from the
store only the bulletins saved since the last build. ``renderer`` fingerprints the templates and
ribao's version: when it changes, the next build re-renders everything.
"""
from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

import ribao

MANIFEST = ".ribao-site.json"
VERSION = 2


class SectionSummary(BaseModel):
    number: int
    headline: str
    theme: str = ""


class RefSummary(BaseModel):
    n: int
    publisher: str
    title: str
    date: str
    url: str
    archive: str = ""          # key of its archived copy, "" when the store has none


class BulletinSummary(BaseModel):
    date: str
    stamp: str                 # the store's created_at: a rebuilt bulletin has a new one
    title: str
    abstract: str = ""
    sections: list[SectionSummary] = Field(default_factory=list)
    refs: list[RefSummary] = Field(default_factory=list)
    downloads: list[str] = Field(default_factory=list)   # file names under files/DATE/

    @property
    def month(self) -> str:
        return self.date[:7]


class ArchiveEntry(BaseModel):
    key: str
    url: str
    title: str
    publisher: str = ""
    fetched_at: str            # ISO, UTC
    month: str                 # the month of the first bulletin citing it: its search bucket and folder
    record: str = ""           # file name of the raw WARC record, "" when it could not be read
    cited_by: list[str] = Field(default_factory=list)   # "DATE#n", sorted


class Manifest(BaseModel):
    version: int = VERSION
    line: str = ""
    renderer: str = ""
    bulletins: dict[str, BulletinSummary] = Field(default_factory=dict)
    archive: dict[str, ArchiveEntry] = Field(default_factory=dict)
    search_buckets: dict[str, list[str]] = Field(default_factory=dict)   # search bundle → the months it holds


def renderer_fingerprint() -> str:
    """Digest of the code and templates that shape the pages (site and render packages) and of
    ribao's version, so an upgrade re-renders the archive instead of mixing two looks."""
    h = hashlib.sha256(f"{ribao.__version__}/{VERSION}".encode())
    for pkg in ("ribao.site", "ribao.render"):
        root = resources.files(pkg)
        for folder in (root, root / "templates"):
            for item in sorted(folder.iterdir(), key=lambda p: p.name):
                if item.name.endswith((".py", ".j2")):
                    h.update(item.name.encode())
                    h.update(item.read_bytes())
    return h.hexdigest()[:16]


def load(out: Path, line: str) -> Manifest:
    """The last build's manifest, or an empty one (first build, another line, unreadable file)."""
    try:
        m = Manifest.model_validate_json((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError):
        return Manifest(line=line)
    return m if m.version == VERSION and m.line == line else Manifest(line=line)


def save(out: Path, m: Manifest) -> None:
    """Written last and atomically: a build that dies half-way is redone by the next one."""
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(m.model_dump_json(), encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
