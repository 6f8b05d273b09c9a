"""WGAN end to end: eval (images, grid, SWD, MS-SSIM with its real baseline) on an LMDB, export of both generator
variants with named inputs/outputs and ONNX Runtime parity, the reference's export command, OpenVINO C++ parity,
checkpoints that do not fit the description; slow: a trained run through export, ONNX inference (equal to eval)
and run_infer_cpp.sh."""
import json
import os
import sys

import mindspore as ms
import numpy as np
import pytest
from PIL import Image

from WGAN.src.checkpoint import STATE, load_generator
from WGAN.src.config import get_config
from WGAN.src.exporter import export
from WGAN.src.generator_spec import GeneratorConfig, generator_spec
from WGAN.src.model import build_networks
from conftest import ZOO_ROOT, error_lines, run_bash, run_python
from utils.zoo_common import bin_io
from utils.zoo_common.ms_checkpoint import save_network
from utils.zoo_common.onnx_session import OnnxGenerator
from wgan_fixtures import tiny_flags, write_lmdb

sys.path.insert(0, os.path.join(ZOO_ROOT, "tests", "utils"))
from cpp_infer_build import run_generator_main  # noqa: E402

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
WGAN_DIR = os.path.join(ZOO_ROOT, "WGAN")
SMALL_EVAL = ["--swd_images", "8", "--ms_ssim_pairs", "4", "--num_images", "6", "--eval_batch_size", "4"]


def run_entry(name, *flags):
    return run_python(os.path.join(WGAN_DIR, name), *flags, cwd=WGAN_DIR)


def checked(result):
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def generator_checkpoints(tmp_path_factory):
    """A seeded G checkpoint and generator_config.json of each variant (16×16, width 4), in run-folder layout."""
    made = {}
    for no_bn in (False, True):
        run = tmp_path_factory.mktemp("nobn" if no_bn else "bn")
        config = get_config(["--image_size", "16", "--ngf", "4", "--ndf", "4", "--no_bn", str(no_bn), "--seed", "5"])
        generator, _ = build_networks(config)
        os.makedirs(run / "ckpt" / "step_00000001")
        save_network(generator, str(run / "ckpt" / "step_00000001" / "G.ckpt"), STATE.generator_tag)
        GeneratorConfig.from_config(config).write(str(run))
        made[no_bn] = run
    return made


def g_file(run):
    return run / "ckpt" / "step_00000001" / "G.ckpt"


def mindspore_images(run, noise):
    generator, _, _ = load_generator(get_config(["--ckpt_path", str(g_file(run))]))
    return generator(ms.Tensor(noise)).asnumpy()


def test_eval_writes_images_grid_swd_and_ms_ssim_with_its_baseline(generator_checkpoints, tmp_path):
    data = write_lmdb(str(tmp_path / "bedroom_train_lmdb"))
    run = generator_checkpoints[False]
    checked(run_entry("eval.py", "--ckpt_path", run / "ckpt", "--output_path", tmp_path, "--data_path", data,
                      *SMALL_EVAL))
    folder = tmp_path / "eval"  # G rebuilt from the run's generator_config.json found above --ckpt_path
    assert sorted(name for name in os.listdir(folder) if name.startswith("generated_")) == \
        [f"generated_{i:05d}.png" for i in range(6)]
    with Image.open(folder / "generated_00000.png") as image:
        assert image.size == (16, 16) and image.mode == "RGB"
    with Image.open(folder / "samples.png") as grid:
        assert grid.size == (3 * 18 + 2, 2 * 18 + 2)  # 6 images: 3 columns, 2 rows, 2-px gaps
    swd = json.loads((folder / "swd8.json").read_text())
    assert set(swd["levels_x1e3"]) == {"16", "avg"} and swd["value"] > 0 and swd["num_samples"] == 8
    fake = json.loads((folder / "ms_ssim_fake_pairs4.json").read_text())
    real = json.loads((folder / "ms_ssim_real_pairs4.json").read_text())
    assert 0 <= real["value"] <= 1 and 0 <= fake["value"] <= 1 and fake["num_pairs"] == real["num_pairs"] == 4


@pytest.mark.parametrize("no_bn", [False, True], ids=["bn", "nobn"])
def test_export_both_variants_with_named_io_and_onnx_runtime_parity(generator_checkpoints, no_bn, tmp_path):
    run = generator_checkpoints[no_bn]
    written = export(get_config(["--ckpt_path", str(g_file(run)), "--output_path", str(tmp_path), "--num_images", "3"]))
    assert sorted(written) == ["MINDIR", "ONNX"] and written["ONNX"][1] <= 1e-5
    import onnx
    model = onnx.load(written["ONNX"][0])
    shapes = [[d.dim_value for d in v.type.tensor_type.shape.dim] for v in (model.graph.input[0], model.graph.output[0])]
    assert (model.graph.input[0].name, model.graph.output[0].name) == ("noise", "image")
    assert shapes == [[3, 100, 1, 1], [3, 3, 16, 16]]
    spec = generator_spec(GeneratorConfig.read(str(run / "generator_config.json")))
    noise = spec.sample(3, 9)[0]
    onnx_generator = OnnxGenerator(written["ONNX"][0], spec)
    assert onnx_generator.batch_size == 3
    assert np.abs(onnx_generator(noise) - mindspore_images(run, noise)).max() <= 1e-5
    assert ms.load(written["MINDIR"][0]) is not None


