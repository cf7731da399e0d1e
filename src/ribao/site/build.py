"""Building the archive site: static files, no server, every link relative (any host, any path).

Layout (``out``, by default ``HOME/site/LINE``)::

    index.html                      latest bulletins, months, themes, search box
    months/YYYY-MM.html             the month's bulletins
    bulletins/YYYY-MM/DATE.html     one page per bulletin (the bulletin's HTML format)
    files/DATE/bulletin.{json,pdf,docx,md}   downloads (pdf/docx/md when the build wrote them)
    archive/YYYY-MM/KEY.html        the archived copy of a cited page; KEY.warc.gz its WARC record
    themes/index.html, themes/ID.html       sections by theme
    sources/index.html, sources/SLUG.html   references by publisher
    feed.xml                        Atom
    search.html, pagefind/YYYY-MM/  search (one Pagefind bundle per month)
    assets/                         CSS, favicon, search script
    .ribao-site.json                what the last build published (see ``manifest``)

Incremental: bulletins whose stored ``created_at`` is unchanged are not loaded or re-rendered;
archived copies are content-addressed and re-rendered only when their citing list changes;
aggregate pages are rendered from the manifest, only those a changed bulletin appears on, and
written only when their bytes change; only the search bundle of the months touched is rebuilt
(see ``search``).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel, ConfigDict

from ribao.lines import LineConfig, load_line
from ribao.models import BrandColours, BrandFonts, Bulletin, Organisation
from ribao.render.common import LOADER as RENDER_LOADER, add_filters, cn_date, context, safe_href
from ribao.render.html import stylesheet
from ribao.settings import Settings
from ribao.site import feed as feedmod, manifest as mf, search
from ribao.site.archive import archive_key, write_record
from ribao.store import Store
from ribao.store.publication import ArchivedCopy, archived_copies, bulletin_stamps, bulletins_on
from ribao.timeutil import CST

RECENT = 30
DOWNLOADS = (("bulletin.pdf", "PDF"), ("bulletin.docx", "Word"), ("bulletin.md", "Markdown"))
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,59}")

ENV = add_filters(Environment(
    loader=ChoiceLoader([PackageLoader("ribao.site", "templates"), RENDER_LOADER]),
    autoescape=select_autoescape(["html", "html.j2", "svg.j2"], default_for_string=True),
    undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
))


class SiteReport(BaseModel):
    """What one build did (``ribao site build`` prints it; the daily run records it)."""

    model_config = ConfigDict(frozen=True)

    out: Path
    bulletins: int              # published on the site
    rendered_bulletins: int     # of those, (re-)rendered by this build
    archived_copies: int        # archived pages on the site
    pages_written: int
    pages_skipped: int          # pages left as they were
    search_reindexed: list[str]  # search bundles rebuilt (a month, or a year of earlier months)
    seconds: float
    problems: list[str]


@dataclass(frozen=True)
class SiteInfo:
    """The line's branding as the site's pages print it."""

    line: str
    title: str
    subtitle: str
    organisations: list[Organisation]
    website: str
    website_href: str | None
    base_url: str               # "" or an absolute http(s) URL ending in "/"
    colours: BrandColours
    fonts: BrandFonts


def site_info(line: LineConfig) -> SiteInfo:
    br = line.branding
    base = safe_href(br.site_url) or safe_href(br.website) or ""
    return SiteInfo(line=line.id, title=line.title, subtitle=line.subtitle, organisations=list(br.organisations),
                    website=br.website, website_href=safe_href(br.website),
                    base_url=base if not base or base.endswith("/") else base + "/",
                    colours=br.colours, fonts=br.fonts)


# paths -------------------------------------------------------------------------------------
def bulletin_page(date: str) -> str:
    return f"bulletins/{date[:7]}/{date}.html"


def bulletin_url(line: LineConfig, date: str, *, published: bool = True) -> str:
    """Where readers find the day's bulletin: its page on the archive site when the site is
    published (at ``branding.site_url``, else the website), otherwise the line's website."""
    base = site_info(line).base_url
    return base + bulletin_page(date) if base and published else line.branding.website


def archive_page(e: mf.ArchiveEntry) -> str:
    return f"archive/{e.month}/{e.key}.html"


def theme_slug(theme: str) -> str:
    return theme if _SAFE_ID.fullmatch(theme) else "t" + hashlib.sha1(theme.encode()).hexdigest()[:10]


