"""Reading HTML the way a browser would, to check what reaches a page."""

from html.parser import HTMLParser


class Elements(HTMLParser):
    """The real elements and attributes of an HTML fragment, as a browser would parse it."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


#: Elements that can run code, load other documents or take input: never in output.
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "style",
    "form",
    "input",
    "base",
    "meta",
    "link",
    "details",
    "frame",
    "frameset",
    "template",
}
