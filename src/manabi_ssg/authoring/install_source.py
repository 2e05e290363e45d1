"""The pip requirement that installs this very manabi, for the files ``manabi init`` writes.

A course's workflow and pre-commit hook must install the manabi the course was
written with.  A release is on PyPI, so ``manabi-ssg==0.2.0`` does.  A
development build (a ``.devN`` version: what ``main`` carries between
releases) is not, and a pin to it would fail in CI with "no matching
distribution".  The same code is then named by its git commit: where pip
recorded it (``pip install git+https://…@commit`` leaves a PEP 610
``direct_url.json``), or asked of the checkout an editable install runs from.
When neither says where CI could fetch the code (a wheel built locally, a
checkout with no remote), there is no honest requirement to write: the result
is empty and ``init`` says what to fill in.
"""

from __future__ import annotations

import json
import re
from typing import Any
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from manabi_ssg import __version__

DISTRIBUTION = "manabi-ssg"


@dataclass(frozen=True)
class Requirement:
    line: str  # a pip requirement, '' when none can be written
    note: str = ""  # what init tells the author ('' for a release)


@dataclass(frozen=True)
class Checkout:
    """What git says of the folder a development build runs from."""

    commit: str
    remote: str  # the URL of ``origin`` ('' when there is none)
    pushed: bool  # whether a remote branch holds the commit
    dirty: bool  # uncommitted changes to tracked files


def is_release(version: str) -> bool:
    """``0.2.0`` or ``1.0.0rc1``; not ``0.2.0.dev0`` nor a local ``+g1234`` build."""
    return re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?", version) is not None


def fetchable(url: str) -> str:
    """``url`` as CI could fetch it over HTTPS (credentials dropped), or '' when it is local.

    Only URL characters pass: the result is written inside quoted YAML and a shell word.
    """
    if not re.fullmatch(r"[\w.~:/@%+=-]+", url):
        return ""
    scp = re.fullmatch(r"[\w.-]+@([\w.-]+):(.+)", url)  # git@github.com:owner/repo.git
    if scp:
        return f"https://{scp.group(1)}/{scp.group(2)}"
    parts = urlsplit(url.removeprefix("git+"))
    if parts.scheme == "ssh" and parts.hostname:
        return urlunsplit(("https", parts.hostname, parts.path, "", ""))
    if parts.scheme == "https" and parts.hostname:
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return urlunsplit(("https", host, parts.path, "", ""))
    return ""


def requirement(version: str, direct_url: dict[str, Any] | None, checkout: Checkout | None) -> Requirement:
    """The requirement for this install; see the module's docstring for the order of the sources."""
    if is_release(version):
        return Requirement(f"{DISTRIBUTION}=={version}")
    direct = direct_url or {}
    vcs = direct.get("vcs_info", {})
    if vcs.get("vcs") == "git" and vcs.get("commit_id") and fetchable(direct.get("url", "")):
        return Requirement(f"{DISTRIBUTION} @ git+{fetchable(direct['url'])}@{vcs['commit_id']}",
                           f"manabi {version} is a development build, not on PyPI: the course installs "
                           f"the same code from its git commit {vcs['commit_id'][:12]}")
    if checkout is not None and checkout.commit and fetchable(checkout.remote):
        note = (f"manabi {version} is a development build, not on PyPI: the course installs "
                f"the same code from its git commit {checkout.commit[:12]}")
        if not checkout.pushed:
            note += "; that commit is on no remote branch yet: push it before the course's workflow runs"
        if checkout.dirty:
            note += "; the checkout has uncommitted changes, which the course will not get"
        return Requirement(f"{DISTRIBUTION} @ git+{fetchable(checkout.remote)}@{checkout.commit}", note)
    return Requirement("", f"manabi {version} is a development build, not on PyPI, and nothing says where "
                           "else it can be fetched from: write a pip requirement that installs it (e.g. "
                           f"'{DISTRIBUTION} @ git+https://github.com/OWNER/REPO@COMMIT') into MANABI_REQUIREMENT "
                           "in .github/workflows/site.yml and into .pre-commit-config.yaml")


def this_requirement() -> Requirement:
    """The requirement for the manabi running now."""
    direct_url = None
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
        direct_url = json.loads(text) if text else None
    except (metadata.PackageNotFoundError, ValueError):
        pass
    return requirement(__version__, direct_url, _checkout(PACKAGE))


PACKAGE = Path(__file__).resolve().parent.parent  # src/manabi_ssg


def _checkout(package: Path) -> Checkout | None:
    """What git says of the checkout whose ``src/manabi_ssg`` is ``package``; None when the code runs
    from anywhere else (a wheel's install, even one inside some other git repository) or git is missing."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(package), *args], capture_output=True, text=True, timeout=20)
        return done.stdout.strip() if done.returncode == 0 else ""

    try:
        top = git("rev-parse", "--show-toplevel")
        if not top or (Path(top) / "src" / "manabi_ssg").resolve() != package:
            return None
        commit = git("rev-parse", "HEAD")
        return Checkout(commit=commit, remote=git("remote", "get-url", "origin"),
                        pushed=bool(git("branch", "-r", "--contains", commit)),
                        dirty=bool(git("status", "--porcelain", "--untracked-files=no")))
    except (OSError, subprocess.SubprocessError):
        return None
