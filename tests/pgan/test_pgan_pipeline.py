"""PGAN evaluation, export and inference (specs/PGAN.md §5–6, §9.16–9.18): the reference's eval command
(img_eval/result.jpg, MS-SSIM by both protocols with the real baseline, SWD), export of the averaged G with
noise and alpha (noise alone at 4×4), ONNX Runtime and OpenVINO C++ parity ≤ 1e-5 at width 16, ONNX
inference equal to eval, wrong checkpoints refused. The metrics themselves are checked against independent
implementations in tests/utils/test_metrics_{ms_ssim,swd}.py."""
import json
import os
import subprocess
import sys

import mindspore as ms
import numpy as np
import onnx
import pytest
from mindspore import Tensor
from PIL import Image

from pgan_fixtures import write_celeba_folder
from PGAN.src.checkpoint import DISCRIMINATOR_TAG, GENERATOR_TAG, load_average_generator
from PGAN.src.config import get_config
from PGAN.src.exporter import export
from PGAN.src.generator_spec import GeneratorConfig, generator_spec
from PGAN.src.model import Discriminator, Generator
from utils.zoo_common import bin_io
from utils.zoo_common.ms_checkpoint import save_network

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "utils"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "biggan"))
from cpp_infer_build import run_generator_main  # noqa: E402
from biggan_fixtures import write_tiny_inception  # noqa: E402

ms.set_context(mode=ms.GRAPH_MODE)
ms.set_device("CPU")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PGAN = os.path.join(ROOT, "PGAN")
DEPTH, LATENT = [16, 16, 16], 16


def run(script, *flags):
    result = subprocess.run([sys.executable, os.path.join(PGAN, script), *flags], capture_output=True, text=True,
                            env=dict(os.environ, PYTHONPATH=ROOT, OMP_NUM_THREADS="2"), cwd=PGAN, timeout=900)
    return result


def checked(result):
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """Averaged-generator files of a width-16 run at 4×4 and 16×16 in the reference's layout, with biases and
    weights moved off their initial values, a D file, and a CelebA-shaped image folder."""
    root = tmp_path_factory.mktemp("pgan_pipeline")
    run_dir = root / "run"
    os.makedirs(run_dir)
    GeneratorConfig((4, 8, 16), tuple(DEPTH), LATENT).write(str(run_dir))
    rng = np.random.default_rng(3)
    files = {}
    for scale, index in ((4, 0), (16, 2)):
        generator = Generator(DEPTH, index, LATENT, seed=index)
        for param in generator.trainable_params():
            param.set_data(Tensor((param.asnumpy() + 0.3 * rng.standard_normal(param.shape)).astype(np.float32)))
        folder = run_dir / "checkpoint" / str(scale)
        os.makedirs(folder)
        files[scale] = str(folder / "AvG_5.ckpt")
        save_network(generator, files[scale], GENERATOR_TAG, extra={"step": 5, "scale": scale})
    files["D"] = str(run_dir / "checkpoint" / "16" / "D_5.ckpt")
    save_network(Discriminator(DEPTH, 2), files["D"], DISCRIMINATOR_TAG, extra={"step": 5, "scale": 16})
    data = write_celeba_folder(str(root / "img_align_celeba"), count=10)
    return run_dir, files, data


def config_for(files, scale, out, *flags):
    return get_config(["--checkpoint_g", files[scale], "--output_path", str(out), *flags])


def test_the_reference_eval_command(checkpoints, tmp_path):
    _, files, data = checkpoints
    result = checked(run("eval.py", f"--checkpoint_g={files[16]}", "--device_target", "CPU", "--device_id=0",
                         "--measure_ms_ssim=True", f"--original_img_dir={data}", "--output_path", str(tmp_path),
                         "--swd_images", "8", "--ms_ssim_pairs", "4", "--eval_batch_size", "16"))
    with Image.open(tmp_path / "img_eval" / "result.jpg") as grid:
        assert grid.size == (128, 128)          # 8×8 tiles of 16 px, no padding
    assert len([n for n in os.listdir(tmp_path / "img_eval") if n.startswith("generated_")]) == 64
    found = {}
    for name in ("swd8", "ms_ssim_fake_pairs4", "ms_ssim_fake_real4", "ms_ssim_real_pairs4"):
        with open(tmp_path / "eval" / f"{name}.json", encoding="utf-8") as handle:
            found[name] = json.load(handle)
        assert f"{name}: " in result.stdout
    assert found["swd8"]["levels_x1e3"].keys() == {"16", "avg"} and found["swd8"]["value"] > 0
    for name in ("ms_ssim_fake_pairs4", "ms_ssim_fake_real4", "ms_ssim_real_pairs4"):
        assert 0 <= found[name]["value"] <= 1 and found[name]["scale"] == 16
    assert "consecutive generated" in found["ms_ssim_fake_pairs4"]["protocol"]
    assert "reference protocol" in found["ms_ssim_fake_real4"]["protocol"]