def source_slug(publisher: str) -> str:
    return "s" + hashlib.sha1(publisher.encode()).hexdigest()[:10]


def _up(page: str) -> str:
    """The relative prefix from ``page`` back to the site root."""
    return "../" * page.count("/")


@dataclass
class _Build:
    out: Path
    site: SiteInfo
    line: LineConfig
    written: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def write(self, rel: str, data: str | bytes) -> bool:
        """Write ``rel`` unless it already holds these bytes; atomic (temp file + rename)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = self.out / rel
        try:
            if path.stat().st_size == len(raw) and path.read_bytes() == raw:
                self.skipped += 1
                return False
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, path)
        self.written += 1
        return True

    def page(self, rel: str, template: str, **ctx) -> bool:
        root = _up(rel)
        canonical = self.site.base_url + rel if self.site.base_url else ""
        return self.write(rel, ENV.get_template(template).render(site=self.site, root=root, canonical=canonical, **ctx))


def _summary(b: Bulletin, stamp: datetime, keys: dict[str, str], downloads: list[str]) -> mf.BulletinSummary:
    return mf.BulletinSummary(
        date=b.date.isoformat(), stamp=stamp.astimezone(timezone.utc).isoformat(), title=b.title, abstract=b.abstract,
        sections=[mf.SectionSummary(number=s.number, headline=s.headline, theme=s.theme) for s in b.sections],
        refs=[mf.RefSummary(n=r.n, publisher=r.publisher, title=r.title, date=r.date, url=r.url,
                            archive=keys.get(r.url, "")) for r in b.references],
        downloads=downloads)


def _entry_view(s: mf.BulletinSummary, root: str) -> dict:
    return {"date": s.date, "date_cn": cn_date(datetime.fromisoformat(s.date).date()),
            "page": root + bulletin_page(s.date), "sections": s.sections}


def _publish_bulletin(bd: _Build, settings: Settings, b: Bulletin, stamp: datetime,
                      m: mf.Manifest, copies: dict[str, ArchivedCopy], dirty: set[str]) -> mf.BulletinSummary:
    """Archive the references of ``b`` (new copies written, citing lists updated), then render its page."""
    date, month = b.date.isoformat(), b.date.isoformat()[:7]
    old = m.bulletins.get(date)
    for r in old.refs if old else []:
        e = m.archive.get(r.archive)
        if e and f"{date}#{r.n}" in e.cited_by:
            e.cited_by.remove(f"{date}#{r.n}")
            dirty.add(e.key)
    keys: dict[str, str] = {}
    for r in b.references:
        copy = copies.get(r.url)
        if copy is None:
            bd.problems.append(f"{date} [{r.n}]: no archived copy of {r.url} in the store")
            continue
        key = archive_key(copy)
        e = m.archive.get(key)
        if e is None:
            rec = write_record(copy, bd.out / "archive" / month, key)
            if rec.problem:
                bd.problems.append(f"{date} [{r.n}]: {r.url}: {rec.problem}")
            e = m.archive[key] = mf.ArchiveEntry(
                key=key, url=copy.url, title=copy.stored.article.title, publisher=copy.stored.article.publisher,
                fetched_at=copy.fetched_at.astimezone(timezone.utc).isoformat(), month=month, record=rec.name)
        e.cited_by = sorted(set(e.cited_by) | {f"{date}#{r.n}"})
        dirty.add(key)
        keys[r.url] = key
    page = bulletin_page(date)
    root = _up(page)
    shown = b.model_copy(update={"references": [
        r.model_copy(update={"archived": root + archive_page(m.archive[keys[r.url]])}) if r.url in keys else r
        for r in b.references]})
    downloads = _copy_downloads(bd, settings, b)
    bd.page(page, "site_bulletin.html.j2", **context(shown),
            downloads=[{"href": f"{root}files/{date}/{name}", "label": label}
                       for name, label in (*DOWNLOADS, ("bulletin.json", "JSON")) if name in downloads])
    return _summary(b, stamp, keys, downloads)


def _copy_downloads(bd: _Build, settings: Settings, b: Bulletin) -> list[str]:
    date = b.date.isoformat()
    folder = bd.out / "files" / date
    folder.mkdir(parents=True, exist_ok=True)
    built = settings.output_dir / bd.line.id / date
    names = []
    for name, _ in DOWNLOADS:
        src = built / name
        if src.is_file():
            shutil.copyfile(src, folder / name)
            names.append(name)
        else:
            (folder / name).unlink(missing_ok=True)
    (folder / "bulletin.json").write_text(b.model_dump_json(indent=1), encoding="utf-8")
    return names + ["bulletin.json"]


def _archive_page(bd: _Build, e: mf.ArchiveEntry, copy: ArchivedCopy) -> None:
    rel = archive_page(e)
    root = _up(rel)
    a = copy.stored.article
    captured = copy.fetched_at.astimezone(CST)
    cited = []
    for c in e.cited_by:
        date, n = c.split("#")
        cited.append({"date": date, "n": n, "href": f"{root}{bulletin_page(date)}#ref-{n}"})
    record = {"href": e.record, "size": (bd.out / "archive" / e.month / e.record).stat().st_size} if e.record and \
        (bd.out / "archive" / e.month / e.record).is_file() else None
    bd.page(rel, "archive.html.j2", a=a, copy=copy, original=safe_href(a.url), cited=cited, record=record,
            record_problem="WARC 记录无法读取" if record is None else "",
            captured=captured.strftime("%Y-%m-%d %H:%M"), captured_iso=captured.isoformat(),
            captured_day=captured.date().isoformat(),
            published=a.published.astimezone(CST).strftime("%Y-%m-%d %H:%M" if a.published_precision == "minute"
                                                          else "%Y-%m-%d") if a.published else "")


def _remove_archive_entry(bd: _Build, e: mf.ArchiveEntry) -> None:
    for name in (f"{e.key}.html", e.record):
        if name:
            (bd.out / "archive" / e.month / name).unlink(missing_ok=True)


@dataclass
class _Touched:
    """What changed in this build, so only those aggregate pages are rendered again."""

    months: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    publishers: set[str] = field(default_factory=set)

    def add(self, s: mf.BulletinSummary | None) -> None:
        if s is not None:
            self.months.add(s.month)
            self.themes.update(sec.theme for sec in s.sections if sec.theme)
            self.publishers.update(_publisher(r) for r in s.refs)


def _publisher(r: mf.RefSummary) -> str:
    return r.publisher or "（未署名）"


def _aggregates(bd: _Build, m: mf.Manifest, touched: _Touched | None) -> None:
    """Index, months, themes, sources, feed, search page and assets, from the manifest.

    ``touched`` None renders every page; otherwise the month, theme and source pages touched by
    this build's bulletins (and the small index pages, whose counts change)."""
    site, line = bd.site, bd.line
    summaries = sorted(m.bulletins.values(), key=lambda s: s.date, reverse=True)
    months: dict[str, list[mf.BulletinSummary]] = {}
    themes: dict[str, list[mf.BulletinSummary]] = {}
    sources: dict[str, list[mf.BulletinSummary]] = {}
    for s in summaries:
        months.setdefault(s.month, []).append(s)
        for theme in dict.fromkeys(sec.theme for sec in s.sections if sec.theme):
            themes.setdefault(theme, []).append(s)
        for pub in dict.fromkeys(_publisher(r) for r in s.refs):
            sources.setdefault(pub, []).append(s)
    names = {t.id: t for t in line.themes}
    theme_rows = [{"id": theme_slug(t), "key": t, "name": names[t].name if t in names else t,
                   "description": names[t].description if t in names else "",
                   "count": sum(1 for s in v for sec in s.sections if sec.theme == t)}
                  for t, v in themes.items()]
    theme_rows.sort(key=lambda r: (-r["count"], r["key"]))
    month_rows = [{"month": k, "label": f"{k[:4]} 年 {int(k[5:])} 月", "count": len(v)} for k, v in months.items()]
    source_rows = sorted(({"name": k, "slug": source_slug(k), "count": sum(1 for s in v for r in s.refs if _publisher(r) == k)}
                          for k, v in sources.items()), key=lambda r: (-r["count"], r["name"]))
    redo = (lambda kind, key: True) if touched is None else \
        (lambda kind, key: key in {"month": touched.months, "theme": touched.themes, "source": touched.publishers}[kind])

    bd.page("index.html", "index.html.j2", recent=[_entry_view(s, "") for s in summaries[:RECENT]],
            months=month_rows, themes=theme_rows)
    for row in month_rows:
        if redo("month", row["month"]):
            bd.page(f"months/{row['month']}.html", "month.html.j2", label=row["label"],
                    entries=[_entry_view(s, "../") for s in months[row["month"]]])
        else:
            bd.skipped += 1
    bd.page("themes/index.html", "themes.html.j2", themes=theme_rows)
    bd.page("sources/index.html", "sources.html.j2", sources=source_rows)
    kept: dict[str, set[str]] = {"months": {f"{r['month']}.html" for r in month_rows}, "themes": set(), "sources": set()}

    def theme_entries(key: str, within: list[mf.BulletinSummary], root: str) -> list[dict]:
        return [{"date": s.date, "headline": sec.headline, "href": f"{root}{bulletin_page(s.date)}#sec-{i}"}
                for s in within for i, sec in enumerate(s.sections, 1) if sec.theme == key]

    def source_entries(name: str, within: list[mf.BulletinSummary], root: str) -> list[dict]:
        out = []
        for s in within:
            for r in s.refs:
                if _publisher(r) == name:
                    e = m.archive.get(r.archive)
                    out.append({"date": s.date, "ref_date": r.date, "title": r.title, "url": safe_href(r.url),
                                "n": r.n, "archive": f"{root}{archive_page(e)}" if e else "",
                                "cited": f"{root}{bulletin_page(s.date)}#ref-{r.n}"})
        return out

    for kind, folder, rows, groups, entries_of, template in (
            ("theme", "themes", theme_rows, themes, theme_entries, "theme.html.j2"),
            ("source", "sources", source_rows, sources, source_entries, "source.html.j2")):
        for row in rows:
            key = row["key"] if kind == "theme" else row["name"]
            slug = row["id"] if kind == "theme" else row["slug"]
            by_month: dict[str, list[mf.BulletinSummary]] = {}
            for s in groups[key]:
                by_month.setdefault(s.month, []).append(s)
            kept[folder].add(f"{slug}.html")
            kept[folder].update(f"{slug}/{mo}.html" for mo in by_month)
            if not redo(kind, key):
                bd.skipped += 1 + len(by_month)
                continue
            chips = [{"href": f"{slug}/{mo}.html", "label": f"{mo[:4]} 年 {int(mo[5:])} 月", "count": len(v)}
                     for mo, v in by_month.items()]
            newest = next(iter(by_month))
            # The page itself: its months, and the newest month's entries (so a new day re-renders a month, not all).
            bd.page(f"{folder}/{slug}.html", template, row=row, months=chips, label=chips[0]["label"],
                    entries=entries_of(key, by_month[newest], "../"))
            for mo, within in by_month.items():
                if touched is None or mo in touched.months:
                    bd.page(f"{folder}/{slug}/{mo}.html", template, row=row, months=[], up=f"../{slug}.html",
                            label=f"{mo[:4]} 年 {int(mo[5:])} 月", entries=entries_of(key, within, "../../"))
                else:
                    bd.skipped += 1
    bd.write("feed.xml", feedmod.atom_feed(
        line=line.id, title=line.title, subtitle=line.subtitle, base_url=site.base_url,
        authors=[o.name for o in line.branding.organisations], entries=summaries,
        page_of=lambda s: bulletin_page(s.date)))
    bd.page("search.html", "search.html.j2")
    bd.write("assets/site.css", ENV.get_template("site.css.j2").render(colours=site.colours, fonts=site.fonts))
    bd.write("assets/bulletin.css", stylesheet(Bulletin(line=line.id, date=datetime(2000, 1, 1).date(),
                                                        title=line.title, branding=line.branding)))
    bd.write("assets/favicon.svg", ENV.get_template("favicon.svg.j2").render(colours=site.colours))
    bd.write("assets/search.js", ENV.get_template("search.js.j2").render())
    for folder, names_kept in kept.items():
        for f in (bd.out / folder).glob("**/*.html"):
            rel = f.relative_to(bd.out / folder).as_posix()
            if rel != "index.html" and rel not in names_kept:
                f.unlink()


