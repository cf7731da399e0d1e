"""Static full-text search: Pagefind (extended build: Chinese word segmentation), one bundle per
month, merged in the browser (``assets/search.js``).

Pagefind has no incremental mode, and every bundle a search merges costs the browser requests
(and its own copy of Pagefind's wasm). So bundles are generations: each month of the newest year
has its own, and only the newest is re-indexed as each day arrives (a few hundred pages, about a
second); a new month starts a small bundle and leaves the others as they are. Earlier years share
one bundle per year, built once, when the year has passed. A search merges at most twelve month
bundles plus one per earlier year. ``bench/render.py`` measures the costs (a day, a new month). The binary
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
    """Bundle name → the months it indexes: each month of the newest year alone, every earlier
    month in its year's bundle."""
    out: dict[str, list[str]] = {}
    newest_year = max(months, default="")[:4]
    for mo in sorted(months):
        out.setdefault(mo if mo[:4] == newest_year else mo[:4], []).append(mo)
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
