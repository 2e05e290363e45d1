"""``build()``: one full run of the pipeline (load -> parse -> index -> render -> write).

The stages live in their own modules; :mod:`manabi_ssg.pipeline.engine` wires them
together with caching and parallelism.  This module is the small public entry
point for scripts and tests.
"""

from __future__ import annotations

from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.engine import BuildResult, Engine
from manabi_ssg.console.progress import Progress

__all__ = ["BuildResult", "build"]


def build(
    config: Config,
    output: Path | None = None,
    force: bool = False,
    live_reload: bool = False,
    workers: int | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    engine = Engine(config, output, workers=workers, use_cache=use_cache, live_reload=live_reload, force=force, progress=progress)
    return engine.build()
