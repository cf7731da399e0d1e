"""The archive site: every published bulletin as static pages, with an index by date, pages per
theme and per source, an Atom feed, search (Pagefind, Chinese segmentation) and, for every
reference, ribao's archived copy of the page as captured. See ``build`` for the layout.

``build_site`` is the one entry point (``ribao site build`` and the daily run's publish stage).
"""
from ribao.site.build import SiteReport, build_site
from ribao.site.links import BrokenLink, check_links

__all__ = ["build_site", "SiteReport", "check_links", "BrokenLink"]
