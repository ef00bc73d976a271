"""Titles and excerpts with the searched words marked, escaped for HTML.

Matching runs on the normalised text (simplified, NFKC, lower case), so a
query 养老 marks 養老 in a traditional text; the marks are placed on the
original characters. Pinyin-initial terms (ylbx) mark the words whose initials
they are. Every piece of text is escaped; the only markup added is <mark>.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import text

EXCERPT_LENGTH = 110  # characters shown in a result's excerpt
LEAD = 24  # characters shown before the first match
SCAN_LIMIT = 5000  # characters of a page's text looked at for an excerpt
ASCII_WORD_EDGE = "a-z0-9"
INITIALS_CONTEXT = 8  # characters segmented either side of a place the initials match
INITIALS_FALLBACK = 600  # characters segmented when no character's own initials match


def normalized_with_positions(original):
    """normalize(original), and for each of its characters the position in `original` it comes from."""
    normalized = text.normalize(original)
    if len(normalized) == len(original):
        return normalized, range(len(original))
    positions = []
    parts = []
    for i, char in enumerate(original):
        piece = text.normalize(char)
        parts.append(piece)
        positions.extend([i] * len(piece))
    return "".join(parts), positions


def render(original, spans):
    """`original` escaped, with the character ranges in `spans` inside <mark>."""
    out = []
    position = 0
    for start, end in spans:
        out.append(escape(original[position:start]))
        out.append(f"<mark>{escape(original[start:end])}</mark>")
        position = end
    out.append(escape(original[position:]))
    return mark_safe("".join(out))  # every piece above is escaped


class Highlighter:
    def __init__(self, terms):
        self.words = {t for t in terms if text.is_cjk(t)}
        self.ascii = {t for t in terms if not text.is_cjk(t)}
        self.initials = {t for t in self.ascii if t.isascii() and t.isalpha() and len(t) > 1}

    def spans(self, original):
        """The (start, end) ranges of `original` to mark, sorted and merged."""
        if not original:
            return []
        normalized, positions = normalized_with_positions(original)
        words = set(self.words)
        if self.initials:
            words.update(self._initial_words(normalized))
        alternatives = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
        alternatives += [
            rf"(?<![{ASCII_WORD_EDGE}]){re.escape(w)}(?![{ASCII_WORD_EDGE}])"
            for w in sorted(self.ascii, key=len, reverse=True)
        ]
        if not alternatives:
            return []
        spans = []
        # A lookahead finds overlapping matches too: 敬老 and 老院 in 敬老院.
        for match in re.finditer(f"(?=({'|'.join(alternatives)}))", normalized):
            start, end = positions[match.start(1)], positions[match.end(1) - 1] + 1
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))  # neighbouring words make one mark
            else:
                spans.append((start, end))
        return spans

    def _initial_words(self, normalized):
        """The words of `normalized` whose pinyin initials were searched for (ylbx → 养老保险).

        Segmenting a whole page costs too much per result, so jieba runs only around the places
        where the characters' own initials spell a searched term, or, when none do (a character
        read differently in a word: 银行 is yh, not yx), over the start of the text.
        """
        letters = text.char_initials(normalized)
        regions = []
        for term in self.initials:
            start = letters.find(term)
            while start != -1 and len(regions) < 20:
                regions.append((max(0, start - INITIALS_CONTEXT), start + len(term) + INITIALS_CONTEXT))
                start = letters.find(term, start + 1)
        regions = regions or [(0, INITIALS_FALLBACK)]
        words = set()
        for start, end in regions:
            chunk = normalized[start:end]
            words.update(w for w in text.initial_words(chunk) if text.initials(w) in self.initials)
        return words

    def title(self, title):
        return render(title, self.spans(title))

    def excerpt(self, body):
        """About EXCERPT_LENGTH characters of `body` around its first match, or from its start."""
        body = " ".join(body.split())
        scanned = body[:SCAN_LIMIT]
        spans = self.spans(scanned)
        start = max(0, spans[0][0] - LEAD) if spans else 0
        end = min(len(body), start + EXCERPT_LENGTH)
        start = max(0, min(start, end - EXCERPT_LENGTH))
        window = [(max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start]
        html = render(body[start:end], window)
        return mark_safe(("…" if start else "") + html + ("…" if end < len(body) else ""))
