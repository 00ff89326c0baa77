"""Text handling for search in Python: NFKC normalisation, word segmentation, pinyin and synonyms.

The core-only cluster cannot segment Chinese, so the query is segmented here (rjieba) and each word
becomes a phrase clause on character-indexed fields. Synonyms live in a versioned file and expand
words at query time, so changing them never needs a reindex.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import rjieba
from pypinyin import lazy_pinyin

SYNONYMS_FILE = Path(__file__).parent / "data" / "synonyms.txt"
MAX_TERMS = 6
MAX_PINYIN_SYLLABLES = 24
_PUNCT = re.compile(
    r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65!-/:-@\[-`{-~·“”‘’…—]+"
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_ASCII_WORD = re.compile(r"^[a-z0-9]+$")


def normalise(text):
    """NFKC (full-width letters, digits and spaces from Chinese input methods fold to ASCII), trimmed."""
    return unicodedata.normalize("NFKC", text or "").strip()


# Full-width punctuation and CJK symbols stay as written (，：“” are how Chinese is punctuated); NFKC folds
# everything else (full-width letters and digits, the ideographic space, compatibility ideographs).
_KEEP_WIDE = re.compile(r"[^\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u3001-\u303f]+")


def normalise_document(text):
    """NFKC for indexed text without turning Chinese punctuation into ASCII."""
    text = text or ""
    if text.isascii():
        return text.strip()
    return _KEEP_WIDE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text).strip()


def has_cjk(text):
    return bool(_CJK.search(text or ""))


@lru_cache(maxsize=1)
def synonym_groups():
    """(version, {term: (term, *synonyms)}) from the synonyms file."""
    version = ""
    groups = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            if line.lstrip("# ").startswith("version:"):
                version = line.split(":", 1)[1].strip()
            continue
        terms = [normalise(t).lower() for t in line.split(",") if t.strip()]
        for term in terms:
            groups[term] = (term, *(t for t in terms if t != term))
    return version, groups


def synonyms_for(word):
    return synonym_groups()[1].get(word.lower(), (word,))


def _split_known(text):
    """Split text around the longest synonym-file terms, so 高新技术企业 stays one word."""
    known = sorted(synonym_groups()[1], key=len, reverse=True)
    parts = [text]
    for term in known:
        if len(term) < 2:
            continue
        next_parts = []
        for part in parts:
            if isinstance(part, tuple) or term not in part.lower():
                next_parts.append(part)
                continue
            pieces = re.split(f"({re.escape(term)})", part, flags=re.IGNORECASE)
            next_parts.extend((p,) if p.lower() == term else p for p in pieces if p)
        parts = next_parts
    return parts


def segment(term):
    """Words of one query term: synonym-file terms kept whole, the rest cut by jieba."""
    words = []
    for part in _split_known(term):
        if isinstance(part, tuple):
            words.append(part[0])
            continue
        singles = []  # runs of single characters jieba could not place are kept as one phrase (化孵)
        for word in [*rjieba.cut(part), ""]:
            word = _PUNCT.sub("", word)
            if len(word) == 1 and has_cjk(word):
                singles.append(word)
                continue
            if singles:
                words.append("".join(singles))
                singles = []
            if word:
                words.append(word)
    return words


def parse_query(query):
    """[(term, [words])] for a user query (see _parse_query); cached, as one search parses it several times."""
    return [(term, list(words) if words is not None else None) for term, words in _parse_query(query)]


@lru_cache(maxsize=2048)
def _parse_query(query):
    """[(term, [words])] for a user query; a "quoted" term is one phrase (words None), not segmented.

    Punctuation inside a term separates words (浦科经委〔2026〕12号 -> 浦科经委 2026 12 号) and the term keeps
    its pieces space-joined, so it still matches as a phrase.
    """
    query = normalise(query)
    terms = []
    for quoted, plain in re.findall(r'"([^"]+)"|(\S+)', query):
        pieces = _PUNCT.sub(" ", quoted or plain).split()
        if not pieces:
            continue
        phrase = " ".join(pieces)
        if quoted:
            terms.append((phrase, None))
        else:
            words = [word for piece in pieces for word in segment(piece)]
            terms.append((phrase, tuple(words or pieces)))
    return tuple(terms[:MAX_TERMS])


def pinyin_forms(title):
    """Full pinyin and initials of a title, as prefix keys starting at every syllable.

    'zhangjiang…' finds 张江 at any word (jieba) of the title, 'zj' its initials; capped for long titles.
    """
    syllables, starts = [], []
    for word in rjieba.cut(normalise(title).lower()):
        chunks = [c.strip() for c in lazy_pinyin(word, errors=lambda s: re.findall(r"[a-z0-9]+", s))]
        chunks = [c for c in chunks if _ASCII_WORD.match(c)]
        if chunks:
            starts.append(len(syllables))  # keys start at words, so 'zj' means 张江, not 投资机构
            syllables.extend(chunks)
    starts = [i for i in starts if i < MAX_PINYIN_SYLLABLES]
    full = ["".join(syllables[i:MAX_PINYIN_SYLLABLES]) for i in starts]
    initials = ["".join(s[0] for s in syllables[i:MAX_PINYIN_SYLLABLES]) for i in starts]
    return full, initials


def pinyin_key(text):
    """What a reader typed as pinyin: lower-case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", normalise(text).lower())