def build_site(store: Store, settings: Settings, line: LineConfig | str, *, out: Path | None = None,
               full: bool = False) -> SiteReport:
    """Build or update the archive site of ``line`` from the store.

    ``full`` re-renders every page and re-indexes every month; otherwise only what changed since
    the last build (see the module docstring). The site is usable after any build; a problem that
    leaves part of it out (a reference with no stored copy, search not indexed) is in ``problems``.
    """
    t0 = time.perf_counter()
    line = load_line(line) if isinstance(line, str) else line
    out = Path(out) if out else settings.home / "site" / line.id
    out.mkdir(parents=True, exist_ok=True)
    bd = _Build(out=out, site=site_info(line), line=line)
    # The line's config is part of every page (branding, theme names): a change re-renders all.
    renderer = f"{mf.renderer_fingerprint()}-{hashlib.sha256(line.model_dump_json().encode()).hexdigest()[:8]}"
    m = mf.load(out, line.id)
    if full or m.renderer != renderer:
        m = mf.Manifest(line=line.id, archive=m.archive, search_buckets=m.search_buckets)
        for e in m.archive.values():
            e.cited_by = []     # rebuilt from the bulletins below; copies no longer cited are removed
    m.renderer = renderer

    stamps = bulletin_stamps(store, line.id)
    dirty: set[str] = set()
    touched: set[str] = set()                 # months whose pages changed (search buckets to redo)
    changes: _Touched | None = _Touched() if len(m.bulletins) else None   # None: render every aggregate
    for date in sorted(set(m.bulletins) - set(stamps)):      # bulletins deleted from the store
        gone = m.bulletins.pop(date)
        if changes is not None:
            changes.add(gone)
        for r in gone.refs:
            if r.archive in m.archive:
                m.archive[r.archive].cited_by = [c for c in m.archive[r.archive].cited_by if not c.startswith(date + "#")]
                dirty.add(r.archive)
        (out / bulletin_page(date)).unlink(missing_ok=True)
        shutil.rmtree(out / "files" / date, ignore_errors=True)
        touched.add(gone.month)
    stale = sorted(d for d, at in stamps.items()
                   if d not in m.bulletins or m.bulletins[d].stamp != at.astimezone(timezone.utc).isoformat())
    bd.skipped += len(stamps) - len(stale)
    for i in range(0, len(stale), 100):                       # bounded memory on a full rebuild
        docs = bulletins_on(store, line.id, stale[i:i + 100])
        copies = archived_copies(store, [r.url for b in docs.values() for r in b.references])
        for date in stale[i:i + 100]:
            before = m.bulletins.get(date)
            m.bulletins[date] = _publish_bulletin(bd, settings, docs[date], stamps[date], m, copies, dirty)
            if changes is not None:
                changes.add(before)
                changes.add(m.bulletins[date])
            touched.add(date[:7])

    for k in [k for k in m.archive if not m.archive[k].cited_by]:   # no bulletin cites it any more
        touched.add(m.archive[k].month)
        _remove_archive_entry(bd, m.archive.pop(k))
    live = [k for k in dirty if k in m.archive]
    copies = archived_copies(store, [m.archive[k].url for k in live])
    for k in live:
        e = m.archive[k]
        copy = copies.get(e.url)
        if copy is not None and archive_key(copy) == k:
            _archive_page(bd, e, copy)
        elif (out / archive_page(e)).is_file():
            bd.skipped += 1   # the store moved on to a newer capture of the URL: the page keeps the cited one
        else:
            bd.problems.append(f"archived copy of {e.url} ({k}) is no longer in the store")
        touched.add(e.month)
    bd.skipped += len(m.archive) - len(live)

    buckets = search.buckets({s.month for s in m.bulletins.values()} | {e.month for e in m.archive.values()})
    redo = {b for b, months in buckets.items()
            if full or m.search_buckets.get(b) != months or touched & set(months)}
    if changes is not None and not (stale or touched or dirty or redo):
        return SiteReport(out=out, bulletins=len(m.bulletins), rendered_bulletins=0, archived_copies=len(m.archive),
                          pages_written=0, pages_skipped=bd.skipped, search_reindexed=[],
                          seconds=round(time.perf_counter() - t0, 3), problems=bd.problems)   # nothing new
    _aggregates(bd, m, changes)
    try:
        search.update(out, buckets, redo)
        m.search_buckets = buckets
    except search.SearchUnavailable as e:
        bd.problems.append(f"search not updated: {e}")
        m.search_buckets = {b: v for b, v in m.search_buckets.items() if b not in redo}
        redo = set()
    mf.save(out, m)
    return SiteReport(out=out, bulletins=len(m.bulletins), rendered_bulletins=len(stale),
                      archived_copies=len(m.archive), pages_written=bd.written, pages_skipped=bd.skipped,
                      search_reindexed=sorted(redo), seconds=round(time.perf_counter() - t0, 3),
                      problems=bd.problems)
