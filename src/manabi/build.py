"""The pipeline: load -> parse -> index -> render -> write.

Each stage is its own module passing plain data; this module only wires them
together and adds the pages the site generates itself (home, folder pages
without an ``index.md``, 404, sitemap).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from manabi import load
from manabi.config import Config
from manabi.diagnostics import ERROR, WARNING, Diagnostic, counts
from manabi.index import build_index, section_url
from manabi.listings import collect_extra, listing_pages
from manabi.markdown.code import pygments_css
from manabi.model import SECTION, Page, SiteIndex
from manabi.parse import parse_source
from manabi.render import RenderSettings, render_page
from manabi.sitefiles import robots_txt, sitemap_xml
from manabi.theme import search_path, static_files
from manabi.write import StagedOutput, check_output


@dataclass
class BuildResult:
    pages: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    written: bool = False

    @property
    def errors(self) -> int:
        return counts(self.diagnostics)[ERROR]

    @property
    def warnings(self) -> int:
        return counts(self.diagnostics)[WARNING]


def render_settings(config: Config, live_reload: bool = False) -> RenderSettings:
    messages_dir = config.root / "messages"
    return RenderSettings(
        template_dirs=tuple(str(p) for p in search_path(config, "templates")),
        messages_dir=str(messages_dir.resolve()) if messages_dir.is_dir() else "",
        mermaid_url=config.mermaid_url,
        license=config.license,
        live_reload=live_reload,
    )


def parse_all(config: Config, paths: list[str], settings: RenderSettings) -> list[Page]:
    root = config.content_path
    return [parse_source(load.load_source(root, path, config), config.hard_line_breaks, settings.messages_dir) for path in paths]


def generated_pages(pages: list[Page], index: SiteIndex, config: Config) -> list[Page]:
    """Landing pages for folders without an ``index.md``, the home page and the 404 page."""
    have = {page.url for page in pages}
    extra: list[Page] = []
    for folder, section in index.sections.items():
        url = section_url(folder)
        if url in have:
            continue
        path = f"{folder}/index.md" if folder else "index.md"
        extra.append(Page(path=path, url=url, kind="home" if not folder else SECTION, lang=section.lang if folder else config.default_language,
                          meta={}, title=section.title, body_html="", toc=[], order=(2, 0, ()), digest=""))
    extra.append(Page(path="404.md", url="404.html", kind="not_found", lang=config.default_language, meta={}, title="404",
                      body_html="", toc=[], order=(3, 0, ()), digest=""))
    return extra


def build(config: Config, output: Path | None = None, force: bool = False, live_reload: bool = False) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    output = (output or config.output_path).resolve()
    tree = load.scan(config)
    result.diagnostics.extend(tree.diagnostics)
    check_output(output, config.content_path, config.root, force=force)

    settings = render_settings(config, live_reload)
    pages = parse_all(config, tree.markdown, settings)
    root_index = next((p for p in pages if p.url == "index.html"), None)
    if root_index is not None:
        root_index.kind = "home"
    index = build_index(pages, config, extra=collect_extra(pages))
    pages += generated_pages(pages, index, config) + listing_pages(index, config)

    staged = StagedOutput(output)
    try:
        for page in pages:
            result.diagnostics.extend(page.diagnostics)
            staged.write_text(page.url, render_page(page, index, settings))
        for rel in tree.assets:
            staged.copy(rel, config.content_path / rel)
        for rel, source in static_files(config).items():
            staged.copy(rel, source)
        staged.write_text("assets/pygments.css", pygments_css())
        staged.write_text("robots.txt", robots_txt(config))
        if config.base_url:
            staged.write_text("sitemap.xml", sitemap_xml(pages, config))
        staged.commit()
    except BaseException:
        staged.discard()
        raise
    result.written = True
    result.pages = len(pages)
    result.diagnostics = sorted(set(d for d in result.diagnostics if d.code not in config.silence))
    result.seconds = time.perf_counter() - started
    return result
