"""DCGAN C++ inference (ascend310_infer on utils/cpp_infer, OpenVINO backend on CPU): its images equal
MindSpore's to 1e-5 at the reference width, and run_infer_310.sh with good and bad arguments.

A seeded reference-width generator — BN statistics set, its last layer scaled so that many pixels saturate
(where MindSpore's CPU Tanh used to be off by 1e-4) — is saved as a G checkpoint, exported to ONNX with
export.py, run by the C++ program on preprocess.py's batches and compared with MindSpore on the same noise.
"""
import os
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
DCGAN = REPO / "DCGAN"
BATCH, SAMPLES = 20, 40
SIZES = ["--num_samples", str(SAMPLES), "--eval_batch_size", str(BATCH)]


def run(args, **kwargs):
    env = dict(os.environ, PYTHON=sys.executable)
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, check=False, **kwargs)


def checked(result):
    assert result.returncode == 0, f"{result.args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def trained_like_generator():
    """The reference-width G of the module docstring, in inference mode."""
    import mindspore as ms
    from DCGAN.src.model import build_networks

    generator, _ = build_networks(seed=5)
    rng = np.random.default_rng(5)
    for param in generator.get_parameters():
        value = param.asnumpy()
        if "moving_mean" in param.name:
            value = rng.normal(0.0, 0.5, param.shape)
        elif "moving_variance" in param.name:
            value = rng.uniform(0.2, 3.0, param.shape)
        elif param.name == "generator.9.weight":
            value = value * 20.0
        param.set_data(ms.Tensor(value.astype(np.float32)))
    generator.set_train(False)
    return generator


@pytest.fixture(scope="module")
def generator(tmp_path_factory):
    """(the MindSpore generator as a function of a noise batch, its G.ckpt). MindSpore's native convolutions are
    slow on this CPU (DESIGN §8): each noise batch goes through G once, the comparisons and the grids share it."""
    from mindspore import Tensor
    from DCGAN.src.checkpoint import STATE
    from utils.zoo_common.ms_checkpoint import save_network

    net = trained_like_generator()
    path = tmp_path_factory.mktemp("dcgan_ckpt") / "G.ckpt"
    save_network(net, str(path), STATE.generator_tag)
    outputs = {}

    def generate(noise):
        key = (noise.shape, noise.tobytes())
        if key not in outputs:
            outputs[key] = net(Tensor(noise)).asnumpy()
        return outputs[key]
    return generate, path


@pytest.fixture(scope="module")
def onnx_model(generator, tmp_path_factory):
    out = tmp_path_factory.mktemp("dcgan_export")
    result = checked(run([sys.executable, DCGAN / "export.py", "--ckpt_path", generator[1], "--output_path", out,
                          "--net", "G", "--file_format", "ONNX", "--eval_batch_size", BATCH]))
    assert "ONNX Runtime vs MindSpore max abs diff" in result.stdout
    return out / "export" / "dcgan.onnx"


@pytest.fixture(scope="module")
def script_run(generator, onnx_model, tmp_path_factory):
    """run_infer_310.sh on the exported G (CPU: OpenVINO backend): preprocess.py, the C++ program built by
    ascend310_infer/build.sh, postprocess.py; returns (its result, its output_path)."""
    out = tmp_path_factory.mktemp("dcgan_infer_310")
    result = checked(run(["bash", DCGAN / "scripts/run_infer_310.sh", onnx_model, "CPU", "0", "--output_path", out,
                          *SIZES]))
    return result, out


@pytest.fixture(scope="module")
def dcgan_main(script_run):
    """DCGAN/ascend310_infer/out/main, as run_infer_310.sh built it."""
    path = DCGAN / "ascend310_infer" / "out" / "main"
    assert path.is_file()
    return path


