"""Static full-text search: Pagefind (extended build: Chinese word segmentation), one bundle per
month, merged in the browser (``assets/search.js``).

Pagefind has no incremental mode; one bundle per month keeps a new day's update to re-indexing
that month (seconds), not the whole archive (``bench/render.py`` measures both). The binary comes
from the ``pagefind-bin-extended`` wheel; nothing is downloaded at run time.
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


def index_month(site: Path, month: str, exe: Path) -> None:
    """(Re)build the bundle of ``month``: its bulletin pages and the copies first cited in it."""
    out = site / SEARCH_DIR / month
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(exe), "--site", str(site), "--glob", f"{{bulletins,archive}}/{month}/*.html",
           "--output-subdir", f"{SEARCH_DIR}/{month}", "--silent"]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SearchUnavailable(f"Pagefind failed for {month}: {e}") from None
    if res.returncode != 0 or not (out / "pagefind.js").is_file():
        tail = " ".join((res.stderr or res.stdout).split())[-300:]
        raise SearchUnavailable(f"Pagefind failed for {month} (exit {res.returncode}): {tail}")


def update(site: Path, months: set[str], all_months: list[str], *, workers: int = 2) -> None:
    """Re-index ``months``, drop bundles of months no longer published, list the rest newest first."""
    exe = executable()
    root = site / SEARCH_DIR
    root.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        list(pool.map(lambda m: index_month(site, m, exe), sorted(months)))
    for old in root.iterdir():
        if old.is_dir() and old.name not in all_months:
            shutil.rmtree(old, ignore_errors=True)
    (root / "buckets.json").write_text(json.dumps(sorted(all_months, reverse=True)), encoding="utf-8")
