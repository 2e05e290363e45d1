"""Where templates and static files come from: the site first, then the theme.

As in Hugo, a site overrides any theme file by putting one of the same name
in its own ``templates/`` or ``static/`` folder.  The default theme lives at
the top of the repository (``templates/``, ``static/``) and is carried into
the wheel as ``manabi_ssg/theme/``.  A site's own folders follow the same
rule as its content (see :mod:`manabi_ssg.guards.boundary`): a link out of them is
not followed, so the theme's file of that name is used instead.  Under
``--safe`` (see :mod:`manabi_ssg.safe`) a site's templates and messages are
not read at all, and its static folder only when it lies inside the site.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path

import jinja2

from manabi_ssg.guards.boundary import Boundary, inside_folder, read_regular, walk
from manabi_ssg.guards.catalogue_check import site_catalogue_diagnostics
from manabi_ssg.site.config import Config
from manabi_ssg.diagnostics import WARNING, Diagnostic, TemplateProblem
from manabi_ssg.messages import BUILTIN, english

PACKAGE = Path(__file__).resolve().parent.parent  # src/manabi_ssg
# ids the theme's page templates themselves write around the body (a body id of the same name is a duplicate)
TEMPLATE_IDS = frozenset({"main", "toc-title", "learning-objectives-title", "chapter-list-title", "series-list-title"})


def builtin_dir(kind: str) -> Path:
    """``kind`` is "templates" or "static"."""
    packaged = PACKAGE / "theme" / kind
    if packaged.is_dir():
        return packaged
    checkout = PACKAGE.parent.parent / kind  # src/manabi_ssg -> repository root
    return checkout


def search_path(config: Config, kind: str) -> list[Path]:
    own = (config.root / (config.templates_dir if kind == "templates" else config.static_dir)).resolve()
    builtin = builtin_dir(kind).resolve()
    if config.safe and (kind == "templates" or not inside_folder(own, config.root)):
        return [builtin]  # a site template can run code; safe.py reports what is left out
    return [own, builtin] if own != builtin and own.is_dir() else [builtin]


def static_files(config: Config) -> dict[str, Path]:
    """Output name -> file; a site's file wins over the theme's of the same name."""
    files: dict[str, Path] = {}
    for folder in reversed(search_path(config, "static")):
        if folder.is_dir():
            boundary = Boundary.of(folder, config.root, config.allow_links_to)
            for rel in walk(folder, boundary, [], hidden=(".",)):
                files[rel] = folder / rel
    return dict(sorted(files.items()))


def site_folder_diagnostics(config: Config) -> list[Diagnostic]:
    """Warnings for the links out (and special files) in the site's ``static/``, ``templates/`` and ``messages/``."""
    diagnostics: list[Diagnostic] = []
    names = (config.static_dir,) if config.safe else (config.static_dir, config.templates_dir, "messages")
    for name in names:
        folder = (config.root / name).resolve()
        if config.safe and not inside_folder(folder, config.root):
            continue  # not read under --safe; safe.py reports it
        if folder.is_dir() and folder not in (builtin_dir("static").resolve(), builtin_dir("templates").resolve()):
            found = walk(folder, Boundary.of(folder, config.root, config.allow_links_to), diagnostics,
                         shown=lambda rel: str(folder / rel), hidden=(".",))  # walk calls it before the loop moves on
            if name == config.templates_dir:
                diagnostics += unknown_blocks(folder, [rel for rel in found if rel.endswith(".html")])
            if name == "messages":
                diagnostics += site_catalogue_diagnostics(folder, english(), {p.stem for p in BUILTIN.glob("*.toml")})
    return diagnostics


