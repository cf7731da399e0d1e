"""Static full-text search: Pagefind (extended build: Chinese word segmentation), one bundle per
month, merged in the browser (``assets/search.js``).

Pagefind has no incremental mode, and every bundle a search merges costs the browser requests
(and its own copy of Pagefind's wasm). So bundles are generations: the newest month has its own,
re-indexed as each day arrives (a few hundred pages, about a second); earlier months of a year
share one, rebuilt once a month when the newest month moves on (and once a year). A search merges
one bundle per year plus the current month's. ``bench/render.py`` measures both costs. The binary
comes from the ``pagefind-bin-extended`` wheel; nothing is downloaded at run time.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SEARCH_DIR = "pagefind"
TIMEOUT_S = 600


class SearchUnavailable(RuntimeError):
    """The Pagefind binary is missing or failed: the site is built, its search is not updated."""


def executable() -> Path:
    try:
        from pagefind_bin_extended import get_executable
        return get_executable()
    except (ImportError, FileNotFoundError) as e:
        raise SearchUnavailable(f"Pagefind (extended) is not installed ({e}); pip install pagefind-bin-extended") from None


def buckets(months: set[str]) -> dict[str, list[str]]:
    """Bundle name → the months it indexes: the newest month alone, every other month in its year's."""
    out: dict[str, list[str]] = {}
    newest = max(months, default="")
    for mo in sorted(months):
        out.setdefault(mo if mo == newest else mo[:4], []).append(mo)
    return out


def index_bucket(site: Path, name: str, months: list[str], exe: Path) -> None:
    """(Re)build one bundle: the bulletin pages of ``months`` and the copies first cited in them."""
    out = site / SEARCH_DIR / name
    shutil.rmtree(out, ignore_errors=True)
    dirs = ",".join(f"{kind}/{mo}" for kind in ("bulletins", "archive") for mo in months)
    cmd = [str(exe), "--site", str(site), "--glob", f"{{{dirs}}}/*.html",
           "--output-subdir", f"{SEARCH_DIR}/{name}", "--silent"]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SearchUnavailable(f"Pagefind failed for {name}: {e}") from None
    if res.returncode != 0 or not (out / "pagefind.js").is_file():
        tail = " ".join((res.stderr or res.stdout).split())[-300:]
        raise SearchUnavailable(f"Pagefind failed for {name} (exit {res.returncode}): {tail}")


def update(site: Path, wanted: dict[str, list[str]], redo: set[str], *, workers: int = 2) -> None:
    """Rebuild the bundles in ``redo``, drop those no longer wanted, list the rest newest first."""
    exe = executable()
    root = site / SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(lambda b: index_bucket(site, b, wanted[b], exe), sorted(redo)))
    for old in root.iterdir():
        if old.is_dir() and old.name not in wanted:
            shutil.rmtree(old, ignore_errors=True)
    (root / "buckets.json").write_text(json.dumps(sorted(wanted, reverse=True)), encoding="utf-8")
