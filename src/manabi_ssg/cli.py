"""The ``manabi`` command.

Exit codes: 0 success, 1 content or template errors (or warnings with
``--strict``), 2 bad usage or an output folder manabi may not touch, 70 a bug
in manabi itself, 130 interrupted (Ctrl-C).  Content problems are
printed as ``path:line:col: level: message``; no traceback reaches the user
(set ``MANABI_DEBUG=1`` to see one for a bug in manabi itself).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from typing import NoReturn
from dataclasses import replace
from pathlib import Path

from manabi_ssg import __version__
from manabi_ssg.site.answers import MODES, build_date, withheld_summary
from manabi_ssg.site.config import Config, find_site, load_config
from manabi_ssg.diagnostics import ERROR, INFO, WARNING, Diagnostic, TemplateProblem, plural
from manabi_ssg.console.progress import progress_for
from manabi_ssg.console.report import github_annotation, located, print_diagnostics
from manabi_ssg.safe import UnsafeFolder, make_safe, safe_config_file
from manabi_ssg.console.terminal import json_printable, printable, printable_path, say
from manabi_ssg.pipeline.write import MARKER, OutputError

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
# what the machine, not manabi, gets wrong while a site is written: a full disk, a read-only or forbidden folder
MACHINE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO, errno.EFBIG,
                            errno.EMFILE, errno.ENFILE})


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", metavar="DIR", help="content folder (default: content/ or the config's content_dir); "
                        "the folder holding it is the site folder when it has manabi.toml, templates/, static/ or messages/")
    parser.add_argument("--config", metavar="FILE", help="config file; its folder is the site folder (default: manabi.toml in the site folder)")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="no progress, and only the problems that decide the exit code (errors; warnings too with --strict) and the summary")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="also print info-level notes")


def _edition(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--answers", choices=MODES, help="withheld: an edition with no answer text in any file, each answer "
                        "replaced by a notice that it comes later (default: the config's answers, else shown)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the build's day, which front matter answers_from is compared with "
                        "(default: SOURCE_DATE_EPOCH's day, else today, in UTC)")


def _safe(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--safe", action="store_true", help="for untrusted changes (a fork's pull request): no site templates, "
                        "messages/, allow_links_to, build cache or folder outside the site; each is reported")


class ArgumentParser(argparse.ArgumentParser):
    """argparse, whose error quotes what was typed: made printable like every other line (terminal.py)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {printable(message)}\n")


def make_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="manabi", description="Build educational chapter series into a static site.")
    parser.add_argument("--version", action="version", version=f"manabi {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site")
    _common(build)
    build.add_argument("--output", metavar="DIR", help="output folder (default: _site)")
    build.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    build.add_argument("--force", action="store_true", help="replace an output folder that manabi did not write")
    build.add_argument("--no-cache", action="store_true", help="ignore and do not write the build cache")
    build.add_argument("--drafts", action="store_true", help="also build pages marked draft: true")
    build.add_argument("-j", "--jobs", type=int, default=None, metavar="N", help="worker processes (default: one per core)")
    _edition(build)
    _safe(build)

    check = commands.add_parser("check", help="report every content problem without publishing")
    _common(check)
    check.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    check.add_argument("--drafts", action="store_true", help="also check pages marked draft: true")
    check.add_argument("--format", choices=("text", "github", "json"), default="text", help="output format (default: text)")
    check.add_argument("--no-cache", action="store_true", help="ignore and do not write the build cache")
    _edition(check)
    _safe(check)

    commands.add_parser("schema", help="print the front matter JSON Schema")

    serve = commands.add_parser("serve", help="build, serve and rebuild on every save, reloading the browser")
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    serve.add_argument("--no-drafts", action="store_true", help="leave out pages marked draft: true, as build does")
    serve.add_argument("--open", action="store_true", help="open the site in a browser")
    _edition(serve)
    _safe(serve)

    new = commands.add_parser("new", help="start a chapter, a series or a translation from a template (never overwrites)")
    new.add_argument("what", choices=("chapter", "series", "translation"),
                     help="a chapter file, a series folder with its index.md and a first chapter, or a chapter's translation (--lang)")
    new.add_argument("path", metavar="PATH", help="inside the content folder, e.g. ja/my-series/chapter1-intro.md or en/my-series")
    new.add_argument("--lang", metavar="LANG", help="translation: the language to translate into, e.g. en")
    new.add_argument("--config", metavar="FILE", help="config file; its folder is the site folder (default: manabi.toml in the site folder)")
    new.add_argument("--content", metavar="DIR", help="content folder (default: content/ or the config's content_dir)")

    init = commands.add_parser("init", help="create a course repository that builds and deploys as it stands (never overwrites)")
    init.add_argument("dir", metavar="DIR", help="the new course's folder")
    init.add_argument("--lang", choices=("ja", "en"), help="the sample content's language (default: ja under a Japanese locale, else en)")
    init.add_argument("--title", help="the site's title (default: the folder's name)")
    init.add_argument("--force", action="store_true", help="in a folder that is not empty, add only the missing files")

    clean = commands.add_parser("clean", help="remove the output folder and the build cache")
    _common(clean)
    clean.add_argument("--output", metavar="DIR", help="output folder (default: _site)")
    return parser


