"""Body extraction on a public dataset whose main content was labelled by its own authors: ribao,
trafilatura and GNE side by side.

    git clone https://github.com/wwwxmu/Dataset-for-web-main-content-extraction /tmp/wwwxmu
    python bench/extract_dataset.py /tmp/wwwxmu [--site people] [--worst 10]

The dataset (about 1,080 news pages of ten Chinese sites, 2016–2018: ``source_html/<site>/<n>.html``
and the hand-labelled text ``label_content/<site>/<n>.txt``) is far larger than what we label by
hand, and its labels are not ours, so it shows whether the body rules hold across a site's years
and templates. Pages that a folder of ``tests/fixtures/realpages`` already uses (its ``origin``)
are left out, so the figures are on pages no rule was developed on until this script is run; the
held-out folders' pages are left out for good. The site root stands for each page's URL (the
dataset records none).

Scored on the body only, whitespace ignored: character F1 against the label (mean, and the share
of pages at ≥ 0.9), whether body and label start and end within a line of each other (the label's
first or last 12 characters among the body's first or last 150, or the other way round), and how
many pages got no body at all; where a label opens with the page's time line (每经, 第一财经, 经济观察网),
whether the publish time is that minute (trafilatura gives the day only, so it scores 0 there). The labels keep some lines our labels leave out (a 原标题 line, the
time line, an editor's name, the site's disclaimer), so the figures are a floor on agreement, not
an accuracy.
"""
from __future__ import annotations

import argparse
import html
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_accuracy import (HELD_OUT, REAL, TOOLS, Got, _gne, _trafilatura, char_f1, run_gne,  # noqa: E402
                              run_ribao, run_trafilatura, squash)

from ribao.catalog import load_catalog  # noqa: E402
from ribao.extract.dates import parse_datetime  # noqa: E402
from ribao.extract.decode import decode_html  # noqa: E402

REPO = "wwwxmu/Dataset-for-web-main-content-extraction"
HOSTS = {"cjw": "economy.caijing.com.cn", "hexun": "news.hexun.com", "jjgc": "www.eeo.com.cn",
         "nbd": "www.nbd.com.cn", "people": "finance.people.com.cn", "qq": "new.qq.com",
         "sina": "finance.sina.com.cn", "wangyi": "money.163.com", "xinhua": "www.xinhuanet.com",
         "yicai": "www.yicai.com"}
EDGE = 12  # characters of the label's start and end …
NEAR = 150  # … found within this many of the body's (or the body's within the label's): a line more or less


@dataclass
class Page:
    site: str
    path: str  # inside the dataset: source_html/<site>/<n>.html
    html: Path
    text: str  # the label, whitespace removed


@dataclass
class Score:
    f1: float
    start: bool
    end: bool
    empty: bool
    published: bool | None = None  # None where the label shows no time


@dataclass
class Tally:
    scores: list[Score] = field(default_factory=list)

    def line(self) -> str:
        n = len(self.scores) or 1
        f1 = [s.f1 for s in self.scores]
        timed = [s.published for s in self.scores if s.published is not None]
        when = f"  published {sum(timed)}/{len(timed)}" if timed else ""
        return (f"F1 {statistics.fmean(f1) if f1 else 0:.3f}  ≥0.9 {sum(x >= 0.9 for x in f1) / n:.2f}  "
                f"start {sum(s.start for s in self.scores) / n:.2f}  end {sum(s.end for s in self.scores) / n:.2f}  "
                f"no body {sum(s.empty for s in self.scores)}{when}")


def used_paths(real: Path = REAL) -> tuple[set[str], set[str]]:
    """The dataset's paths that a folder of the real set uses, and those of the held-out folders."""
    used, held = set(), set()
    for labels in real.glob("*/labels.jsonl"):
        for line in labels.read_text(encoding="utf-8").splitlines():
            if line.strip() and (o := json.loads(line).get("origin") or {}).get("repo") == REPO:
                used.add(o["path"])
                if labels.parent.name in HELD_OUT:
                    held.add(o["path"])
    return used, held


def _shown(raw: bytes) -> str:
    """The page's text, tags and whitespace removed, entities decoded: enough to see whether it holds the label."""
    return squash(html.unescape(_TAG.sub("", decode_html(raw).text)))


_TAG = re.compile(r"<[^>]*>")


def load_pages(root: Path, sites: list[str], skip: set[str]) -> tuple[list[Page], int]:
    """The labelled pages not in ``skip``, and how many were left out because the saved page does
    not hold its label (the dataset saved a 403 page for some of its 每经 pages)."""
    pages = []
    empty = 0
    for site in sites:
        for page_file in sorted((root / "source_html" / site).glob("*.html"), key=lambda p: int(p.stem)):
            path = f"source_html/{site}/{page_file.name}"
            label = root / "label_content" / site / f"{page_file.stem}.txt"
            if path in skip or not label.exists():
                continue
            text = squash(label.read_text(encoding="utf-8", errors="replace"))
            if not text:
                continue
            shown = _shown(page_file.read_bytes())
            if text[:EDGE] not in shown and text[-EDGE:] not in shown:
                empty += 1
                continue
            pages.append(Page(site, path, page_file, text))
    return pages, empty


