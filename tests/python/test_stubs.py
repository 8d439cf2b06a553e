"""The .pyi stubs match the extension (mypy's stubtest), so type checkers and
IDEs see the real API. Allowed differences are listed, with reasons, in
stubtest_allowlist.txt."""
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent


def test_stubs_match_the_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "thematica",
         "--allowlist", str(HERE / "stubtest_allowlist.txt"),
         "--mypy-config-file", str(HERE / "mypy_stubtest.ini")],
        capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_typed():
    import thematica
    package = pathlib.Path(thematica.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_core" / "__init__.pyi").exists()
