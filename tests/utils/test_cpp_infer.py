"""utils/cpp_infer: the C++ inference core, built with both backends.

OpenVINO backend: built and run on small ONNX models made here, compared with ONNX Runtime.
MindSpore backend: compiled and linked against the real MindSpore C++ API (mindspore-lite wheel).
The generator main (tools/generator_main.cc) is run end to end in test_generator_spec.py.
"""
import os
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from cpp_infer_build import CPP_INFER, REPO, build_cpp_infer

BATCH = 2


def run_tool(binary, *args):
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, check=False)


def make_model(path, batch):
    """ConvTranspose -> Gemm on a float32 image plus a Gather of int32 labels; two outputs.

    `batch` is an int or a symbolic name (dynamic batch)."""
    rng = np.random.default_rng(7)
    init = [
        numpy_helper.from_array(rng.normal(size=(3, 2, 3, 3)).astype(np.float32), "deconv_w"),
        numpy_helper.from_array(rng.normal(size=(2,)).astype(np.float32), "deconv_b"),
        numpy_helper.from_array(rng.normal(size=(2 * 7 * 7, 5)).astype(np.float32) / 10, "fc_w"),
        numpy_helper.from_array(rng.normal(size=(5,)).astype(np.float32), "fc_b"),
        numpy_helper.from_array(rng.normal(size=(10, 5)).astype(np.float32), "embedding"),
        numpy_helper.from_array(np.array([0, -1], dtype=np.int64), "flat_shape"),
    ]
    nodes = [
        helper.make_node("ConvTranspose", ["image", "deconv_w", "deconv_b"], ["upsampled"], strides=[2, 2],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Reshape", ["upsampled", "flat_shape"], ["flat"]),
        helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["dense"]),
        helper.make_node("Gather", ["embedding", "labels"], ["label_code"], axis=0),
        helper.make_node("Add", ["dense", "label_code"], ["logits"]),
        helper.make_node("Sigmoid", ["logits"], ["score"]),
    ]
    graph = helper.make_graph(
        nodes, "cpp_infer_test",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [batch, 3, 4, 4]),
         helper.make_tensor_value_info("labels", TensorProto.INT32, [batch])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, [batch, 5]),
         helper.make_tensor_value_info("upsampled", TensorProto.FLOAT, [batch, 2, 7, 7])],
        init)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def write_inputs(root, names_and_batches, seed=0):
    """One directory per model input; returns {file stem: (image, labels)}."""
    rng = np.random.default_rng(seed)
    (root / "image").mkdir(parents=True)
    (root / "labels").mkdir(parents=True)
    sets = {}
    for stem, batch in names_and_batches:
        image = rng.normal(size=(batch, 3, 4, 4)).astype(np.float32)
        labels = rng.integers(0, 10, size=(batch,)).astype(np.int32)
        image.tofile(root / "image" / f"{stem}.bin")
        labels.tofile(root / "labels" / f"{stem}.bin")
        sets[stem] = (image, labels)
    return sets


@pytest.fixture(scope="module")
def ov_build():
    return build_cpp_infer("openvino")


@pytest.fixture(scope="module")
def static_model(tmp_path_factory):
    return make_model(tmp_path_factory.mktemp("model") / "static.onnx", BATCH)


def assert_one_line_error(result, fragment, framework_logs=False):
    """Our message is one line; a framework that parsed the model may have logged lines before it."""
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    if framework_logs:
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert fragment in lines[0], lines[0]


