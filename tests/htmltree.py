"""A tiny HTML tree for assertions on structure, built on the standard library.

Tests assert on elements and attributes, not on substrings of markup.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Element:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Element | None" = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Element | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def ancestors(self) -> list[str]:
        """Tags from the parent up to the document."""
        tags, node = [], self.parent
        while node is not None:
            tags.append(node.tag)
            node = node.parent
        return tags

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs) -> list["Element"]:
        found = []
        for el in self.iter():
            if tag and el.tag != tag:
                continue
            if class_ and class_ not in el.classes:
                continue
            if any(el.attrs.get(k.rstrip("_").replace("_", "-")) != v for k, v in attrs.items()):
                continue
            found.append(el)
        return found

    def find(self, tag: str | None = None, class_: str | None = None, **attrs) -> "Element | None":
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _Builder(HTMLParser):
    def __init__(self, strict: bool = False):
        super().__init__(convert_charrefs=True)
        self.strict = strict
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        el = Element(tag, dict(attrs), self.current)
        self.current.children.append(el)
        if tag not in VOID:
            self.current = el

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None or not self.strict, f"stray </{tag}>"
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(markup: str, strict: bool = False) -> Element:
    """``strict``: fail on a stray closing tag or an element left open (well-formedness checks)."""
    builder = _Builder(strict)
    builder.feed(markup)
    builder.close()
    assert builder.current is builder.root or not strict, "unclosed element"
    return builder.root
