"""``ribao build``, ``ribao stories`` and ``ribao verify``: from stored articles to a bulletin."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from ribao.cli import app
from ribao.cli.common import Writer, console, esc, out, parse_day, settings, text
from ribao.errors import InputError


def report_build(res) -> None:
    """The sections as built (joined to the selection by story key: verification may drop some)."""
    scores = {st.key: st.score for st in res.selection.chosen}
    table = Table(title=text(f"{res.bulletin.title} {res.bulletin.date}"))
    for col in ("#", "headline", "theme"):
        table.add_column(col)
    table.add_column("score", justify="right")
    for sec in res.bulletin.sections:
        score = scores.get(sec.story_id)
        table.add_row(str(sec.number), text(sec.headline), text(sec.theme),
                      f"{score:.2f}" if score is not None else "")
    console.print(table)
    for kind, path in res.files.items():
        console.print(f"  {kind:5} {esc(path)}")
    typer.echo(str(res.out_dir))


@app.command()
def build(ctx: typer.Context, date_: str = typer.Option(..., "--date", help="Bulletin date, YYYY-MM-DD"),
          line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
          writer: Writer = typer.Option(Writer.extractive, help="Who writes: extractive (offline) or llm "
                                        "(an OpenAI-compatible API)"),
          llm_config: Optional[Path] = typer.Option(None, "--llm-config", envvar="RIBAO_LLM_CONFIG",
                                                    help="YAML for the llm writer (base_url, model, prices…)"),
          out_dir: Optional[Path] = typer.Option(None, "--out", help="Output directory")):
    """Select the day's stories and write the bulletin in every format."""
    day = parse_day(date_)   # the user's mistakes first, before the slow imports of the store and writers
    if llm_config is not None and not llm_config.is_file():
        raise InputError(f"--llm-config: no such file: {llm_config}")
    from ribao.lines import load_line
    from ribao.store.home import open_store

    load_line(line)
    st = settings(ctx)
    store = open_store(st)
    from ribao.pipeline import build as run_build

    res = run_build(store, st, day, line_name=line, writer=writer.value, out_dir=out_dir, llm_config=llm_config)
    report_build(res)


@app.command()
def stories(ctx: typer.Context, date_: str = typer.Option(..., "--date", help="Bulletin date, YYYY-MM-DD"),
            line: str = typer.Option("xinzhi", help="Line id or path to a line YAML"),
            include: list[str] = typer.Option([], "--include", help="Story key to put in the bulletin"),
            exclude: list[str] = typer.Option([], "--exclude", help="Story key to keep out of the bulletin"),
            clear: list[str] = typer.Option([], "--clear", help="Story key whose override to remove"),
            limit: int = typer.Option(30, min=1, help="Rows to show")):
    """The day's candidate stories, ranked, with score factors, members and why each was (not) chosen.

    --include/--exclude store an editor's override for that date; `ribao build` honours it.
    """
    day = parse_day(date_)
    from ribao.lines import load_line
    from ribao.store.home import open_store

    cfg = load_line(line)
    store = open_store(settings(ctx), write=bool(include or exclude or clear))
    from ribao.analyze.select import select_day

    for keys, action in ((include, "include"), (exclude, "exclude"), (clear, None)):
        for key in keys:
            store.set_override(cfg.id, day.isoformat(), key, action)
    sel = select_day(store, cfg, day)
    table = Table(title=text(f"{cfg.title} {day}: {len(sel.stories)} candidate stories"), show_lines=True)
    for col in ("#", "key", "score", "factors", "theme", "members (role · publisher · title)", "decision"):
        table.add_column(col, overflow="fold", no_wrap=col in ("key", "score"))
    for i, st in enumerate(sel.stories[:limit], 1):
        factors = " ".join(f"{k[:3]}={v:.2f}" for k, v in st.factors.items())
        members = "\n".join(f"{m.role} · {m.article.publisher} · {m.article.title[:40]}"
                            + (f" (+{len(m.reprints)} reprint)" if m.reprints else "") for m in st.members)
        table.add_row(str(i), text(st.key), f"{st.score:.3f}", factors, text(st.theme), text(members),
                      text(st.reason, "green" if st.chosen else "dim"))
    out.print(table)


@app.command()
def verify(ctx: typer.Context, file: Path = typer.Argument(..., help="A bulletin.json (e.g. one an editor changed by hand)"),
           write: bool = typer.Option(False, "--write", help="Rewrite FILE without the failing sentences")):
    """Re-check every sentence of a bulletin against its cited sources in the store."""
    if not file.is_file():
        raise InputError(f"no such file: {file}")
    from ribao.pipeline import verify_file
    from ribao.store.home import open_store

    checked = verify_file(open_store(settings(ctx), write=False), file)
    v = checked.verification
    for d in v.dropped:
        console.print(f"[red]fails[/] §{d.section} {esc(d.role)}: {esc(d.text[:60])}  ({esc('; '.join(d.reasons))})")
    console.print(f"{v.sentences} sentences, {v.verified} verified, {len(v.dropped)} failing")
    if write:
        file.write_text(checked.model_dump_json(indent=1), encoding="utf-8")
    if v.dropped and not write:
        raise typer.Exit(1)