def test_the_reference_export_command(generator_checkpoints, tmp_path):
    run = generator_checkpoints[True]
    result = checked(run_entry("export.py", "--ckpt_file", g_file(run), "--file_name", "wgan_nobn", "--file_format",
                               "ONNX", "--config", run / "generator_config.json", "--nimages", "1",
                               "--output_path", tmp_path))
    assert "ONNX Runtime vs MindSpore max abs diff" in result.stdout
    assert os.listdir(tmp_path / "export") == ["wgan_nobn.onnx"]


def test_openvino_cpp_equals_mindspore(generator_checkpoints, tmp_path):
    run = generator_checkpoints[False]
    config = get_config(["--ckpt_path", str(g_file(run)), "--output_path", str(tmp_path), "--num_images", "4",
                         "--file_format", "ONNX"])
    onnx_path = export(config)["ONNX"][0]
    spec = generator_spec(GeneratorConfig.read(str(run / "generator_config.json")))
    root, results = bin_io.infer_310_folders(str(tmp_path))
    inputs = spec.sample(8, 3)
    assert bin_io.write_inputs(spec, root, inputs, 4) == ["wgan_bs4_00000.bin", "wgan_bs4_00001.bin"]
    done = run_generator_main(onnx_path, root, results, tmp_path / "time.txt")
    assert done.returncode == 0, done.stderr
    found = bin_io.read_outputs(spec, root, results, inputs, 4)
    assert found.shape == (8, 3, 16, 16)
    assert np.abs(found - mindspore_images(run, inputs[0])).max() <= 1e-5


def test_checkpoints_that_do_not_fit_the_description_are_refused(generator_checkpoints, tmp_path):
    nobn_file, bn_config = g_file(generator_checkpoints[True]), generator_checkpoints[False] / "generator_config.json"
    with pytest.raises(ValueError, match="lacks 10 parameter"):
        load_generator(get_config(["--ckpt_path", str(nobn_file), "--config", str(bn_config)]))
    bad = tmp_path / "generator_config.json"
    bad.write_text('{"imageSize": 64, "nz": 100}\n')
    with pytest.raises(ValueError, match=r"holds \['imageSize', 'nz'\]; expected a JSON object with keys imageSize"):
        load_generator(get_config(["--ckpt_path", str(nobn_file), "--config", str(bad)]))


@pytest.mark.slow
def test_a_trained_run_through_onnx_inference_and_run_infer_cpp(tmp_path):
    data = write_lmdb(str(tmp_path / "bedroom_train_lmdb"))
    out = str(tmp_path / "run")
    checked(run_entry("train.py", *tiny_flags(data, out, epochs=1), "--no_bn", "True"))
    checked(run_entry("eval.py", "--output_path", out, *SMALL_EVAL, "--ms_ssim_pairs", "0"))
    checked(run_entry("export.py", "--output_path", out, "--num_images", "4"))
    checked(run_entry("infer_onnx.py", "--output_path", out, "--swd_images", "0", "--ms_ssim_pairs", "0",
                      "--num_images", "6"))
    with Image.open(os.path.join(out, "infer_onnx", "samples.png")) as onnx_grid, \
            Image.open(os.path.join(out, "eval", "samples.png")) as eval_grid:
        assert np.abs(np.asarray(onnx_grid, np.int16) - np.asarray(eval_grid, np.int16)).max() <= 1
    script = run_bash(os.path.join(WGAN_DIR, "scripts", "run_infer_cpp.sh"), os.path.join(out, "export", "WGAN.onnx"),
                      os.path.join(out, "generator_config.json"), "y", "4", "CPU", env={"OUTPUT_PATH": out})
    assert script.returncode == 0, script.stderr[-3000:]
    assert "NN inference cost average time" in script.stdout
    with Image.open(os.path.join(out, "infer_310", "samples.png")) as cpp_grid, \
            Image.open(os.path.join(out, "infer_onnx", "samples.png")) as onnx_grid:
        assert np.abs(np.asarray(cpp_grid, np.int16)[:, :38] - np.asarray(onnx_grid, np.int16)[:, :38]).max() <= 1
    wrong = run_entry("export.py", "--ckpt_path", os.path.join(out, "ckpt", "step_00000002", "D.ckpt"),
                      "--output_path", str(tmp_path))
    lines = error_lines(wrong.stderr)
    assert wrong.returncode == 1 and len(lines) == 1
    assert "holds WGAN.discriminator, expected WGAN.generator" in lines[0]