def test_unit_tests_pass(ov_build, tmp_path):
    result = run_tool(ov_build / "cpp_infer_unit_tests", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "all cpp_infer unit tests passed" in result.stdout


def test_show_inputs_reports_names_dtypes_shapes(ov_build, static_model):
    result = run_tool(ov_build / "infer_bins", "--model_path", static_model, "--show_inputs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["image float32 [2,3,4,4] (384 bytes)", "labels int32 [2] (8 bytes)"]


def test_openvino_matches_onnxruntime(ov_build, static_model, tmp_path):
    sets = write_inputs(tmp_path / "in", [("b_set", BATCH), ("a_set", BATCH), ("c.set", BATCH)])
    result = run_tool(ov_build / "infer_bins", f"--model_path={static_model}", "--input_dir", tmp_path / "in/image",
                      f"--input_dir={tmp_path / 'in/labels'}", "--result_path", tmp_path / "res", "--warmup=2",
                      "--repeat", "3", "--time_file", tmp_path / "time_Result/perf.txt")
    assert result.returncode == 0, result.stderr
    assert "infer_count 9 " in result.stdout
    assert "infer_count 9 " in (tmp_path / "time_Result/perf.txt").read_text()
    session = ort.InferenceSession(str(static_model), providers=["CPUExecutionProvider"])
    for stem, (image, labels) in sets.items():
        expected = session.run(None, {"image": image, "labels": labels})
        for k, want in enumerate(expected):
            got = np.fromfile(tmp_path / "res" / f"{stem}_{k}.bin", dtype=np.float32).reshape(want.shape)
            assert np.abs(got - want).max() <= 1e-5, (stem, k, np.abs(got - want).max())
    assert sorted(p.name for p in (tmp_path / "res").iterdir()) == sorted(
        f"{stem}_{k}.bin" for stem in sets for k in range(2))


def test_dynamic_batch_is_taken_from_the_file_size(ov_build, tmp_path):
    model = make_model(tmp_path / "dynamic.onnx", "N")
    sets = write_inputs(tmp_path / "in", [("one", 1), ("three", 3)], seed=1)
    result = run_tool(ov_build / "infer_bins", "--model_path", model, "--input_dir", tmp_path / "in/image",
                      "--input_dir", tmp_path / "in/labels", "--result_path", tmp_path / "res")
    assert result.returncode == 0, result.stderr
    session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    for stem, (image, labels) in sets.items():
        want = session.run(None, {"image": image, "labels": labels})[0]
        got = np.fromfile(tmp_path / "res" / f"{stem}_0.bin", dtype=np.float32).reshape(want.shape)
        assert np.abs(got - want).max() <= 1e-5


@pytest.mark.parametrize("case, fragment", [
    ("missing_model", "model file"),
    ("junk_model", "OpenVINO cannot load model"),
    ("one_input_dir", "the model has 2 inputs (image, labels) but 1 input directories"),
    ("wrong_byte_size", "needs 8 bytes, got 12"),
    ("file_count_mismatch", "labels has 2 files but"),
    ("empty_input_dir", "has no *.bin files"),
    ("missing_input_dir", "does not exist or is not a directory"),
    ("unknown_device", "unknown device target 'NPU'"),
    ("device_not_in_backend", "not supported by the openvino backend"),
    ("unknown_flag", "unknown flag --mindir_path"),
    ("bad_int", "flag --device_id expects an integer"),
])
def test_bad_input_is_one_line_error(ov_build, static_model, tmp_path, case, fragment):
    write_inputs(tmp_path / "in", [("x", BATCH)])
    model = static_model
    dirs = ["--input_dir", tmp_path / "in/image", "--input_dir", tmp_path / "in/labels"]
    extra = []
    if case == "missing_model":
        model = tmp_path / "absent.onnx"
    elif case == "junk_model":
        model = tmp_path / "junk.onnx"
        model.write_bytes(b"not an onnx file")
    elif case == "one_input_dir":
        dirs = dirs[:2]
    elif case == "wrong_byte_size":
        np.zeros(3, dtype=np.int32).tofile(tmp_path / "in/labels/x.bin")
    elif case == "file_count_mismatch":
        np.zeros(BATCH, dtype=np.int32).tofile(tmp_path / "in/labels/y.bin")
    elif case == "empty_input_dir":
        (tmp_path / "empty").mkdir()
        dirs[1] = tmp_path / "empty"
    elif case == "missing_input_dir":
        dirs[3] = tmp_path / "nowhere"
    elif case == "unknown_device":
        extra = ["--device_target", "NPU"]
    elif case == "device_not_in_backend":
        extra = ["--device_target=Ascend310"]
    elif case == "unknown_flag":
        extra = ["--mindir_path=x"]
    elif case == "bad_int":
        extra = ["--device_id=zero"]
    result = run_tool(ov_build / "infer_bins", "--model_path", model, *dirs, "--result_path", tmp_path / "res", *extra)
    assert_one_line_error(result, fragment, framework_logs=case == "junk_model")


def test_help_lists_flags(ov_build):
    result = run_tool(ov_build / "infer_bins", "--help")
    assert result.returncode == 0
    assert "--model_path=<string>" in result.stdout and "backend: openvino" in result.stdout


MINDSPORE_LITE = REPO / "third_party" / "mindspore_lite-2.0.0"


@pytest.fixture(scope="module")
def mindspore_path():
    """The mindspore-lite headers and library that the set-up (make test / make cpp-deps) fetched."""
    assert (MINDSPORE_LITE / ".unpacked").is_file(), (
        f"{MINDSPORE_LITE} is missing: run `make cpp-deps` (tests never download anything)")
    return MINDSPORE_LITE


@pytest.fixture(scope="module")
def ms_build(mindspore_path, tmp_path_factory):
    return build_cpp_infer("mindspore", tmp_path_factory.mktemp("cpp_infer_mindspore"),
                           {"MINDSPORE_PATH": str(mindspore_path)})


def test_fetched_mindspore_lite_is_reused_and_ignored_by_git(mindspore_path):
    again = subprocess.run(["bash", str(CPP_INFER / "fetch_mindspore_lite.sh")], capture_output=True, text=True,
                           env=dict(os.environ, PYTHON=sys.executable), check=True, timeout=30)
    assert again.stdout.strip() == str(mindspore_path) and "downloading" not in again.stderr
    assert (mindspore_path / "include/api/model.h").is_file()
    if mindspore_path.resolve().is_relative_to(REPO):  # a worktree's third_party may link to another checkout
        ignored = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", str(mindspore_path)], check=False)
        assert ignored.returncode == 0, f"{mindspore_path} is not ignored by git"


def test_mindspore_backend_compiles_and_links(ms_build, mindspore_path):
    needed = subprocess.run(["readelf", "-d", str(ms_build / "infer_bins")], capture_output=True, text=True,
                            check=True).stdout
    assert "libmindspore-extendrt_python.so" in needed
    for program in ("infer_bins", "generator_main"):
        result = run_tool(ms_build / program, "--help")
        assert result.returncode == 0, result.stderr
        assert "backend: mindspore" in result.stdout


def test_mindspore_backend_reports_bad_models(ms_build, tmp_path):
    missing = run_tool(ms_build / "infer_bins", "--model_path", tmp_path / "absent.mindir", "--device_target=CPU")
    assert_one_line_error(missing, "model file")
    junk = tmp_path / "junk.mindir"
    junk.write_bytes(b"not a mindir")
    result = run_tool(ms_build / "infer_bins", "--model_path", junk, "--device_target=CPU")
    assert_one_line_error(result, f"error: MindSpore cannot build model {junk} for CPU", framework_logs=True)
