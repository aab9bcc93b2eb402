"""The user guide (docs/huong-dan-su-dung.md) only shows what exists, and is found from the bundle too."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest

from povdesk import resources
from povdesk.cli import build_parser

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "huong-dan-su-dung.md"


def code_block_commands(text: str) -> list[list[str]]:
    """``povdesk …`` lines inside fenced code blocks, split like a shell would."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    lines = [ln.strip() for b in blocks for ln in b.splitlines()]
    return [shlex.split(ln)[1:] for ln in lines if ln.startswith("povdesk ")]


def inline_commands(text: str) -> list[list[str]]:
    """``povdesk …`` written inline in the text: the command words before the first option."""
    commands = []
    for span in re.findall(r"`povdesk ([^`]*)`", text):
        words = shlex.split(span)
        cut = next((i for i, w in enumerate(words) if w.startswith("-")), len(words))
        commands.append(words[:cut])
    return commands


def subcommand_exists(words: list[str]) -> bool:
    parser = build_parser()
    for word in words:
        subs = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not subs:
            return True  # the rest are positional values
        choices = subs[0].choices  # type: ignore[attr-defined]
        if word not in choices:
            return False
        parser = choices[word]
    return True


def test_guide_commands_parse() -> None:
    """Every command line shown in the guide's examples is accepted by today's `povdesk` parser."""
    commands = code_block_commands(GUIDE.read_text("utf-8"))
    assert len(commands) >= 5
    for argv in commands:
        try:
            build_parser().parse_args(argv)
        except SystemExit as e:
            pytest.fail(
                f"the guide shows `povdesk {shlex.join(argv)}`, which the CLI refuses (exit {e.code})"
            )


def test_guide_inline_commands_exist() -> None:
    """Every `povdesk <command>` named in the text is a real (sub)command."""
    commands = inline_commands(GUIDE.read_text("utf-8"))
    assert commands
    missing = [" ".join(c) for c in commands if not subcommand_exists(c)]
    assert not missing, f"the guide names commands that do not exist: {missing}"


def test_guide_images_exist() -> None:
    """Every screenshot the guide shows is in docs/ (docs/make_screenshots.py writes them)."""
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", GUIDE.read_text("utf-8"))
    assert images
    missing = [i for i in images if not (GUIDE.parent / i).is_file()]
    assert not missing, missing


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_guide_table_of_contents_links_resolve() -> None:
    """Each `(#anchor)` link points at a heading of the guide."""
    text = GUIDE.read_text("utf-8")
    anchors = {slug(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert links and set(links) <= anchors, sorted(set(links) - anchors)


def test_docs_and_resources_found_from_source_and_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the source tree the guide is found; frozen, both helpers point inside sys._MEIPASS."""
    assert resources.docs_path("huong-dan-su-dung.md") == GUIDE
    assert resources.resource_path("rulesets", "VN-2022.toml").is_file()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.docs_path("huong-dan-su-dung.md") == tmp_path / "docs" / "huong-dan-su-dung.md"
    assert resources.resource_path("icons", "povdesk.svg") == tmp_path / "resources" / "icons" / "povdesk.svg"
