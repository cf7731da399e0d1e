"""A link checker over a built site: every internal ``href``/``src`` must name a file of the site,
and a ``#fragment`` an element id on the page it points to. External links are not fetched."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html as lxml_html

_ATTRS = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("form", "action"))


@dataclass(frozen=True)
class BrokenLink:
    page: str        # relative to the site root
    target: str
    reason: str


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        tree = lxml_html.fromstring(path.read_bytes())
        cache[path] = {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
    return cache[path]


def check_links(site: Path) -> list[BrokenLink]:
    site = Path(site).resolve()
    broken: list[BrokenLink] = []
    ids: dict[Path, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        if (site / "pagefind") in page.parents:
            continue
        rel = page.relative_to(site).as_posix()
        tree = lxml_html.fromstring(page.read_bytes())
        for tag, attr in _ATTRS:
            for el in tree.iter(tag):
                target = (el.get(attr) or "").strip()
                if not target:
                    if tag in ("a", "img", "script") and attr in el.attrib:
                        broken.append(BrokenLink(rel, target, "empty"))
                    continue
                parts = urlsplit(target)
                if parts.scheme or parts.netloc:
                    continue   # external (http, https, mailto, data:): not ours to check
                dest = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
                if parts.path.endswith("/"):
                    dest = dest / "index.html"
                if site not in dest.parents and dest != site:
                    broken.append(BrokenLink(rel, target, "leaves the site"))
                elif not dest.is_file():
                    broken.append(BrokenLink(rel, target, "no such file"))
                elif parts.fragment and dest.suffix == ".html" and unquote(parts.fragment) not in _ids(dest, ids):
                    broken.append(BrokenLink(rel, target, "no such anchor"))
    return broken
