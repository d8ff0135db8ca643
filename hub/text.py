"""Vietnamese-aware text handling: NFC storage and diacritics-insensitive search keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]+")
# Letters that are not a base letter plus a combining mark, so NFD alone leaves them alone.
_FOLD_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "ß": "ss"})


def clean(text: str) -> str:
    """Trim, collapse inner white space and normalise to NFC, as every stored name is."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation: "Hà Nội" and "HA NOI" both give "ha noi".

    >>> fold("  Thành phố Hồ Chí Minh ")
    'thanh pho ho chi minh'
    >>> fold("Đà Lạt") == fold("da lat")
    True
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_LETTERS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = _NOT_WORD.sub(" ", stripped.casefold())
    return _SPACES.sub(" ", words).strip()


def search_key(*names: str | None) -> str:
    """One searchable string for a node: each folded name, with and without its spaces.

    Keeping the joined form lets "hanoi" find "Hà Nội" and "ha noi" find "Hanoi".

    >>> search_key("Hà Nội", "Hanoi")
    '|ha noi|hanoi|'
    """
    keys: list[str] = []
    for name in names:
        if not name:
            continue
        folded = fold(name)
        for key in (folded, folded.replace(" ", "")):
            if key and key not in keys:
                keys.append(key)
    return "|" + "|".join(keys) + "|"


def like_pattern(query: str) -> str:
    """A LIKE pattern for a folded query, with the wildcards it contains escaped (escape char '\\')."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_forms(query: str) -> list[str]:
    """The folded query and its spaceless form, matched against a `search_key`.

    >>> query_forms("HA NOI")
    ['ha noi', 'hanoi']
    """
    folded = fold(query)
    return list(dict.fromkeys(form for form in (folded, folded.replace(" ", "")) if form))


def compact_key(text: str) -> str:
    """A folded key with no spaces, for names written either way ("Viet Nam", "Vietnam").

    >>> compact_key("Việt Nam") == compact_key("VIETNAM")
    True
    """
    return fold(text).replace(" ", "")
