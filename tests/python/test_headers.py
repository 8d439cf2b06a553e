"""The umbrella header <thematica/thematica.h> includes every public header,
CMakeLists.txt lists exactly those (a header added without both fails here),
and no public header includes an internal one."""
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


def _cmake_public_headers():
    cmake = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"set\(THEMATICA_PUBLIC_HEADER_NAMES\s+([^)]*)\)", cmake)
    assert match, "CMakeLists.txt lists the public headers in THEMATICA_PUBLIC_HEADER_NAMES"
    return match.group(1).split()


def test_cmake_public_header_list_matches_the_folder_and_the_umbrella():
    listed = _cmake_public_headers()
    assert len(listed) == len(set(listed)), "a header is listed twice in CMakeLists.txt"
    on_disk = {p.name for p in INCLUDE.glob("*.h")}
    assert on_disk - set(listed) == set(), "add these to THEMATICA_PUBLIC_HEADER_NAMES (or move them to src/internal/)"
    assert set(listed) - on_disk == set(), "CMakeLists.txt lists headers that do not exist"
    umbrella = (INCLUDE / "thematica.h").read_text(encoding="utf-8")
    included = set(re.findall(r'#include "thematica/([^"]+)"', umbrella))
    assert set(listed) - set(LEFT_OUT) == included
    assert "GLOB THEMATICA_PUBLIC_HEADERS" not in (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")


def test_public_headers_include_no_internal_header():
    for header in INCLUDE.glob("*.h"):
        for target in re.findall(r'#include "([^"]+)"', header.read_text(encoding="utf-8")):
            assert not target.startswith("internal/"), f"{header.name} includes {target}"
