"""The umbrella header <thematica/thematica.h> includes every public header
(a header added without it fails here), and compiles on its own."""
import pathlib
import re
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = ROOT / "include" / "thematica"
# Headers the umbrella leaves out on purpose, with the reason.
LEFT_OUT = {"thematica.h": "the umbrella itself"}


def test_umbrella_header_includes_every_public_header():
    umbrella = (INCLUDE / "thematica.h").read_text(encoding="utf-8")
    included = set(re.findall(r'#include "thematica/([^"]+)"', umbrella))
    public = {p.name for p in INCLUDE.glob("*.h")} - set(LEFT_OUT)
    assert public - included == set(), "add these to include/thematica/thematica.h"
    assert included - {p.name for p in INCLUDE.glob("*.h")} == set()