THEME_PREFIX = "theme/"  # a template name that always means the built-in theme's file


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading only regular files inside its folders (or the allowed link targets).

    A refused file is passed over, as if it were not there, so the theme's
    template of the same name is found instead.

    A name under ``theme/`` (``theme/base.html``, ``theme/partials/toc.html``) is
    always the built-in theme's file, never the site's: so a site's
    ``templates/base.html`` can ``{% extends "theme/base.html" %}`` and override
    one block, as Sphinx's ``!layout.html``, without extending itself.  The
    theme's own templates name each other without the prefix, so a site's
    override of ``base.html`` applies under the theme's ``chapter.html`` too.
    """

    def __init__(self, folders: tuple[str, ...], link_roots: tuple[str, ...] = ()):
        super().__init__(list(folders))
        self.boundaries = [Boundary((os.path.realpath(folder), *link_roots)) for folder in folders]
        theme = os.path.realpath(builtin_dir("templates"))
        self.theme = ([theme], [Boundary((theme,))])

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        folders, boundaries = self.searchpath, self.boundaries
        if template.startswith(THEME_PREFIX):
            pieces = jinja2.loaders.split_template_path(template[len(THEME_PREFIX):])
            folders, boundaries = self.theme
        for folder, boundary in zip(folders, boundaries):
            filename = os.path.join(folder, *pieces)
            if os.path.lexists(filename) and boundary.refusal(filename) is None and os.path.isfile(filename):
                mtime = os.path.getmtime(filename)
                data = read_regular(filename)
                try:
                    source = data.decode(self.encoding)
                except UnicodeDecodeError as exc:  # the site's template, not manabi: where, as a template error
                    line = data[: exc.start].count(b"\n") + 1
                    raise TemplateProblem(filename, line, f"the template is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8") from None

                def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                    try:
                        return os.path.getmtime(filename) == mtime
                    except OSError:
                        return False

                return source, os.path.normpath(filename), uptodate
        raise jinja2.TemplateNotFound(template, self._not_found(template))

    def _not_found(self, template: str) -> str:
        """What an author reads for a name no folder has: the closest name there is (``theme/chapter.htm``)."""
        if template.startswith(THEME_PREFIX):
            names = [THEME_PREFIX + name for name in jinja2.FileSystemLoader(self.theme[0]).list_templates()]
        else:
            names = self.list_templates()
        meant = difflib.get_close_matches(template, names, n=1)
        where = "the theme has" if template.startswith(THEME_PREFIX) else "the site and the theme have"
        return f"{where} no template {template!r}" + (f"; did you mean {meant[0]!r}?" if meant else "")


def unknown_blocks(folder: Path, templates: list[str]) -> list[Diagnostic]:
    """A block a site template overrides that the template it extends does not have is never shown.

    Jinja ignores such a block without a word, so a misspelt ``{% block chapter_heder %}``
    would leave the theme's header in place and the author wondering: warned at the block,
    with the name meant.  Templates are only parsed here, never run.
    """
    loader = TemplateLoader((str(folder), str(builtin_dir("templates"))))
    environment = jinja2.Environment(loader=loader)
    diagnostics: list[Diagnostic] = []
    for rel in templates:
        try:
            source, filename, _ = loader.get_source(environment, rel)
            tree = environment.parse(source)
            parent = next(iter(tree.find_all(jinja2.nodes.Extends)), None)
            if parent is None or not isinstance(parent.template, jinja2.nodes.Const):
                continue  # a page of its own, or a parent chosen while rendering
            offered = _blocks_of_chain(environment, str(parent.template.value))
        except (jinja2.TemplateError, TemplateProblem):
            continue  # a broken template is reported when it is rendered, at its place
        for block in _outer_blocks(tree):
            if block.name not in offered:
                meant = difflib.get_close_matches(block.name, sorted(offered), n=1)
                hint = f"; did you mean {meant[0]!r}?" if meant else f" (it has {', '.join(sorted(offered))})"
                line = source.split("\n")[block.lineno - 1] if block.lineno else ""
                col = line.find(block.name) + 1 if block.name in line else 1
                diagnostics.append(Diagnostic(filename, block.lineno, col, WARNING, "template-block-unknown",
                                              f"block {block.name!r} is not in {parent.template.value}, so it is never shown{hint}"))
    return diagnostics


def _blocks_of_chain(environment: jinja2.Environment, name: str, depth: int = 0) -> set[str]:
    """Every block ``name`` and the templates it extends define, nested ones included."""
    assert environment.loader is not None
    tree = environment.parse(environment.loader.get_source(environment, name)[0])
    blocks = {block.name for block in tree.find_all(jinja2.nodes.Block)}
    parent = next(iter(tree.find_all(jinja2.nodes.Extends)), None)
    if parent is not None and isinstance(parent.template, jinja2.nodes.Const) and depth < 20:
        blocks |= _blocks_of_chain(environment, str(parent.template.value), depth + 1)
    return blocks


def _outer_blocks(node: jinja2.nodes.Node) -> list[jinja2.nodes.Block]:
    """The blocks of a child template that override its parent's: those not inside another block."""
    found = []
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            found.append(child)
        else:
            found += _outer_blocks(child)
    return found
