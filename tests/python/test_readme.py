"""README.md stays true: its Python examples run, its C++ quick start is the
file the C++ consumer test builds, and the commands it names exist."""
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_opens_with_the_two_commands():
    first = blocks("sh")[0]
    assert "./scripts/demo" in first.splitlines()[0]
    assert "./scripts/test" in first.splitlines()[1]
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_python_examples_run(tmp_path):
    python = blocks("python")
    assert python, "README has no Python example"
    for i, code in enumerate(python):
        script = tmp_path / f"readme_{i}.py"
        script.write_text(code, encoding="utf-8")
        result = subprocess.run([sys.executable, str(script)], cwd=tmp_path,
                                capture_output=True, text=True)
        assert result.returncode == 0, f"README Python block {i} failed:\n{code}\n{result.stderr}"


def test_cpp_quick_start_is_the_tested_file():
    source = (ROOT / "examples" / "quickstart.cc").read_text(encoding="utf-8")
    body = source.split("\n", 1)[1]  # Without the comment naming the README.
    assert blocks("cpp")[0] == body


def test_cli_commands_in_readme_exist():
    result = subprocess.run(["thematica", "--help"], capture_output=True, text=True)
    listed = result.stdout + result.stderr
    for command in set(re.findall(r"^thematica (\w[\w-]*)", README, re.M)):
        assert f"  {command} " in listed or f"  {command}\n" in listed, command
