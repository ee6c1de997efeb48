"""The data tables in rules/ load, validate strictly, and are exercised by samples."""

import re
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from golint_ai.knowledge import KnowledgeError, load_knowledge, parse_extra_resources, split_words

SAMPLES = Path(__file__).parent / "go_samples"


def test_tables_load():
    k = load_knowledge()
    assert k.resources.c and k.resources.go
    assert "os.Exit" in k.terminal_functions and "Fatalf" in k.terminal_methods


@pytest.mark.parametrize(
    "name, family, release",
    [
        ("tflite_model_create_from_buffer", "cgo-naming", "tflite_model_delete"),
        ("TfLiteInterpreterCreate", "cgo-naming", "TfLiteInterpreterDelete"),
        ("TF_NewGraph", "cgo-naming", "TF_DeleteGraph"),
        ("malloc", "c-malloc", "free"),
        ("CString", "c-malloc", "free"),
        ("cudaMalloc", "cuda-malloc", "cudaFree"),
        ("cudaStreamCreateWithFlags", "cuda-stream", "cudaStreamDestroy"),
        ("PyObject_CallObject", "python-new-reference", "Py_DecRef"),
        ("PyTuple_New", "python-new-reference", "Py_DecRef"),
    ],
)
def test_classify(name, family, release):
    acq = load_knowledge().resources.classify_c(name)
    assert acq is not None and acq.family == family
    assert release in acq.releases and acq.suggested == release


@pytest.mark.parametrize("name", ["TfLiteInterpreterAllocateTensors", "PyTuple_GetItem", "PyDict_GetItemString", "free", "fopen", "Reinitialize"])
def test_not_acquisitions(name):
    assert load_knowledge().resources.classify_c(name) is None


def test_split_words():
    assert split_words("TfLiteInterpreterAllocateTensors") == ["Tf", "Lite", "Interpreter", "Allocate", "Tensors"]
    assert split_words("cuda_malloc_host") == ["cuda", "malloc", "host"]


def test_steals_only_the_item_argument():
    res = load_knowledge().resources
    assert res.steals("PyTuple_SetItem", 2) and not res.steals("PyTuple_SetItem", 0)


@pytest.mark.parametrize(
    "extra, message",
    [
        ("notalist", "must be a list"),
        ([{"acquire": "a"}], "`release` is required"),
        ([{"release": "b"}], "`acquire` is required"),
        ([{"acquire": "a", "release": "b", "bogus": 1}], "unknown key"),
        ([{"acquire": "a", "release": "b", "out-param": -1}], "non-negative"),
        ([{"package": "x/y", "acquire": "New"}], "release-method"),
        ([{"acquire": 3, "release": "b"}], "list of non-empty strings"),
    ],
)
def test_extra_validation(extra, message):
    with pytest.raises(KnowledgeError, match=re.escape(message)):
        parse_extra_resources(extra)


def test_extra_entries_win_over_naming_convention():
    c, go = parse_extra_resources([{"acquire": "mylib_open", "release": "mylib_shutdown"}])
    acq = load_knowledge(c, go).resources.classify_c("mylib_open")
    assert acq.releases == frozenset({"mylib_shutdown"})


def _sample_calls() -> tuple[set[str], str]:
    names: set[str] = set()
    text = ""
    for go in SAMPLES.rglob("*.go"):
        t = go.read_text("utf-8", errors="replace")
        text += t
        names.update(re.findall(r"\bC\.([A-Za-z_][A-Za-z0-9_]*)\s*\(", t))
    return names, text


def test_every_builtin_entry_has_a_sample():
    names, text = _sample_calls()
    res = load_knowledge().resources
    for fam in res.c:
        patterns = fam.acquire or fam.never
        assert any(fnmatchcase(n, p) for n in names for p in patterns), f"no sample calls an acquisition of [[c]] {fam.id}"
    for fam in res.go:
        assert f'"{fam.package}"' in text, f"no sample imports {fam.package}"


