"""Pictures a guide shows: drawings in figures/, checked before any page uses them.

A picture is an SVG drawing kept in the repository, never an address on the web.
It is read as plain XML and refused if it could do more than draw: no scripts, no
event attributes, no embedded HTML or images, no link to anything outside itself.
Its viewBox gives the size the page reserves for it, so the text does not jump
when it loads.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

FIGURE_FOLDER = "figures"
MAX_FIGURE_BYTES = 200 * 1024
FIGURE_FILE_PATTERN = rf"^{FIGURE_FOLDER}/[a-z0-9]+(?:-[a-z0-9]+)*\.svg$"
SVG = "{http://www.w3.org/2000/svg}"
# What a drawing may not hold: code, other documents, pictures from elsewhere.
REFUSED_ELEMENTS = {"script", "foreignObject", "image", "iframe", "embed", "object", "a"}
OUTSIDE_REFERENCE = re.compile(r"url\(\s*['\"]?(?!#)|@import", re.IGNORECASE)


@dataclass(frozen=True)
class Drawing:
    """An SVG drawing that passed its checks: its text and the width and height of its viewBox."""

    file: str  # from the project's root, such as figures/spinal-hardware-parts.svg
    text: str
    width: int
    height: int


def read_drawing(root: Path, file: str) -> Drawing:
    """The drawing at `file`, or ValueError saying in plain words what is wrong with it."""
    path = root / file
    if not path.is_file():
        raise ValueError(f"there is no file {file}; put the drawing in {FIGURE_FOLDER}/")
    raw = path.read_bytes()
    if len(raw) > MAX_FIGURE_BYTES:
        raise ValueError(f"{file} is over {MAX_FIGURE_BYTES // 1024} KiB; simplify the drawing")
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise ValueError(f"{file} declares a DOCTYPE or entities; an SVG drawing needs neither")
    try:
        text = raw.decode("utf-8")
        svg = ElementTree.fromstring(text)
    except (UnicodeDecodeError, ElementTree.ParseError) as error:
        raise ValueError(f"{file} is not a well-formed UTF-8 SVG file ({error})") from None
    if svg.tag != f"{SVG}svg":
        raise ValueError(f"{file} is not an SVG drawing (its first element is not <svg>)")
    for element in svg.iter():
        name = element.tag.rpartition("}")[2]
        if name in REFUSED_ELEMENTS:
            raise ValueError(f"{file} holds a <{name}> element; a drawing may only draw")
        for attribute, value in element.attrib.items():
            attribute_name = attribute.rpartition("}")[2]
            if attribute_name.lower().startswith("on"):
                raise ValueError(f"{file} has an event attribute ({attribute_name}); a drawing may only draw")
            if attribute_name == "href" and not value.startswith("#"):
                raise ValueError(f"{file} links to {value!r}; a drawing may refer only to its own parts")
            if OUTSIDE_REFERENCE.search(value):
                raise ValueError(f"{file} refers to something outside itself ({value[:40]!r})")
        if name == "style" and element.text and OUTSIDE_REFERENCE.search(element.text):
            raise ValueError(f"{file} has a style that loads something from outside the drawing")
    box = (svg.get("viewBox") or "").replace(",", " ").split()
    try:
        width, height = (round(float(n)) for n in box[2:4])
    except ValueError:
        width = height = 0
    if len(box) != 4 or width <= 0 or height <= 0:
        raise ValueError(f'{file} needs a viewBox (such as viewBox="0 0 480 720"), so it can scale to a phone')
    return Drawing(file, text, width, height)
