"""``manabi clean``: remove the files manabi wrote, and nothing else.

A marker file (``.manabi-output``) and ``output_dir`` can both come from a
pull request: with ``output_dir = "."`` and a committed marker, ``clean``
once removed the whole repository, ``.git`` and uncommitted work included.
So neither is trusted alone:

* the folder must pass every check a build makes before it writes
  (:func:`manabi_ssg.pipeline.write.check_output`: not the site folder, not one that
  holds or sits in the content, not the home folder, not one that holds a
  repository or a ``manabi.toml``, marked as manabi's), and must not hold
  the config file in use, the site folder or the build cache;
* then only the files the marker lists are removed, and each only while its
  size is the one the build recorded and it is no newer than the marker (a
  build writes the marker last): a file written since, or one the marker
  names but manabi never wrote, stays.  Whatever stays is named, and the
  folder is kept with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from manabi_ssg.site.config import Config
from manabi_ssg.pipeline.write import MARKER, OutputError, OutputFolder, check_output, listed_files

@dataclass
class Cleaned:
    removed: int = 0  # files removed
    kept: list[str] = field(default_factory=list)  # files left: manabi did not write them (or they changed since)
    folder_removed: bool = False


def refusal(output: Path, config: Config) -> str | None:
    """Why ``clean`` must not touch ``output`` (None: it may remove the files manabi listed there)."""
    output = output.resolve()
    try:
        check_output(output, config.content_path, config.root, force=True)  # files it did not list stay, below
    except OutputError as exc:
        return str(exc)
    site = config.root.resolve()
    if output in site.parents:
        return f"{output} holds the site folder {site}"
    cache = config.cache_path
    if output == cache or output in cache.parents:
        return f"{output} holds the build cache {cache}"
    if config.config_file is not None and output in Path(config.config_file).resolve().parents:
        return f"{output} holds the config file {config.config_file}"
    if not (output / MARKER).is_file():
        return f"{output} has no {MARKER} marker: manabi did not write it"
    return None


def clean_output(output: Path) -> Cleaned:
    """Remove the listed files that are still as written, the folders left empty, and the folder when nothing stays.

    Call only once :func:`refusal` said nothing.
    """
    output = output.resolve()
    result = Cleaned()
    folder = OutputFolder(output)
    marked = os.lstat(output / MARKER).st_mtime_ns
    for size, rel in listed_files(output) or []:
        try:
            path = folder.path(rel)
            stat = os.lstat(path)
        except (OSError, OutputError):
            continue  # gone already, or a name that leads outside: never touched
        if stat.st_size == size and stat.st_mtime_ns <= marked and os.path.isfile(path) and not os.path.islink(path):
            os.unlink(path)
            result.removed += 1
    for directory, dirs, files in os.walk(output, topdown=False):
        for name in files + [name for name in dirs if os.path.islink(os.path.join(directory, name))]:
            rel = os.path.relpath(os.path.join(directory, name), output).replace(os.sep, "/")
            if rel != MARKER:
                result.kept.append(rel)
        if directory != str(output) and not os.listdir(directory):
            os.rmdir(directory)
    result.kept.sort()
    os.unlink(output / MARKER)  # with files left, the folder is no longer one a build may replace without --force
    if not result.kept and not os.listdir(output):
        os.rmdir(output)
        result.folder_removed = True
    return result