def score(got: Got, want: str) -> Score:
    body = squash(got.body)
    start = bool(body) and (want[:EDGE] in body[:NEAR] or body[:EDGE] in want[:NEAR])
    end = bool(body) and (want[-EDGE:] in body[-NEAR:] or body[-EDGE:] in want[-NEAR:])
    shown = parse_datetime(f"{m.group(1)} {m.group(2)}") if (m := _SHOWN_TIME.search(want[:_TIME_AT])) else None
    published = None if shown is None else bool(got.published) and got.published.replace(second=0) == shown.when
    return Score(char_f1(body, want), start, end, not body, published)


# Some sites' labels open with the time line the page shows (每日经济新闻2018-02-1216:40:14…): the
# publish time, to the minute, where the label has one.
_SHOWN_TIME = re.compile(r"((?:19|20)\d{2}-\d{2}-\d{2})(\d{2}:\d{2})")
_TIME_AT = 60


def _show(page: Page, got: Got, what: str) -> None:
    body = squash(got.body)
    print(f"  {page.path}  {what}  {got.error or ''}\n      got  {body[:40]!r} … {body[-30:]!r}"
          f"\n      want {page.text[:40]!r} … {page.text[-30:]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="a checkout of " + REPO)
    ap.add_argument("--site", action="append", choices=sorted(HOSTS), help="only these sites (repeatable)")
    ap.add_argument("--worst", type=int, default=0, help="list ribao's N lowest-F1 pages")
    ap.add_argument("--behind", choices=TOOLS[1:], help="list the pages where ribao's F1 trails this tool's by 0.1 or more")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: ribao,trafilatura,gne")
    args = ap.parse_args()
    if not (args.dataset / "source_html").is_dir():
        print(f"error: {args.dataset} has no source_html/ folder: clone {REPO} there first", file=sys.stderr)
        return 2
    used, held = used_paths()
    pages, empty = load_pages(args.dataset, args.site or sorted(HOSTS), used)
    tools = [t for t in args.tools.split(",") if t]
    catalog = load_catalog()
    traf = _trafilatura() if "trafilatura" in tools else None
    gne = _gne() if "gne" in tools else None
    runs = {"ribao": lambda raw, url: run_ribao(raw, url, catalog)}
    if traf is not None:
        runs["trafilatura"] = lambda raw, url: run_trafilatura(traf, raw, url)
    if gne is not None:
        runs["gne"] = lambda raw, url: run_gne(gne, raw, url)
    runs = {t: f for t, f in runs.items() if t in tools}
    by_site: dict[str, dict[str, Tally]] = {}
    worst: list[tuple[float, Page, Got]] = []
    behind: list[tuple[float, float, Page, Got]] = []
    for page in pages:
        raw = page.html.read_bytes()
        url = f"http://{HOSTS[page.site]}/"
        f1s: dict[str, float] = {}
        for tool, run in runs.items():
            got = run(raw, url)
            s = score(got, page.text)
            f1s[tool] = s.f1
            by_site.setdefault(page.site, {}).setdefault(tool, Tally()).scores.append(s)
            by_site.setdefault("all", {}).setdefault(tool, Tally()).scores.append(s)
            if tool == "ribao":
                worst.append((s.f1, page, got))
                mine = got
        if args.behind in f1s and f1s[args.behind] - f1s["ribao"] >= 0.1:
            behind.append((f1s["ribao"], f1s[args.behind], page, mine))
    print(f"{REPO}: {len(pages)} labelled pages scored ({len(used)} left out: used by the real set's folders, "
          f"{len(held)} of them held out; {empty} whose saved page does not hold its label)")
    for site in [*sorted(s for s in by_site if s != "all"), "all"]:
        n = len(by_site[site]["ribao"].scores)
        print(f"\n{site} ({n} pages)")
        for tool, tally in by_site[site].items():
            print(f"  {tool:12s} {tally.line()}")
    if args.worst:
        print(f"\nribao's {args.worst} lowest:")
        for f1, page, got in sorted(worst, key=lambda w: w[0])[:args.worst]:
            _show(page, got, f"F1 {f1:.2f}")
    if behind:
        print(f"\nribao behind {args.behind} ({len(behind)} pages):")
        for f1, theirs, page, got in sorted(behind, key=lambda w: w[0] - w[1]):
            _show(page, got, f"F1 {f1:.2f} vs {theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