def test_measure_ms_ssim_false_means_false(checkpoints, tmp_path):
    from PGAN.src.evaluate_mindspore import evaluate_checkpoint
    _, files, _ = checkpoints
    results = evaluate_checkpoint(config_for(files, 16, tmp_path, "--measure_ms_ssim", "False", "--num_images", "4",
                                             "--eval_batch_size", "4"))
    assert results == {} and sorted(os.listdir(tmp_path / "eval")) == ["samples.png"]


def test_fid_with_a_user_supplied_inception_graph(checkpoints, tmp_path):
    """fid12_train: 12 generated images (eval_batch_size 5: batches of 5, 5, 2) vs the folder's 10 images,
    equal to the Fréchet distance of features computed image by image from the written PNGs and the reals."""
    from PGAN.src.evaluate import real_batches
    from PGAN.src.evaluate_mindspore import evaluate_checkpoint
    from utils.zoo_common.metrics.fid_is import activation_statistics, frechet_distance
    from utils.zoo_common.metrics.inception import InceptionNetwork, file_sha256
    _, files, data = checkpoints
    graph = write_tiny_inception(str(tmp_path / "classify_image_graph_def.pb"))
    config = config_for(files, 16, tmp_path, "--inception_pb", graph, "--num_samples", "12", "--num_images", "12",
                        "--original_img_dir", data, "--swd_images", "0", "--eval_batch_size", "5")
    results = evaluate_checkpoint(config)
    assert sorted(results) == ["fid12_train"]
    with open(tmp_path / "eval" / "fid12_train.json", encoding="utf-8") as handle:
        found = json.load(handle)
    assert found["num_samples"] == 12 and found["num_real"] == 10 and found["scale"] == 16
    assert found["inception_sha256"] == file_sha256(graph) and "Inception pool_3" in found["protocol"]
    network = InceptionNetwork(graph)
    def features(images):   # uint8 HWC, one at a time
        return np.concatenate([network.run(image[None], 1)[0] for image in images])
    fakes = [np.asarray(Image.open(tmp_path / "img_eval" / f"generated_{i:05d}.png")) for i in range(12)]
    reals = np.concatenate([batch for batch, _ in zip(real_batches(config, 16, 5), range(2))]).transpose(0, 2, 3, 1)
    assert len({image.tobytes() for image in reals}) == 10     # each training image once
    expected = frechet_distance(*activation_statistics(features(fakes)), *activation_statistics(features(reals)))
    network.close()
    assert found["value"] == pytest.approx(expected, rel=1e-4) and expected > 0


def test_fid_without_training_images_is_refused_before_any_work(checkpoints, tmp_path):
    from PGAN.src.evaluate_mindspore import evaluate_checkpoint
    _, files, _ = checkpoints
    with pytest.raises(ValueError, match=r"FID \(inception_pb\) compares with the training images"):
        evaluate_checkpoint(config_for(files, 16, tmp_path / "out", "--inception_pb", str(tmp_path / "g.pb")))
    assert not os.path.exists(tmp_path / "out")


@pytest.fixture(scope="module")
def exported(checkpoints, tmp_path_factory):
    _, files, _ = checkpoints
    out = tmp_path_factory.mktemp("pgan_export")
    made = {}
    for scale in (4, 16):
        config = config_for(files, scale, out / str(scale), "--num_images", "4", "--file_format", "ONNX")
        made[scale] = export(config)
    return out, made


def test_export_declares_noise_and_alpha_with_onnx_runtime_parity(exported):
    _, made = exported
    for scale, inputs in ((16, [("noise", [4, 16]), ("alpha", [4, 1])]), (4, [("noise", [4, 16])])):
        written, found_scale = made[scale]
        path, parity = written["ONNX"]
        assert found_scale == scale and parity <= 1e-5
        model = onnx.load(path)
        assert [(i.name, [d.dim_value for d in i.type.tensor_type.shape.dim]) for i in model.graph.input] == inputs
        assert [d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim] == [4, 3, scale, scale]
        assert model.graph.output[0].name == "image"


