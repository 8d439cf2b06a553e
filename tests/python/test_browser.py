"""The HTML report in a real headless browser (Chromium from Debian's
packages): it loads without errors and renders something visible."""
import json
import pathlib
import shutil
import subprocess
import sys

import pytest

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "peer_support"


def chromium():
    for name in ["chromium", "chromium-browser", "google-chrome"]:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("Chromium is not installed and scripts/setup --with-test-tools could not install it")


def test_report_loads_and_is_not_blank(tmp_path):
    from PIL import Image
    sys.path.insert(0, str(EXAMPLE))
    import peer_support
    study = peer_support.build(json.loads((EXAMPLE / "study.json").read_text(encoding="utf-8")))
    study.write_report(str(tmp_path))
    page = (tmp_path / "report.html").as_uri()
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([chromium(), *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Functions of the bridge" in dom.stdout and "<svg" in dom.stdout
    shot = tmp_path / "shot.png"
    run = subprocess.run([chromium(), *flags, f"--screenshot={shot}", "--window-size=1200,1600", page],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    image = Image.open(shot).convert("L")
    dark = sum(image.histogram()[:200])
    assert dark > 0.005 * image.width * image.height  # Text and the map drew something.
