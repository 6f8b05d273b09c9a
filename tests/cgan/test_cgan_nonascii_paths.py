"""CGAN in folders whose names have spaces and non-ASCII characters (issue 11): checkpoint save and load,
export.py (MINDIR and ONNX; mindspore.export itself rejects such names), eval.py and infer_onnx.py."""
import json
import os

import numpy as np

from conftest import ZOO_ROOT, run_python, write_mnist_folder

CGAN = os.path.join(ZOO_ROOT, "CGAN")
SIZES = ["--validation_size", "40", "--num_samples", "40", "--eval_batch_size", "20"]


def test_checkpoint_export_and_evaluation_in_a_non_ascii_folder(tmp_path):
    import mindspore as ms
    from CGAN.src.checkpoint import GENERATOR_TAG
    from CGAN.src.model import Generator
    from utils.zoo_common.ms_checkpoint import read_checkpoint, save_params

    run_dir = tmp_path / "dätä dir" / "cgan out ü"
    data = write_mnist_folder(str(tmp_path / "mnist ß"))
    ms.set_seed(9)
    weights = {p.name: p for p in Generator().get_parameters()}
    ckpt = str(run_dir / "G ü 1.ckpt")
    os.makedirs(run_dir)
    save_params(weights, ckpt, GENERATOR_TAG)
    loaded = read_checkpoint(ckpt)
    assert all(np.array_equal(loaded[name].asnumpy(), value.asnumpy()) for name, value in weights.items())

    exported = run_python(os.path.join(CGAN, "export.py"), "--ckpt_path", ckpt, "--output_path", run_dir, *SIZES)
    assert exported.returncode == 0, exported.stderr[-2000:]
    assert sorted(os.listdir(run_dir / "export")) == ["CGAN.mindir", "CGAN.onnx"]
    assert "exported ONNX: " in exported.stdout and "max abs diff" in exported.stdout

    results = {}
    for script, extra in (("eval.py", ["--ckpt_path", ckpt]), ("infer_onnx.py", [])):
        done = run_python(os.path.join(CGAN, script), *extra, "--data_path", data, "--output_path", run_dir, *SIZES)
        assert done.returncode == 0, done.stderr[-2000:]
        folder = run_dir / ("eval" if script == "eval.py" else "infer_onnx")
        assert (folder / "samples.png").is_file()
        results[script] = json.loads((folder / "parzen_test40.json").read_text(encoding="utf-8"))
    assert results["infer_onnx.py"]["sigma"] == results["eval.py"]["sigma"]
    assert abs(results["infer_onnx.py"]["mean"] - results["eval.py"]["mean"]) <= 1e-3