# -- frameworks.toml ------------------------------------------------------------------------
def test_framework_table_has_the_v3_rows():
    ids = {f.id for f in load_knowledge().frameworks}
    assert {"net/http", "gin", "echo", "fiber", "fasthttp", "hertz", "grpc"} <= ids
    gin = load_knowledge().framework("gin")
    assert gin.is_context and gin.detaches("Copy", True) and "Stream" in gin.streaming
    assert gin.value("Request", False).as_ == "net/http"
    assert load_knowledge().framework("fiber").reuses_memory


@pytest.mark.parametrize(
    "entry, error",
    [
        ({"id": "x", "handler": ["*Ctx"]}, "imports"),
        ({"id": "x", "imports": ["a/b"]}, "handler"),
        ({"id": "x", "imports": ["a/b"], "handler": ["*Ctx"], "values": [{"step": "Body()", "kind": "bytes"}]}, "kind"),
        ({"id": "x", "imports": ["a/b"], "handler": ["*Ctx"], "values": [{"step": "a.b", "kind": "value"}]}, "step"),
        ({"id": "x", "imports": ["a/b"], "handler": ["*Ctx"], "colour": 1}, "colour"),
        ({"id": "x", "imports": ["a/b"], "handler": ["Ctx()"]}, "type name"),
        ({"id": "x", "imports": ["a/b"], "handler": ["*Ctx"], "is-context": "yes"}, "true or false"),
    ],
)
def test_framework_rows_are_validated(entry, error):
    from golint_ai.knowledge import parse_frameworks

    with pytest.raises(KnowledgeError, match=error):
        parse_frameworks([entry], "frameworks.extra")


def _check_project(tmp_path, config: str, go: str, *args: str):
    """``golint-ai check`` in a fresh process over a project of one Go file and a
    ``pyproject.toml``."""
    import subprocess
    import sys

    (tmp_path / "pyproject.toml").write_text(config)
    (tmp_path / "h.go").write_text(go)
    return subprocess.run([sys.executable, "-m", "golint_ai", "check", str(tmp_path), *args], capture_output=True, text=True)


@pytest.mark.parametrize(
    "framework, go, label",
    [
        pytest.param(
            'id = "mux"\nimports = ["example.com/mux"]\nhandler = ["*Ctx"]\nvalues = [{step = "Body()", kind = "value"}]\n',
            'package h\n\nimport "example.com/mux"\n\nvar last []byte\n\nfunc handle(c *mux.Ctx) {\n\tlast = c.Body()\n}\n',
            "mux handler",
            id="handler-type",
        ),
        # A generated type is looked for by what its glob spells (`Events`), not by the
        # built-in gRPC streams' `Server`.
        pytest.param(
            'id = "rpc"\nimports = ["example.com/rpc"]\nhandler = ["ServerStream"]\ngenerated = ["*_*Events"]\n',
            'package h\n\nimport "example.com/rpc/pb"\n\nvar streams []pb.Chat_Events\n\ntype srv struct{}\n\n'
            "func (s *srv) Watch(stream pb.Chat_Events) {\n\tstreams = append(streams, stream)\n}\n",
            "rpc handler",
            id="generated-type",
        ),
    ],
)
def test_user_framework_is_detected(tmp_path, framework, go, label):
    """A framework added in the configuration is a framework like the built-in ones."""
    proc = _check_project(tmp_path, '[tool.golint-ai]\nselect = ["GAI201"]\n[[tool.golint-ai.frameworks.extra]]\n' + framework, go, "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert '"GAI201"' in proc.stdout and label in proc.stdout


def test_user_framework_with_unknown_link_is_an_error(tmp_path):
    proc = _check_project(
        tmp_path,
        '[tool.golint-ai]\n[[tool.golint-ai.frameworks.extra]]\nid = "mux"\nimports = ["example.com/mux"]\nhandler = ["*Ctx"]\n'
        'values = [{step = "Req", as = "nope"}]\n',
        "package h\n",
    )
    assert proc.returncode == 2 and "unknown framework `nope`" in proc.stderr
