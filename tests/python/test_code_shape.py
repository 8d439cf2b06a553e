"""The code stays in small pieces (issue 11): no source file over 600 lines and
no function over 80, except generated code, binder tables and the entries
listed below — each a known debt with the reason it is still there. The lists
only shrink: an entry that is no longer too long fails the test, so that it is
taken off when its code is split."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80

# Files still over the limit, with why.
LONG_FILES = {
}
# Functions still over the limit ("path:name"), with why.
LONG_FUNCTIONS = {
}
# Functions that are tables of bindings (one statement per bound name).
TABLE_FUNCTIONS = re.compile(r"^Bind[A-Za-z]*$")


def source_files():
    for pattern in ("src/**/*.cc", "src/**/*.h", "include/**/*.h", "bindings/*.cc",
                    "bindings/thematica/**/*.py"):
        yield from ROOT.glob(pattern)


def functions(path):
    """(name, first line, length) of each function defined at file level."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out, start, name = [], None, None
    skip = ("//", "#", "}", "namespace", "using", "template", "class", "struct", "enum", "extern")
    for i, line in enumerate(lines):
        if start is None:
            if line and not line[0].isspace() and not line.startswith(skip) and "(" in line:
                j = i
                while (j < len(lines) and j - i < 6 and not lines[j].rstrip().endswith(("{", ";"))):
                    j += 1
                end = lines[j].rstrip() if j < len(lines) else ""
                if line.rstrip().endswith("}") and "{" in line:
                    continue  # A function on one line.
                if end.endswith("{") and not end.endswith("= {"):
                    head = line.split("(")[0].split()
                    start, name = i, head[-1] if head else line
        elif line.startswith("}"):
            out.append((name.lstrip("*&"), start + 1, i - start + 1))
            start = None
    return out


def test_no_file_over_600_lines_but_the_listed():
    long = {}
    for path in source_files():
        n = len(path.read_text(encoding="utf-8").split("\n"))
        if n > MAX_FILE_LINES:
            long[str(path.relative_to(ROOT))] = n
    assert set(long) - set(LONG_FILES) == set(), f"split these files: {long}"
    assert set(LONG_FILES) - set(long) == set(), "no longer too long: take them off LONG_FILES"


def test_no_function_over_80_lines_but_tables_and_the_listed():
    long = {}
    for path in ROOT.glob("src/**/*.cc"):
        for name, line, n in functions(path):
            if n > MAX_FUNCTION_LINES and not TABLE_FUNCTIONS.match(name):
                long[f"{path.relative_to(ROOT)}:{name}"] = (line, n)
    assert set(long) - set(LONG_FUNCTIONS) == set(), f"split these functions: {long}"
    assert set(LONG_FUNCTIONS) - set(long) == set(), "no longer too long: take them off LONG_FUNCTIONS"


def test_the_checker_sees_a_long_function(tmp_path):
    body = "\n".join(f"  x += {i};" for i in range(90))
    f = tmp_path / "x.cc"
    f.write_text(f"int Long(int x) {{\n{body}\n  return x;\n}}\n\nint Short() {{\n  return 1;\n}}\n"
                 "bool One(int x) { return x > 0; }\n\nint After() {\n  return 2;\n}\n")
    assert [(n, length > MAX_FUNCTION_LINES) for n, _, length in functions(f)] == [
        ("Long", True), ("Short", False), ("After", False)]
