"""The Python layer over the extension (issue 11): every class is defined once,
in C++, and the methods written in Python are bound there (py_frames.cc,
py_workflow.cc) with their real signatures, calling functions of documented
modules; importing the package assigns nothing onto the classes; `__all__`
lists the package's public names."""
import inspect
import json
import subprocess
import sys
import types

import pytest

import thematica as tm
import thematica.ai
from thematica import _core

# Method (on its class) -> the module and function it calls. Written out here,
# not read from the bindings, so that a binding calling the wrong function fails.
METHODS = {
    ("Project", "excerpts_frame"): ("thematica._frames", "excerpts_frame"),
    ("Project", "codes_frame"): ("thematica._frames", "codes_frame"),
    ("Project", "cases_frame"): ("thematica._frames", "cases_frame"),
    ("Project", "documents_frame"): ("thematica._frames", "documents_frame"),
    ("Project", "themes_frame"): ("thematica._frames", "themes_frame"),
    ("Project", "disagreements"): ("thematica._agreement_frames", "disagreements"),
    ("Project", "agreement"): ("thematica.ai", "_agreement"),
    ("Project", "pooled_agreement"): ("thematica.ai", "_pooled_agreement"),
    ("Project", "unitized_alpha"): ("thematica.ai", "_unitized_alpha"),
    ("Project", "query"): ("thematica._analysis", "query"),
    ("Project", "search"): ("thematica._analysis", "search"),
    ("Project", "autocode"): ("thematica._analysis", "autocode"),
    ("Project", "cooccurrence"): ("thematica._analysis", "cooccurrence"),
    ("Project", "crosstab"): ("thematica._analysis", "crosstab"),
    ("Project", "saturation"): ("thematica._analysis", "saturation"),
    ("Project", "word_frequencies"): ("thematica._analysis", "word_frequencies"),
    ("Project", "quotes"): ("thematica._retrieval", "quotes"),
    ("Project", "memos_frame"): ("thematica._retrieval", "memos_frame"),
    ("Project", "framework"): ("thematica._retrieval", "framework"),
    ("Project", "set_framework_summary"): ("thematica._retrieval", "set_framework_summary"),
    ("Project", "thematic_map"): ("thematica._display", "thematic_map"),
    ("Project", "report"): ("thematica._display", "report"),
    ("Project", "write_report"): ("thematica._display", "write_report"),
    ("Project", "codebook_frame"): ("thematica._display", "codebook_frame"),
    ("Project", "_repr_html_"): ("thematica._display", "_project_html"),
    ("Project", "import_file"): ("thematica._import", "import_file"),
    ("Project", "import_files"): ("thematica._import", "import_files"),
    ("Project", "import_table"): ("thematica._import", "import_table"),
    ("Project", "code"): ("thematica._import", "code"),
    ("Project", "code_turns"): ("thematica._import", "code_turns"),
    ("Project", "coder_view"): ("thematica.surface", "coder_view"),
    ("Project", "suggest"): ("thematica.ai", "suggest"),
    ("Project", "accept"): ("thematica.ai", "accept"),
    ("Project", "reject"): ("thematica.ai", "reject"),
    ("Project", "edit_and_accept"): ("thematica.ai", "edit_and_accept"),
    ("Project", "remove_run"): ("thematica.ai", "remove_run"),
    ("Project", "runs"): ("thematica.ai", "runs"),
    ("Project", "runs_frame"): ("thematica.ai", "runs_frame"),
    ("Project", "validation_sample"): ("thematica.ai", "validation_sample"),
    ("Project", "run_metrics"): ("thematica.ai", "run_metrics"),
    ("Project", "validation_report"): ("thematica.ai", "validation_report"),
    ("Project", "history"): ("thematica._team_copies", "history"),
    ("Project", "copy_for"): ("thematica._team_copies", "copy_for"),
    ("Project", "apply_crosswalk"): ("thematica._crosswalk", "apply_crosswalk"),
    ("Codebook", "_repr_html_"): ("thematica._display", "_codebook_html"),
    ("Code", "_repr_html_"): ("thematica._display", "_code_html"),
    ("Theme", "_repr_html_"): ("thematica._display", "_theme_html"),
    ("Excerpt", "_repr_html_"): ("thematica._display", "_excerpt_html"),
    ("Document", "_repr_html_"): ("thematica._display", "_document_html"),
}


def _function(module, name):
    return getattr(sys.modules[module], name)


def test_no_class_of_the_extension_holds_a_python_function():
    # Methods assigned in Python would be plain functions in the class __dict__;
    # bound in C++ they are pybind11's instancemethods (or properties).
    for name, cls in vars(_core).items():
        if not isinstance(cls, type) or issubclass(cls, BaseException):
            continue
        for attr, value in vars(cls).items():
            assert not isinstance(value, (types.FunctionType, types.MethodType)), f"{name}.{attr}"
    for (cls, name) in METHODS:
        assert type(vars(getattr(_core, cls))[name]).__name__ == "instancemethod", (cls, name)