def test_onnx_inference_equals_eval(checkpoints, exported, tmp_path):
    from utils.zoo_common.image_grid import to_uint8
    run_dir, files, _ = checkpoints
    _, made = exported
    onnx_path = made[16][0]["ONNX"][0]
    checked(run("infer_onnx.py", "--onnx_path", onnx_path, "--output_path", str(tmp_path),
                "--generator_config", str(run_dir / "generator_config.json"), "--num_images", "8"))
    config = config_for(files, 16, tmp_path)
    generator, _, description, _ = load_average_generator(config)
    noise, alpha = generator_spec(description, 16).sample(8, config.eval_seed)
    expected = to_uint8(generator(Tensor(noise), Tensor(alpha)).asnumpy(), (-1.0, 1.0))
    for index in range(8):
        with Image.open(tmp_path / "infer_onnx" / f"generated_{index:05d}.png") as found:
            image = np.asarray(found, np.int16)
            assert np.abs(image - expected[index].transpose(1, 2, 0)).max() <= 1


def test_openvino_cpp_equals_mindspore(checkpoints, exported, tmp_path):
    run_dir, files, _ = checkpoints
    _, made = exported
    onnx_path = made[16][0]["ONNX"][0]
    spec = generator_spec(GeneratorConfig.read(str(run_dir / "generator_config.json")), 16, alpha=0.25)
    root, results = bin_io.infer_310_folders(str(tmp_path))
    inputs = spec.sample(8, 3)
    assert bin_io.write_inputs(spec, root, inputs, 4) == ["pgan_bs4_00000.bin", "pgan_bs4_00001.bin"]
    assert sorted(os.listdir(root)) == ["alpha", "generator_spec.txt", "noise"]
    done = run_generator_main(onnx_path, root, results, tmp_path / "time.txt")
    assert done.returncode == 0, done.stderr
    found = bin_io.read_outputs(spec, root, results, inputs, 4)
    generator, _, _, _ = load_average_generator(config_for(files, 16, tmp_path))
    expected = generator(Tensor(inputs[0]), Tensor(inputs[1])).asnumpy()
    assert found.shape == (8, 3, 16, 16)
    assert np.abs(found - expected).max() <= 1e-5


def test_wrong_checkpoints_are_refused(checkpoints, tmp_path):
    _, files, _ = checkpoints
    result = run("eval.py", "--checkpoint_g", files["D"], "--output_path", str(tmp_path))
    assert result.returncode == 1 and "holds PGAN.discriminator, expected PGAN.generator" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    with pytest.raises(ValueError, match="holds the 16×16 generator, but eval_scale is 8"):
        export(config_for(files, 16, tmp_path, "--eval_scale", "8"))


@pytest.mark.slow
def test_the_reference_infer_310_command_on_openvino(checkpoints, exported, tmp_path):
    """bash run_infer_310.sh PGAN.onnx y 4: preprocess.py -> ascend310_infer/out/main (OpenVINO) ->
    postprocess.py, images equal to MindSpore's within one grey level."""
    from utils.zoo_common.image_grid import to_uint8
    run_dir, files, _ = checkpoints
    _, made = exported
    onnx_path = made[16][0]["ONNX"][0]
    result = subprocess.run(["bash", os.path.join(PGAN, "scripts", "run_infer_310.sh"), onnx_path, "y", "4",
                             "--generator_config", str(run_dir / "generator_config.json")], capture_output=True,
                            text=True, env=dict(os.environ, PYTHON=sys.executable, PYTHONPATH=ROOT,
                                                OUTPUT_PATH=str(tmp_path)), cwd=str(tmp_path), timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    work = tmp_path / "infer_310"
    assert {"preprocess_Result", "result_Files", "time_Result", "result.jpg"} <= set(os.listdir(work))
    generator, _, description, _ = load_average_generator(config_for(files, 16, tmp_path))
    noise, alpha = generator_spec(description, 16).sample(4, 2017)
    expected = to_uint8(generator(Tensor(noise), Tensor(alpha)).asnumpy(), (-1.0, 1.0))
    for index in range(4):
        with Image.open(work / f"generated_{index:05d}.png") as found:
            assert np.abs(np.asarray(found, np.int16) - expected[index].transpose(1, 2, 0)).max() <= 1
