"""CGAN C++ inference (ascend310_infer on utils/cpp_infer): OpenVINO output equals MindSpore's.

A seeded, untrained generator is saved as a G checkpoint, exported to ONNX with CGAN/export.py, run by the
C++ program on preprocess.py's batches, and compared with the MindSpore generator on the same inputs.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

REPO = Path(__file__).resolve().parents[2]
CGAN = REPO / "CGAN"
BATCH, SAMPLES = 20, 40
SIZES = ["--num_samples", str(SAMPLES), "--eval_batch_size", str(BATCH)]


def run(args, **kwargs):
    env = dict(os.environ, PYTHON=sys.executable)
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, check=False, **kwargs)


def checked(result):
    assert result.returncode == 0, f"{result.args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def generator_ckpt(tmp_path_factory):
    import mindspore as ms
    from CGAN.src.checkpoint import GENERATOR_TAG
    from CGAN.src.model import Generator
    from utils.zoo_common.ms_checkpoint import save_params

    ms.set_seed(5)
    generator = Generator()
    path = tmp_path_factory.mktemp("cgan_ckpt") / "G_1.ckpt"
    save_params({p.name: p for p in generator.get_parameters()}, str(path), GENERATOR_TAG)
    return path


@pytest.fixture(scope="module")
def onnx_model(generator_ckpt, tmp_path_factory):
    out = tmp_path_factory.mktemp("cgan_export")
    checked(run([sys.executable, CGAN / "export.py", "--ckpt_path", generator_ckpt, "--output_path", out,
                 "--file_format", "ONNX", "--eval_batch_size", BATCH]))
    return out / "export" / "CGAN.onnx"


@pytest.fixture(scope="module")
def cgan_main(tmp_path_factory):
    build_dir = tmp_path_factory.mktemp("cgan_ascend310_infer")
    checked(run(["bash", REPO / "utils/cpp_infer/build_infer.sh", CGAN / "ascend310_infer", "openvino", build_dir]))
    return build_dir / "main"


def mindspore_images(ckpt, noise, labels):
    import mindspore as ms
    from CGAN.src.checkpoint import GENERATOR_TAG
    from CGAN.src.model import Generator
    from utils.zoo_common.ms_checkpoint import load_checkpoint_into

    generator = Generator()
    load_checkpoint_into(generator, str(ckpt), GENERATOR_TAG)
    generator.set_train(False)
    return generator(ms.Tensor(noise), ms.Tensor(labels)).asnumpy()


def test_openvino_cpp_equals_mindspore(generator_ckpt, onnx_model, cgan_main, tmp_path):
    checked(run([sys.executable, CGAN / "preprocess.py", "--output_path", tmp_path, *SIZES]))
    work = tmp_path / "infer_310"
    result = checked(run([cgan_main, "--model_path", onnx_model, "--input0_path", work / "preprocess_Result/latent_code",
                          "--input1_path", work / "preprocess_Result/label", "--result_path", work / "result_Files",
                          "--time_file", work / "time_Result/test_perform_static.txt", "--repeat", "2"]))
    assert "infer_count 4 " in result.stdout
    names = sorted(p.name for p in (work / "preprocess_Result/latent_code").iterdir())
    assert len(names) == SAMPLES // BATCH
    for name in names:
        noise = np.fromfile(work / "preprocess_Result/latent_code" / name, np.float32).reshape(BATCH, 100)
        labels = np.fromfile(work / "preprocess_Result/label" / name, np.int32)
        expected = mindspore_images(generator_ckpt, noise, labels)
        got = np.fromfile(work / "result_Files" / name.replace(".bin", "_0.bin"), np.float32).reshape(expected.shape)
        assert expected.shape == (BATCH, 1, 32, 32)
        assert np.abs(got - expected).max() <= 1e-5, np.abs(got - expected).max()


def test_run_infer_310_script_matches_eval(generator_ckpt, onnx_model, tmp_path):
    script = checked(run(["bash", CGAN / "scripts/run_infer_310.sh", onnx_model, "CPU", "0",
                          "--output_path", tmp_path / "run", *SIZES]))
    assert "NN inference cost average time" in script.stdout
    work = tmp_path / "run" / "infer_310"
    assert (work / "samples.png").is_file() and (work / "time_Result/test_perform_static.txt").is_file()
    checked(run([sys.executable, CGAN / "eval.py", "--ckpt_path", generator_ckpt, "--output_path", tmp_path / "run",
                 *SIZES]))
    [metric] = [p.name for p in (tmp_path / "run/eval").glob("parzen_*.json")]
    cpp = json.loads((work / metric).read_text())
    python = json.loads((tmp_path / "run/eval" / metric).read_text())
    assert cpp["sigma"] == python["sigma"]
    assert cpp["mean"] == pytest.approx(python["mean"], abs=1e-2)


def test_script_rejects_bad_arguments(onnx_model, tmp_path):
    script = CGAN / "scripts/run_infer_310.sh"
    cases = [([tmp_path / "absent.onnx", "CPU"], f"error: MODEL_PATH '{tmp_path / 'absent.onnx'}' is not a file"),
             ([onnx_model, "TPU"], "error: the 2nd argument must be a DEVICE_TARGET (Ascend310, Ascend310P, Ascend, "
                                   "GPU or CPU) or the DATA_PATH folder, got 'TPU'"),
             ([onnx_model, "CPU", "x"], "error: DEVICE_ID must be a device index (0, 1, ...), got 'x'"),
             ([onnx_model, "CPU", "0", "--no_such_key", "1"],
              "error: unrecognized arguments: --no_such_key 1 (preprocess.py --help lists the flags)")]
    for args, message in cases:
        result = run(["bash", script, *args])
        assert result.returncode != 0, args
        assert result.stderr.strip().splitlines()[-1] == message, result.stderr


def test_script_fails_when_the_batch_differs_from_the_export(onnx_model, tmp_path):
    result = run(["bash", CGAN / "scripts/run_infer_310.sh", onnx_model, "CPU", "0", "--output_path", tmp_path,
                  "--num_samples", str(SAMPLES)])  # default eval_batch_size 200, the model takes 20
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "needs 8000 bytes, got 80000" in last, last


def test_main_rejects_a_model_that_is_not_a_generator(cgan_main, tmp_path):
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "not_cgan",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 100])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 100])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.save(model, str(tmp_path / "relu.onnx"))
    checked(run([sys.executable, CGAN / "preprocess.py", "--output_path", tmp_path, *SIZES]))
    inputs = tmp_path / "infer_310/preprocess_Result"
    result = run([cgan_main, "--model_path", tmp_path / "relu.onnx", "--input0_path", inputs / "latent_code",
                  "--input1_path", inputs / "label"])
    assert result.returncode == 1
    assert result.stderr.strip() == (f"error: model {tmp_path / 'relu.onnx'} is not a CGAN generator: expected inputs "
                                     "noise float32 (N,100) and labels int32 (N,), found x float32 [2,100] (800 bytes)")


def test_postprocess_detects_inputs_of_another_configuration(tmp_path):
    checked(run([sys.executable, CGAN / "preprocess.py", "--output_path", tmp_path, *SIZES]))
    result = run([sys.executable, CGAN / "postprocess.py", "--output_path", tmp_path, *SIZES, "--eval_seed", "99"])
    assert result.returncode != 0
    assert "holds other inputs than this configuration generates" in result.stderr.strip().splitlines()[-1]
