"""Writes the example study's interviews as the files a researcher would
have: Word transcripts (python-docx) and Teams-style WebVTT captions
(webvtt-py), one per quoted participant, from the quotes in ../study.json.
The participants' words are the paper's quotes, verbatim; the interviewer's
questions are invented prompts.

    python3 examples/peer_support/transcripts/make_transcripts.py
"""
import datetime
import json
import pathlib

import docx
import webvtt
from webvtt import Caption

HERE = pathlib.Path(__file__).resolve().parent
STUDY = json.loads((HERE.parent / "study.json").read_text(encoding="utf-8"))
# These interviews were held online: their captions come as WebVTT.
ONLINE = {"P4", "P8", "P13"}
QUESTIONS = [
    "Can you tell me about your time in hospital and the peer workers you met?",
    "What difference did that make?",
    "Could you say more about that?",
    "How did the staff respond?",
    "What would you change?",
]


def timestamp(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def cues(text: str, words_per_cue: int = 12) -> list:
    """Caption-sized pieces of text, split between words."""
    words = text.split()
    return [" ".join(words[k:k + words_per_cue]) for k in range(0, len(words), words_per_cue)]


def main() -> None:
    by_participant: dict = {}
    for q in STUDY["quotes"]:
        if q["participant"]:
            by_participant.setdefault(q["participant"], []).append(q["text"])
    for name, quotes in sorted(by_participant.items(), key=lambda kv: int(kv[0][1:])):
        turns = []
        for k, quote in enumerate(quotes):
            turns.append(("Interviewer", QUESTIONS[k % len(QUESTIONS)]))
            turns.append((name, quote))
        if name in ONLINE:
            vtt, ms = webvtt.WebVTT(), 2000
            for speaker, text in turns:
                for piece in cues(text):
                    length = 400 * len(piece.split())
                    vtt.captions.append(Caption(timestamp(ms), timestamp(ms + length),
                                                f"<v {speaker}>{piece}</v>"))
                    ms += length
                ms += 1500
            vtt.save(str(HERE / f"{name}.vtt"))
        else:
            d = docx.Document()
            d.add_heading(f"Interview {name}", level=1)
            d.sections[0].header.paragraphs[0].text = "Peer support study — confidential"
            for speaker, text in turns:
                d.add_paragraph(speaker + ": " + " ".join(text.split()))
            d.core_properties.created = datetime.datetime(2021, 6, 1)
            d.save(str(HERE / f"{name}.docx"))


if __name__ == "__main__":
    main()
