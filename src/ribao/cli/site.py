"""``ribao site build`` and ``ribao site check``: the static archive site."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ribao.cli import app
from ribao.cli.common import console, esc, settings

site_app = typer.Typer(no_args_is_help=True, help="The static archive site (index, bulletins, archived copies, feed, search).")
app.add_typer(site_app, name="site")


def _out(ctx: typer.Context, out: Optional[Path], line: str) -> tuple[Path, object]:
    from ribao.lines import load_line

    cfg = load_line(line)
    return (out or settings(ctx).home / "site" / cfg.id), cfg


@site_app.command("build")
def build(ctx: typer.Context, out: Optional[Path] = typer.Option(None, "--out", help="Output directory (default HOME/site/LINE)"),
          line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
          full: bool = typer.Option(False, "--full", help="Re-render every page and re-index every month")):
    """Build or update the site from the stored bulletins (only what changed, unless --full)."""
    from ribao.store.home import open_store
    from ribao.site import build_site

    target, cfg = _out(ctx, out, line)
    st = settings(ctx)
    rep = build_site(open_store(st), st, cfg, out=target, full=full)
    for p in rep.problems:
        console.print(f"[yellow]warning[/] {esc(p)}", soft_wrap=True)
    console.print(f"{rep.bulletins} bulletins ({rep.rendered_bulletins} rendered), {rep.archived_copies} archived copies; "
                  f"{rep.pages_written} files written, {rep.pages_skipped} unchanged; search re-indexed: "
                  f"{esc(', '.join(rep.search_reindexed) or 'nothing')}; {rep.seconds:.1f}s")
    typer.echo(str(rep.out / "index.html"))


@site_app.command("check")
def check(ctx: typer.Context, out: Optional[Path] = typer.Option(None, "--out", help="The site's directory"),
          line: str = typer.Option("xinzhi", help="Line id or path to a line YAML")):
    """Check that every internal link and image of the built site resolves; exit 1 if one does not."""
    from ribao.errors import InputError
    from ribao.site import check_links

    target, _ = _out(ctx, out, line)
    if not (target / "index.html").is_file():
        raise InputError(f"no site at {target} (run: ribao site build)")
    broken = check_links(target)
    for b in broken[:50]:
        console.print(f"[red]broken[/] {esc(b.page)} → {esc(b.target)} ({esc(b.reason)})", soft_wrap=True)
    console.print(f"{len(broken)} broken links")
    if broken:
        raise typer.Exit(1)