def test_run_infer_310_openvino_images_and_grids_equal_mindspore(generator, script_run, tmp_path):
    from DCGAN.src.evaluate import run_evaluation

    script, out = script_run
    assert "infer_count 4 " in script.stdout  # the 64 images of the grids, in 4 batches of 20 (the last padded)
    assert "NN inference cost average time" in script.stdout
    work = out / "infer_310"
    assert (work / "build.log").is_file() and (work / "time_Result/test_perform_static.txt").is_file()
    inputs = work / "preprocess_Result" / "latent_code"
    names = sorted(p.name for p in inputs.iterdir())
    assert names == [f"dcgan_bs{BATCH}_{k:05d}.bin" for k in range(4)]
    saturated = 0.0
    for name in names:
        noise = np.fromfile(inputs / name, np.float32).reshape(BATCH, 100, 1, 1)
        expected = generator[0](noise)
        got = np.fromfile(work / "result_Files" / name.replace(".bin", "_0.bin"), np.float32).reshape(expected.shape)
        assert np.abs(got - expected).max() <= 1e-5, np.abs(got - expected).max()
        saturated = max(saturated, float(np.mean(np.abs(expected) > 0.995)))
    assert saturated > 0.05  # pixels where tanh's input was beyond 3: the range of MindSpore's Tanh defect
    config = types.SimpleNamespace(num_samples=SAMPLES, inception_pb=None, eval_seed=2015, img_url=None)
    run_evaluation(generator[0], BATCH, config, str(tmp_path / "ms"), "test")
    for grid in ("generate.png", "samples.png"):
        with Image.open(work / grid) as cpp, Image.open(tmp_path / "ms" / grid) as python:
            assert cpp.size == python.size
            assert np.abs(np.asarray(cpp, np.int16) - np.asarray(python, np.int16)).max() <= 1


def test_script_rejects_bad_arguments(onnx_model, tmp_path):
    script = DCGAN / "scripts/run_infer_310.sh"
    usage = "usage: bash run_infer_310.sh [MODEL_PATH]"
    cases = [([], "error: expected MODEL_PATH"),
             ([tmp_path / "absent.onnx", "CPU"], f"error: MODEL_PATH '{tmp_path / 'absent.onnx'}' is not a file"),
             ([onnx_model, "TPU"], "error: DEVICE_TARGET must be Ascend310, Ascend310P, Ascend, GPU or CPU, got 'TPU'"),
             ([onnx_model, "CPU", "x"], "error: DEVICE_ID must be a device index (0, 1, ...), got 'x'"),
             ([onnx_model, "CPU", "0", "--no_such_key", "1"],
              "error: unrecognized arguments: --no_such_key 1 (preprocess.py --help lists the flags)")]
    for args, message in cases:
        result = run(["bash", script, *args])
        assert result.returncode != 0, args
        assert result.stderr.strip().splitlines()[-1] == message, result.stderr
    assert run(["bash", script, "-h"]).stdout.startswith(usage)


def test_script_fails_when_the_batch_differs_from_the_export(onnx_model, dcgan_main, tmp_path):
    result = run(["bash", DCGAN / "scripts/run_infer_310.sh", onnx_model, "CPU", "0", "--output_path", tmp_path,
                  "--num_samples", str(SAMPLES)])  # default eval_batch_size 100, the model takes 20
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "needs 8000 bytes, got 40000" in last, last


def test_main_rejects_a_model_that_is_not_the_generator(dcgan_main, script_run, tmp_path):
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "not_dcgan",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 10])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 10])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(tmp_path / "relu.onnx"))
    inputs = script_run[1] / "infer_310/preprocess_Result/latent_code"
    result = run([dcgan_main, "--model_path", tmp_path / "relu.onnx", "--input0_path", inputs])
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: model {tmp_path / 'relu.onnx'} is not a DCGAN generator: "
                                                   "expected input noise float32 (N,100,1,1), found x float32 [2,10]"), result.stderr


def test_postprocess_detects_inputs_of_another_configuration(script_run):
    result = run([sys.executable, DCGAN / "postprocess.py", "--output_path", script_run[1], *SIZES, "--eval_seed", "99"])
    assert result.returncode != 0
    assert "holds other inputs than this configuration generates" in result.stderr.strip().splitlines()[-1]


@pytest.mark.slow
def test_ascend310_infer_compiles_and_links_with_the_mindspore_backend(tmp_path):
    """The Ascend 310 build (MindSpore C++ API) of DCGAN's program, against the mindspore-lite headers and
    library that `make cpp-deps` fetched (tests/utils/test_cpp_infer.py builds the shared core the same way)."""
    lite = REPO / "third_party" / "mindspore_lite-2.0.0"
    assert (lite / ".unpacked").is_file(), f"{lite} is missing: run `make cpp-deps` (tests never download anything)"
    env = dict(os.environ, PYTHON=sys.executable, MINDSPORE_PATH=str(lite))
    build = subprocess.run(["bash", str(REPO / "utils/cpp_infer/build_infer.sh"), str(DCGAN / "ascend310_infer"),
                            "mindspore", str(tmp_path)], capture_output=True, text=True, env=env, check=False)
    assert build.returncode == 0, build.stderr[-3000:]
    help_text = run([tmp_path / "main", "--help"])
    assert help_text.returncode == 0 and "backend: mindspore" in help_text.stdout
