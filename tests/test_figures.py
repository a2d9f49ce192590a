"""Drawings on a guide: only safe SVG from the repository, named at the record's line when not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from procedure_guides.model.figures import read_drawing
from procedure_guides.model.project import Project
from tests.conftest import Ran, line_of

SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 480 720">'


@pytest.mark.parametrize(
    ("inside", "refused_because"),
    [
        ("<script>alert(1)</script>", "holds a <script> element"),
        ('<rect width="9" height="9" onclick="alert(1)"/>', "has an event attribute (onclick)"),
        ('<image href="https://tracker.example/pixel.png"/>', "holds a <image> element"),
        ('<use xlink:href="https://elsewhere.example/a.svg#x"/>', "links to 'https://elsewhere.example/a.svg#x'"),
        ('<rect style="fill: url(https://elsewhere.example/p.svg)"/>', "refers to something outside itself"),
        ("<style>@import url(https://elsewhere.example/a.css);</style>", "has a style that loads something"),
        ("<foreignObject><p>html</p></foreignObject>", "holds a <foreignObject> element"),
    ],
)
def test_a_drawing_that_could_do_more_than_draw_is_refused(tmp_path: Path, inside: str, refused_because: str) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures/bad.svg").write_text(f"{SVG_OPEN}{inside}</svg>")

    with pytest.raises(ValueError, match=r"figures/bad\.svg") as refused:
        read_drawing(tmp_path, "figures/bad.svg")
    assert refused_because in str(refused.value)


def test_a_drawing_needs_a_viewbox_and_no_doctype(tmp_path: Path) -> None:
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures/plain.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>')
    (tmp_path / "figures/entity.svg").write_text('<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG_OPEN + "&a;</svg>")

    with pytest.raises(ValueError, match="needs a viewBox"):
        read_drawing(tmp_path, "figures/plain.svg")
    with pytest.raises(ValueError, match="declares a DOCTYPE or entities"):
        read_drawing(tmp_path, "figures/entity.svg")


def test_the_committed_drawing_is_safe_and_sized_for_a_phone() -> None:
    drawing = read_drawing(Path(__file__).resolve().parent.parent, "figures/spinal-hardware-parts.svg")
    assert drawing.height > drawing.width  # taller than wide: its labels stay readable on a phone
    assert "<title" in drawing.text and "<desc" in drawing.text


def test_a_missing_drawing_or_a_long_alt_is_named_at_the_records_line(
    scratch_project: Project, build_py: Callable[..., Ran]
) -> None:
    record = scratch_project.procedures / "spinal-hardware-removal.yaml"
    text = record.read_text().replace("figures/spinal-hardware-parts.svg", "figures/not-there.svg")
    long_alt = "A side view. " * 20
    alt = '    alt: "A side view of the lower back.'
    text = text.replace(alt, alt.replace('"', '"' + long_alt))
    record.write_text(text)

    ran = build_py(scratch_project.root, "check")

    assert ran.code == 1
    file_line, alt_line = line_of(record, "figures/not-there.svg"), line_of(record, "    alt: ")
    assert ran.problem_lines == [
        f"procedures/spinal-hardware-removal.yaml:{file_line}: figures[0].file: there is no file figures/not-there.svg;"
        " put the drawing in figures/",
        f"procedures/spinal-hardware-removal.yaml:{alt_line}: figures[0].alt: is 441 characters; keep it to 250 and"
        " put the rest in the caption",
    ]
