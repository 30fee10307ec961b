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


class FormFields(HTMLParser):
    """What a browser would send from the ``index``-th form of a page (no button pressed):
    text inputs, hidden inputs, checked boxes and radios, selected options, textareas."""

    def __init__(self, html: str, index: int = 0):
        super().__init__(convert_charrefs=True)
        self.index, self.forms = index, -1
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self.feed(html)

    def _mine(self) -> bool:
        return self.forms == self.index

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms += 1
        if not self._mine() or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select, self._first_option = attrs["name"], None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
                self.fields.setdefault(self._select, self._first_option)
            if "selected" in attrs:
                self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._mine():
            # A browser drops the one newline right after <textarea>.
            text = self.fields[self._textarea] + data
            self.fields[self._textarea] = text.removeprefix("\n")