class UsageError(Exception):
    """Bad usage the user can fix from the command line (exit 2)."""


def require_content(config: Config) -> None:
    if not config.content_path.is_dir():
        raise UsageError(f"content folder {config.content_path} does not exist; pass --content DIR or create it")


def settings_from(args: argparse.Namespace) -> tuple[Config, list[Diagnostic]]:
    """The settings, from the site folder that :func:`~manabi_ssg.site.config.find_site` picks."""
    if args.config and not Path(args.config).is_file():
        raise UsageError(f"config file {args.config} does not exist")
    root, config_file = find_site(args.config, args.content, Path.cwd())
    safe = getattr(args, "safe", False)
    outside: list[Diagnostic] = []
    if safe and not args.config:
        config_file, outside = safe_config_file(root, config_file)
    config, problems = load_config(root, config_file) if not outside else (Config(root=root), [])
    if safe:
        given = frozenset(key for key, value in (("content_dir", args.content), ("output_dir", getattr(args, "output", None))) if value)
        try:
            config, left_out = make_safe(config, given)
        except UnsafeFolder as exc:
            raise UsageError(str(exc)) from None
        problems = outside + problems + left_out
    if args.content:
        config = replace(config, content_dir=str(Path(args.content).resolve()))
    if getattr(args, "output", None):
        config = replace(config, output_dir=str(Path(args.output).resolve()))
    if getattr(args, "drafts", False) or (args.command == "serve" and not args.no_drafts):
        config = replace(config, drafts=True)
    if getattr(args, "answers", None):
        config = replace(config, answers=args.answers)
    if hasattr(args, "date"):
        try:
            config = replace(config, build_date=build_date(args.date or ""))
        except ValueError as exc:
            raise UsageError(f"--date {args.date}: {exc}; write the day as YYYY-MM-DD" if args.date else str(exc)) from None
    args.output_path = config.output_path  # what a build that stops says it left (main)
    return config, problems


def _hides_warnings(args: argparse.Namespace) -> bool:
    """``-q`` hides warnings, but not under ``--strict``: there they decide the exit code, and exit 1 must say why."""
    return args.quiet and not args.strict


