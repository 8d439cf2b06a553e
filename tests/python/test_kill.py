"""Saves killed with SIGKILL at random moments: the file always loads and is
either the old or the new project, and no temporary file is left behind.

The suite kills 200 saves; THEMATICA_KILL_RUNS=1000 (or more) for the longer
run documented in the README."""
import os
import random
import signal
import subprocess
import time

import pytest

import thematica as tm

RUNS = int(os.environ.get("THEMATICA_KILL_RUNS", "200"))


def project(extra):
    p = tm.Project("Kill test")
    p.set_id_seed(7)
    d = p.add_document("Interview", "Peer workers are a bridge 🌉 to care. " * 600)
    codes = [p.codebook.add_code(f"C{i}") for i in range(20)]
    for i in range(20000 + extra):
        p.add_excerpt(d, i % 20000, i % 20000 + 5, codes=[codes[i % 20]])
    return p


def test_saves_killed_at_random_moments_leave_the_old_or_the_new_file(tmp_path):
    old, new = project(0), project(500)
    work = tmp_path / "work"
    work.mkdir()
    source = tmp_path / "new.thematica"
    new.save(str(source))
    target = work / "study.thematica"
    old.save(str(target))
    # Saves are deterministic: the old and the new project each have exactly
    # one byte sequence, and both load (checked here once).
    expected = {target.read_bytes(): "old", source.read_bytes(): "new"}
    assert tm.dumps(tm.load(str(target))) == tm.dumps(old)
    started = time.monotonic()
    subprocess.run(["thematica", "convert", str(source), str(work / "timing.thematica")], check=True,
                   capture_output=True)
    duration = time.monotonic() - started
    os.remove(work / "timing.thematica")
    rng = random.Random(1)
    seen = {"old": 0, "new": 0}
    for _ in range(RUNS):
        child = subprocess.Popen(["thematica", "convert", str(source), str(target)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.2))
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = expected.get(target.read_bytes())
        assert state is not None, "the file is neither the old nor the new project"
        seen[state] += 1
        if state == "new":
            old.save(str(target))  # Start again from the old file.
        leftovers = [n for n in os.listdir(work) if n != "study.thematica"]
        # Only a save killed between naming its file and the rename can leave
        # one, and it names its (dead) process: the next save removes it.
        assert all(".tmp-" in n for n in leftovers), leftovers
    old.save(str(target))
    assert os.listdir(work) == ["study.thematica"]
    assert seen["old"] > 0 and seen["new"] > 0, seen
