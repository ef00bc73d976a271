"""What a page holds that a strict Content-Security-Policy would block: inline scripts, event
handler attributes, javascript: URLs, style attributes, and <style> elements (with their hashes)."""

import base64
import hashlib
from html.parser import HTMLParser

DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class InlineContent(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.style_hashes = [], []
        self._in = None  # ("script"|"style", text parts)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}> style attribute")
            if name in URL_ATTRIBUTES and value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}> javascript: URL")
        if tag == "script" and not attrs.get("src") and (attrs.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
            self.problems.append(f"inline <script type={attrs.get('type')!r}>")
        if tag in ("script", "style"):
            self._in = (tag, [])

    def handle_data(self, data):
        if self._in:
            self._in[1].append(data)

    def handle_endtag(self, tag):
        if self._in and tag == self._in[0]:
            if tag == "style":
                text = "".join(self._in[1])
                digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
                self.style_hashes.append(f"'sha256-{digest}'")
            self._in = None


def inline_content(html):
    parser = InlineContent()
    parser.feed(html)
    return parser
