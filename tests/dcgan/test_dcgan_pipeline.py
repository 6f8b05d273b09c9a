"""DCGAN end to end on a real-photo image folder: a short run, eval (grids, the SVM protocol), export of G and
of the D features with ONNX Runtime parity, ONNX inference equal to eval, the reference's export command."""
import json
import os

import numpy as np
import pytest
from PIL import Image

from conftest import ZOO_ROOT, error_lines, run_python
from dcgan_fixtures import tiny_flags, write_image_folder

DCGAN_DIR = os.path.join(ZOO_ROOT, "DCGAN")
TINY = ["--ngf", "8", "--ndf", "8"]


def run_entry(name, *flags):
    return run_python(os.path.join(DCGAN_DIR, name), *flags, cwd=DCGAN_DIR)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("dcgan")
    data = write_image_folder(str(root / "data"), count=8)
    for split in ("train", "test"):  # labelled data for the SVM: the photo crops and their negatives
        for index, path in enumerate(sorted(os.listdir(os.path.join(data, "n00")))[:3]):
            with Image.open(os.path.join(data, "n00", path)) as image:
                for label, picture in (("plain", image.convert("RGB")),
                                       ("negative", Image.eval(image.convert("RGB"), lambda v: 255 - v))):
                    folder = root / "labelled" / split / label
                    folder.mkdir(parents=True, exist_ok=True)
                    picture.save(folder / f"{index}.png")
    out = str(root / "run")
    result = run_entry("train.py", *tiny_flags(data, out, epochs=2))
    assert result.returncode == 0, result.stderr[-3000:]
    return data, str(root / "labelled"), out


def test_eval_writes_the_grids_and_the_svm_result(trained):
    data, labelled, out = trained
    result = run_entry("eval.py", "--output_path", out, "--data_path", data, *TINY, "--eval_batch_size", "4",
                       "--svm_data_path", labelled, "--svm_baselines", "true")
    assert result.returncode == 0, result.stderr[-3000:]
    with Image.open(os.path.join(out, "eval", "generate.png")) as grid:
        assert grid.size == (4 * 34 + 2, 4 * 34 + 2) and grid.mode == "RGB"
    with Image.open(os.path.join(out, "eval", "samples.png")) as grid:
        assert grid.size == (8 * 34 + 2, 8 * 34 + 2)
    with open(os.path.join(out, "eval", "svm_linear_labelled.json")) as handle:
        svm = json.load(handle)
    assert svm["train_images"] == 6 and svm["test_images"] == 6
    assert set(svm["runs"]) == {"d_features", "raw_pixels", "untrained_d"}
    assert svm["runs"]["d_features"]["features"] == 1792
    assert svm["runs"]["raw_pixels"]["accuracy"] == 1.0  # a photo and its negative


def test_export_g_by_the_reference_command_and_d_features_with_onnx_parity_and_onnx_inference_equal_to_eval(trained):
    """G through the reference's export command (--ckpt_file, --device_target), the D features by --net."""
    data, _, out = trained
    g_file = os.path.join(out, "ckpt", "step_00000004", "G.ckpt")
    for flags in (["--ckpt_file", g_file, "--device_target", "CPU"], ["--net", "D_features"]):
        result = run_entry("export.py", *flags, "--output_path", out, *TINY, "--eval_batch_size", "4",
                           "--file_format", "ALL")
        assert result.returncode == 0, result.stderr[-3000:]
        diffs = [float(line.rsplit(" ", 1)[-1].rstrip(")")) for line in result.stdout.splitlines() if "ONNX Runtime" in line]
        assert len(diffs) == 1 and diffs[0] <= 1e-5, result.stdout
    for name in ("dcgan.mindir", "dcgan.onnx", "dcgan_d_features.mindir", "dcgan_d_features.onnx"):
        assert os.path.getsize(os.path.join(out, "export", name)) > 0, name
    import onnx
    features = onnx.load(os.path.join(out, "export", "dcgan_d_features.onnx"))
    dims = [d.dim_value for d in features.graph.output[0].type.tensor_type.shape.dim]
    assert dims == [4, 1792]
    result = run_entry("infer_onnx.py", "--output_path", out, "--eval_batch_size", "4", *TINY)
    assert result.returncode == 0, result.stderr[-3000:]
    with Image.open(os.path.join(out, "infer_onnx", "samples.png")) as onnx_grid, \
            Image.open(os.path.join(out, "eval", "samples.png")) as eval_grid:
        difference = np.abs(np.asarray(onnx_grid, np.int16) - np.asarray(eval_grid, np.int16))
    assert difference.max() <= 1


def test_a_discriminator_checkpoint_given_for_g_is_one_error_line(trained, tmp_path):
    _, _, out = trained
    d_file = os.path.join(out, "ckpt", "step_00000004", "D.ckpt")
    result = run_entry("export.py", "--ckpt_path", d_file, *TINY, "--output_path", str(tmp_path))
    lines = error_lines(result.stderr)
    assert result.returncode == 1 and len(lines) == 1 and "holds DCGAN.discriminator, expected DCGAN.generator" in lines[0]