def test_every_public_attribute_of_project_is_bound_in_cpp():
    for name in dir(tm.Project):
        if name.startswith("__"):
            continue
        owner = next(k for k in tm.Project.__mro__ if name in vars(k))
        assert owner is tm.Project, name
        kind = type(vars(tm.Project)[name]).__name__
        assert kind in ("instancemethod", "property"), (name, kind)


def test_importing_the_package_adds_no_method(tmp_path):
    # The C++ class alone, before any Python module of the package has run,
    # already has every method.
    code = ("import importlib.machinery, importlib.util, pathlib, sys\n"
            "package = importlib.util.find_spec('thematica').submodule_search_locations[0]\n"
            "path = str(next(pathlib.Path(package).glob('_core*.so')))\n"
            "loader = importlib.machinery.ExtensionFileLoader('thematica._core', path)\n"
            "core = importlib.util.module_from_spec(importlib.util.spec_from_loader("
            "'thematica._core', loader))\n"
            "loader.exec_module(core)\n"
            "print(sorted(n for n in dir(core.Project)))\n"
            "print([m for m in sys.modules if m.startswith('thematica')"
            " and not m.startswith('thematica._core')])\n")
    before = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=tmp_path).stdout.splitlines()
    assert before[1] == "[]"  # the package itself was not imported
    assert before[0] == str(sorted(dir(tm.Project)))


@pytest.mark.parametrize("cls,name", sorted(METHODS))
def test_method_calls_its_module_with_every_argument_and_the_same_defaults(cls, name, monkeypatch):
    module, function = METHODS[(cls, name)]
    original = _function(module, function)
    signature = inspect.signature(original)
    calls = []
    result = object()

    def recorder(self, *args, **kwargs):
        calls.append((self, args, kwargs))
        return result

    monkeypatch.setattr(sys.modules[module], function, recorder)
    receiver = {"Project": tm.Project}.get(cls)
    p = tm.Project()
    if cls == "Project":
        instance = p
    else:
        d = p.add_document("D", "some text")
        c = p.codebook.add_code("C")
        instance = {"Codebook": p.codebook, "Code": c, "Document": d,
                    "Theme": p.add_theme("T"), "Excerpt": p.add_excerpt(d, 0, 4, codes=[c])}[cls]
    required, expected = {}, {}
    for param in list(signature.parameters.values())[1:]:
        if param.kind is param.VAR_KEYWORD:
            required["extra_option"] = expected["extra_option"] = 7
        elif param.default is param.empty:
            required[param.name] = expected[param.name] = object()
        else:
            expected[param.name] = param.default
    assert getattr(instance, name)(**required) is result
    assert len(calls) == 1
    self, args, kwargs = calls[0]
    assert self is instance and args == ()
    assert kwargs == expected
    assert receiver is None or receiver is type(instance)


@pytest.mark.parametrize("cls,name", sorted(METHODS))
def test_method_has_the_docstring_of_its_function(cls, name):
    module, function = METHODS[(cls, name)]
    doc = inspect.getdoc(_function(module, function))
    bound = getattr(getattr(_core, cls), name).__doc__
    if doc:
        assert doc in bound
    # pybind11's first line is the signature, with the Python function's names.
    params = list(inspect.signature(_function(module, function)).parameters)[1:]
    first = bound.splitlines()[0]
    assert first.startswith(f"{name}(self")
    for param in params:
        assert (f"{param}:" in first) or (f"**kwargs" in first), (param, first)


def test_all_lists_every_public_name(tmp_path):
    # In a fresh interpreter: other tests import submodules (thematica.serve),
    # which Python then sets as attributes of the package.
    code = ("import json, thematica\n"
            "print(json.dumps([sorted(n for n in dir(thematica) if not n.startswith('_')),"
            " thematica.__all__]))")
    public, listed = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                               text=True, check=True, cwd=tmp_path).stdout)
    assert len(listed) == len(set(listed))
    # CodingView needs the optional anywidget: importable by name, not by `import *`.
    assert "CodingView" not in listed
    assert sorted(listed) == public
    namespace = {}
    exec("from thematica import *", namespace)
    assert set(listed) <= set(namespace)


def test_equality_with_another_type_is_false_not_an_error():
    p = tm.Project()
    coder = p.add_coder("Ana")
    assert (tm.Span(0, 1) == 5) is False and (tm.Span(0, 1) != 5) is True
    assert tm.Span(0, 1) == tm.Span(0, 1) and tm.Span(0, 1) != tm.Span(0, 2)
    assert coder != "Ana" and coder == p.coder("Ana")


def test_python_methods_still_work_end_to_end():
    p = tm.Project()
    doc = p.add_document("P4", "be my voice, be my voice")
    p.codebook.add_code("Advocacy")
    made = p.code(doc, "my voice", codes=["Advocacy"], occurrence="all")
    assert [(e.start, e.end) for e in made] == [(3, 11), (16, 24)]
    frame = p.excerpts_frame(code="Advocacy")
    assert list(frame["text"]) == ["my voice", "my voice"]
    with pytest.raises(tm.NotFoundError):
        p.excerpts_frame(code="No such code")
