"""CGAN in folders whose names have spaces and non-ASCII characters (issue 11): training and checkpoints,
export.py (MINDIR and ONNX; mindspore.export itself rejects such names), eval.py and infer_onnx.py. (Resuming
in such folders: the contract suite, tests/contract.)"""
import json
import os

from conftest import ZOO_ROOT, run_python, write_mnist_folder

CGAN = os.path.join(ZOO_ROOT, "CGAN")
TRAIN = ["--batch_size", "8", "--validation_size", "40", "--log_interval", "5", "--seed", "3"]
SIZES = ["--validation_size", "40", "--num_samples", "40", "--eval_batch_size", "20"]


def test_training_export_and_evaluation_in_a_non_ascii_folder(tmp_path):
    run_dir = tmp_path / "dätä dir" / "cgan out ü"
    data = write_mnist_folder(str(tmp_path / "mnist ß"))
    trained = run_python(os.path.join(CGAN, "train.py"), "--data_path", data, "--output_path", run_dir,
                         "--epochs", "2", "--save_interval", "1", *TRAIN)
    assert trained.returncode == 0, trained.stderr[-2000:]
    assert (run_dir / "ckpt" / "step_00000015" / "G.ckpt").is_file()
    assert (run_dir / "ckpt" / "step_00000030" / "G.ckpt").is_file()
    assert (run_dir / "ckpt" / "step_00000030" / "G_ema.ckpt").is_file()

    exported = run_python(os.path.join(CGAN, "export.py"), "--output_path", run_dir, *SIZES)
    assert exported.returncode == 0, exported.stderr[-2000:]
    assert sorted(os.listdir(run_dir / "export")) == ["CGAN.mindir", "CGAN.onnx"]
    assert "exported ONNX: " in exported.stdout and "max abs diff" in exported.stdout

    results = {}
    for script, folder in (("eval.py", "eval"), ("infer_onnx.py", "infer_onnx")):
        done = run_python(os.path.join(CGAN, script), "--data_path", data, "--output_path", run_dir, *SIZES)
        assert done.returncode == 0, done.stderr[-2000:]
        assert (run_dir / folder / "samples.png").is_file()
        results[script] = json.loads((run_dir / folder / "parzen_test40.json").read_text(encoding="utf-8"))
    assert results["eval.py"]["generator"].endswith(os.path.join("step_00000030", "G_ema.ckpt"))
    assert results["infer_onnx.py"]["sigma"] == results["eval.py"]["sigma"]
    assert abs(results["infer_onnx.py"]["mean"] - results["eval.py"]["mean"]) <= 1e-3
