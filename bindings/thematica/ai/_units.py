"""Passages a suggestion covers: sentences, paragraphs or speaker turns.

Offsets are Python string indices (code points), as everywhere in Thematica.
"""

from __future__ import annotations

import re
from typing import Any, List, Tuple

UNITS = ("sentence", "paragraph", "turn")

# A sentence ends at . ! ? or … (with closing quotes/brackets) before white space or the end.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*(?=\s|$)")


def _strip(text: str, start: int, end: int) -> Tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> List[Tuple[int, int]]:
    """Non-blank lines (a line break — LF, CR or CRLF — ends a paragraph)."""
    out = []
    pos = 0
    for m in re.finditer(r"\r\n|\r|\n|$", text):
        s, e = _strip(text, pos, m.start())
        if e > s:
            out.append((s, e))
        pos = m.end()
        if m.end() >= len(text):
            break
    return out


def sentences(text: str) -> List[Tuple[int, int]]:
    out = []
    for ps, pe in paragraphs(text):
        pos = ps
        for m in _SENTENCE_END.finditer(text, ps, pe):
            s, e = _strip(text, pos, m.end())
            if e > s:
                out.append((s, e))
            pos = m.end()
        s, e = _strip(text, pos, pe)
        if e > s:
            out.append((s, e))
    return out


def units(document: Any, unit: str) -> List[Tuple[int, int]]:
    """The passages of `document` (a thematica Document) of kind `unit`;
    "turn" falls back to paragraphs in a document without speaker turns."""
    if unit not in UNITS:
        raise ValueError(f'unknown unit "{unit}" (expected sentence, paragraph or turn)')
    text = document.text
    if unit == "turn":
        turns = [_strip(text, t.start, t.end) for t in document.speaker_turns]
        turns = [t for t in turns if t[1] > t[0]]
        if turns:
            return sorted(turns)
        unit = "paragraph"
    return paragraphs(text) if unit == "paragraph" else sentences(text)


def covers(unit: Tuple[int, int], span: Tuple[int, int]) -> bool:
    """Whether a coded span marks the unit: they overlap by at least half of
    the shorter of the two (a phrase inside a sentence marks it; a long
    excerpt marks each sentence it mostly holds)."""
    overlap = min(unit[1], span[1]) - max(unit[0], span[0])
    if overlap <= 0:
        return False
    return 2 * overlap >= min(unit[1] - unit[0], span[1] - span[0])
