"""Chinese text for the search index and for queries.

The database backends split text into words at spaces and punctuation, which
Chinese does not have. So text is turned into space-separated terms before it
reaches the index, and queries the same way:

- both are normalised: NFKC (full-width letters and digits become ASCII),
  traditional characters become simplified (OpenCC ``t2s``: 養老 → 养老), lower case;
- the index holds every run of Chinese characters as its overlapping
  two-character pieces (居家养老服务 → 居家 家养 养老 老服 服务), so a
  two-character word is found inside longer text however that text happens
  to segment (jieba cuts 线上线下 as 线/上线/下, so an index of jieba's words
  alone would never find 线下); plus the single characters jieba keeps as
  words, and the pinyin initials of jieba's words, of the dictionary words
  inside them and of neighbouring word pairs (养老保险金 → ylbxj, ylbx, yl, bx;
  居家养老 → jjyl);
- a query is segmented by jieba (with the governance words of dict.txt) into
  words, and a page must contain every word: a two-character word is one
  term, a longer word becomes the two-character dictionary words inside it
  when they cover it (养老保险 → 养老 保险; 服务中心 → 服务 中心) or else its
  two-character pieces (网格员 → 网格 格员). Segmenting the query is what keeps
  社区养老 from requiring the piece 区养, so it finds 社区居家养老.
  Letters and digits stay as they are, so `ylbx` finds 养老保险 by its initials.

Everything else (quotes, stars, brackets, operators) is dropped before a query
reaches the database; OR and NEAR are searched as ordinary words. Each term is
a plain run of letters or digits, so no query can change the shape of the SQL
or of the full-text expression.
"""

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba
import opencc
from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

MAX_QUERY_LENGTH = 64  # characters a resident may type
MAX_QUERY_TERMS = 16  # terms after segmentation

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{CJK}]+")
# A term: a run of Chinese characters, or a run of other letters and digits.
PIECE = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+")
USER_DICT = Path(__file__).resolve().parent / "dict.txt"

_t2s = OpenCC("t2s")
_tokenizer = None
_tokenizer_lock = threading.Lock()


def tokenizer():
    """jieba's tokenizer with the governance vocabulary of dict.txt, loaded on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                tok.load_userdict(str(USER_DICT))
                _tokenizer = tok
    return _tokenizer


def _traditional_markers():
    """What OpenCC's t2s would change: a character it always converts, or a phrase it converts
    (反覆 → 反复, while 覆盖 stays). A text with neither is already simplified."""
    folder = Path(opencc.__file__).parent / "dictionary"

    def entries(name):
        for line in (folder / name).read_text("utf-8").splitlines():
            key, _, values = line.partition("\t")
            yield key, values.split(" ")[0]

    chars = {key for key, value in entries("TSCharacters.txt") if key != value}
    phrases = [key for key, value in entries("TSPhrases.txt") if key != value and not chars.intersection(key)]
    return frozenset(chars), phrases


TRADITIONAL_CHARACTERS, TRADITIONAL_PHRASES = _traditional_markers()


def is_simplified(text):
    return TRADITIONAL_CHARACTERS.isdisjoint(text) and not any(p in text for p in TRADITIONAL_PHRASES)


def normalize(text):
    """NFKC, traditional → simplified, lower case: the form both index and queries use."""
    text = unicodedata.normalize("NFKC", text)
    if not is_simplified(text):  # OpenCC takes about 2 ms per 1,000 characters: only where needed
        text = _t2s.convert(text)
    return text.lower()


def is_cjk(text):
    return bool(text) and CJK_RUN.fullmatch(text) is not None


def pieces(word):
    """The Chinese runs and letter/digit runs of one segmented word (punctuation dropped)."""
    return PIECE.findall(word)


def bigrams(run):
    return [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


@lru_cache(maxsize=65536)
def initials(word):
    """养老保险 → 'ylbx'; '' when a character has no pinyin reading."""
    letters = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore"))
    return letters if len(letters) == len(word) and letters.isascii() and letters.isalpha() else ""


def subwords(word):
    """The dictionary words inside a longer word (养老保险金 → 养老 保险 保险金 养老保险)."""
    freq = tokenizer().FREQ
    for length in range(2, len(word)):
        for start in range(len(word) - length + 1):
            if freq.get(sub := word[start : start + length]):
                yield sub


def initial_words(normalized):
    """The words whose pinyin initials are indexed: jieba's words of two or more characters, the
    dictionary words inside them, and each pair of neighbouring words (居家养老 → 居家, 养老, 居家养老)."""
    previous = ""
    for word in tokenizer().cut(normalized):
        for piece in pieces(word) or [""]:
            if not is_cjk(piece) or len(piece) == 1:
                previous = ""  # punctuation, spaces, letters, digits and lone characters end a pair
                continue
            yield piece
            yield from subwords(piece)
            if previous:
                yield previous + piece
            previous = piece


@lru_cache(maxsize=32768)
def _char_initial(char):
    return initials(char) or "_" if is_cjk(char) else "_"


def char_initials(normalized):
    """Each character's own pinyin initial ('_' for none): where to look for a word with given initials."""
    return "".join(_char_initial(char) for char in normalized)


def index_terms(text):
    """The terms one field's text is indexed under (see the module docstring)."""
    text = normalize(text)
    terms = []
    for run in CJK_RUN.findall(text):
        terms.extend(bigrams(run))
    for word in tokenizer().cut(text):
        for piece in pieces(word):
            if not is_cjk(piece) or len(piece) == 1:
                terms.append(piece)  # letters, digits, and the characters jieba keeps alone (的, 和)
    terms.extend(letters for word in initial_words(text) if (letters := initials(word)))
    return terms


def index_text(text):
    return " ".join(index_terms(text)) if text else ""


def _cover(word):
    """The two-character dictionary words in a long word, if they cover it; else its bigrams.

    Either way every term is two characters long, so it is in the index wherever the word is in the text.
    """
    pairs = list(dict.fromkeys(w for w in subwords(word) if len(w) == 2))
    covered = set()
    for sub in pairs:
        start = word.find(sub)
        while start != -1:
            covered.update(range(start, start + len(sub)))
            start = word.find(sub, start + 1)
    return pairs if len(covered) == len(word) else bigrams(word)


def query_terms(query):
    """The terms a query is searched for, all of which a page must contain; [] when nothing is searchable."""
    text = normalize(query[: MAX_QUERY_LENGTH * 2])
    terms = []
    for word in tokenizer().cut(text):
        for piece in pieces(word):
            if is_cjk(piece) and len(piece) > 2:
                terms.extend(_cover(piece))
            else:
                terms.append(piece)
    terms = list(dict.fromkeys(terms))
    # A lone character beside real words (的, 和, 员) narrows little and may be segmented differently in the text.
    if any(len(t) > 1 or not is_cjk(t) for t in terms):
        terms = [t for t in terms if len(t) > 1 or not is_cjk(t)]
    return terms[:MAX_QUERY_TERMS]