def cmd_build(args: argparse.Namespace) -> int:
    from manabi_ssg.build import build

    config, problems = settings_from(args)
    require_content(config)
    result = build(config, force=args.force, use_cache=not args.no_cache, workers=args.jobs,
                   progress=progress_for(sys.stderr, args.quiet))
    diagnostics = problems + located(result.diagnostics, config.content_path)
    print_diagnostics(diagnostics, _hides_warnings(args), args.verbose)
    errors = sum(d.level == ERROR for d in diagnostics)
    warnings = sum(d.level == WARNING for d in diagnostics)
    say(f"manabi: built {plural(result.pages, 'page')} into {config.output_path}: {plural(errors, 'error')}, {plural(warnings, 'warning')} in {result.seconds:.2f}s")
    if result.withheld:
        say(f"manabi: {withheld_summary(result.withheld)}")
    if errors or (args.strict and warnings):
        return EXIT_ERRORS
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    import json
    import tempfile

    from manabi_ssg.pipeline.engine import Engine
    from manabi_ssg.outputs.sitefiles import base_url_note

    config, problems = settings_from(args)
    require_content(config)
    with tempfile.TemporaryDirectory(prefix="manabi-check-") as scratch:
        result = Engine(config, Path(scratch) / "site", search_index=False, use_cache=not args.no_cache,
                        progress=progress_for(sys.stderr, args.quiet)).build()
    notes = base_url_note(config)  # said once, even without -v: it is about the whole site
    diagnostics = problems + located(result.diagnostics, config.content_path)
    errors = sum(d.level == ERROR for d in diagnostics)
    warnings = sum(d.level == WARNING for d in diagnostics)
    if args.format == "json":
        print(json_printable(json.dumps({"diagnostics": [d.to_dict() for d in notes + diagnostics], "errors": errors, "warnings": warnings,
                          "pages": result.pages, "withheld": [{"until": day or None, "answers": n} for day, n in result.withheld]},
                         ensure_ascii=False, indent=2)))
    elif args.format == "github":
        for d in diagnostics:
            if d.level != INFO or args.verbose:
                print(github_annotation(d))
        for d in notes if not args.quiet else ():
            print(github_annotation(d))
    else:
        print_diagnostics(diagnostics, _hides_warnings(args), args.verbose, stream=sys.stdout)
        print_diagnostics(notes, args.quiet, True, stream=sys.stdout)
        say(f"manabi: checked {plural(result.pages, 'page')}: {plural(errors, 'error')}, {plural(warnings, 'warning')}")
        if result.withheld:
            say(f"manabi: {withheld_summary(result.withheld)}")
    return EXIT_ERRORS if errors or (args.strict and warnings) else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from manabi_ssg.authoring.schema import frontmatter_schema

    print(json.dumps(frontmatter_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from manabi_ssg.preview.serve import serve

    config, problems = settings_from(args)
    require_content(config)
    print_diagnostics(problems, args.quiet, args.verbose)
    return serve(config, args.host, args.port, args.open, reload_config=lambda: settings_from(args))


def cmd_clean(args: argparse.Namespace) -> int:
    import shutil

    from manabi_ssg.incremental.cache import KINDS
    from manabi_ssg.clean import clean_output, refusal

    config, _ = settings_from(args)
    output = config.output_path
    if os.path.lexists(output):
        why = refusal(output, config)
        if why is not None:
            say(f"manabi: not removing {output}: {why}", file=sys.stderr)
            return EXIT_USAGE
        cleaned = clean_output(output)
        if cleaned.kept:
            shown = ", ".join(cleaned.kept[:3]) + (", ..." if len(cleaned.kept) > 3 else "")
            say(f"manabi: removed {plural(cleaned.removed, 'file')} manabi wrote from {output}; kept "
                  f"{plural(len(cleaned.kept), 'file')} it did not write or that changed since ({shown})")
        else:
            say(f"manabi: removed {output}")
    cache = config.cache_path
    if os.path.lexists(cache):
        if not cache.is_dir() or cache.is_symlink() or not all(entry.name in KINDS for entry in cache.iterdir()):
            say(f"manabi: not removing {cache}: manabi did not write it", file=sys.stderr)
            return EXIT_USAGE
        shutil.rmtree(cache)
        say(f"manabi: removed {cache}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from manabi_ssg.authoring.scaffold import ScaffoldError, new_chapter, new_series, new_translation

    config, problems = settings_from(args)
    print_diagnostics(problems, False, False)
    try:
        if args.what == "translation":
            written = new_translation(config, args.path, args.lang)
        elif args.lang:
            raise ScaffoldError("--lang is for new translation; a chapter's or series' language is its folder's (ja/, en/, ...)")
        else:
            written = (new_chapter if args.what == "chapter" else new_series)(config, args.path)
    except ScaffoldError as exc:
        say(f"manabi: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        say(f"manabi: wrote {os.path.relpath(path)}")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from manabi_ssg.authoring.course import run_init

    return run_init(args.dir, args.lang, args.title, args.force)


COMMANDS = {"build": cmd_build, "check": cmd_check, "schema": cmd_schema, "serve": cmd_serve, "clean": cmd_clean, "new": cmd_new, "init": cmd_init}


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        return COMMANDS[args.command](args)
    except (OutputError, UsageError) as exc:
        say(f"manabi: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TemplateProblem as exc:  # the author's template, not manabi: where it is, exit 1
        shown = os.path.relpath(exc.path) if os.path.isabs(exc.path) else exc.path
        say(f"{printable_path(shown)}:{exc.line}: error: {exc.message} [template-error]", file=sys.stderr)
        say(f"manabi: the site was not built{_what_was_left(args)}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        say(f"manabi: interrupted{_what_was_left(args)}", file=sys.stderr)
        return 130
    except OSError as exc:
        if exc.errno not in MACHINE_ERRORS:
            return _internal_error(exc)
        # the machine, not manabi: which file, and what the system said
        where = printable_path(os.fsdecode(exc.filename)) if exc.filename else "the output folder"
        say(f"manabi: error: cannot write {where}: {exc.strerror}", file=sys.stderr)
        if args.command == "build":
            say(f"manabi: the site was not built{_what_was_left(args)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug in manabi, not in the content
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    if os.environ.get("MANABI_DEBUG"):
        raise exc
    say(f"manabi: internal error: {type(exc).__name__}: {exc} (run with MANABI_DEBUG=1 for details, and please report it)", file=sys.stderr)
    return 70


def _what_was_left(args: argparse.Namespace) -> str:
    """What a build that stopped leaves, said only when it is so: the previous site, or none."""
    output = getattr(args, "output_path", None)
    if args.command != "build" or output is None:
        return ""
    return "; the previous one was left as it was" if (output / MARKER).is_file() else "; there is no previous one"
