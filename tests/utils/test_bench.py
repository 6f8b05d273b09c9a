"""The benchmark harness end to end in quick mode: every runtime measured, table and JSON well formed."""
import json
import math
import subprocess
import sys

import pytest

pytest.importorskip("torch", reason="PyTorch is a benchmark-only dependency (utils/bench/requirements.txt)")

from utils.bench.harness import ZOO_ROOT  # noqa: E402  (after the skip: no torch, no harness test)

RUNTIMES = ("ms-fast", "torch", "onnxruntime", "openvino")


def _positive_finite(value):
    return isinstance(value, float) and math.isfinite(value) and value > 0


def test_quick_benchmark_writes_table_and_json(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "utils.bench", "--quick", "--configs", "ms-fast", "--json", str(out),
         "--workdir", str(tmp_path / "work")],
        cwd=ZOO_ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]

    report = json.loads(out.read_text())
    assert report["settings"]["batch"] == 4 and report["settings"]["rounds"] == 1
    assert report["machine"]["logical_cores"] >= 1 and report["date"]
    runtimes = report["models"]["CGAN"]
    assert tuple(runtimes) == RUNTIMES
    for name, entry in runtimes.items():
        assert _positive_finite(entry["infer_s"]), name
        assert _positive_finite(entry["infer_throughput_vs_torch"]), name
        trains = name not in ("onnxruntime", "openvino")
        assert ("train_step_s" in entry) == trains, name
        if trains:
            assert _positive_finite(entry["train_step_s"]), name
            assert _positive_finite(entry["train_time_vs_torch"]), name
            assert len(entry["train_rounds_s"]) == 1 and len(entry["train_rounds_s"][0]) == 1
    assert runtimes["torch"]["train_time_vs_torch"] == 1.0
    assert runtimes["ms-fast"]["info"]["fast_cells"] > 0
    assert (tmp_path / "work" / "CGAN_generator.onnx").stat().st_size > 0

    table = [line for line in result.stdout.splitlines() if line.startswith("| CGAN")]
    assert [line.split("|")[2].strip() for line in table] == list(RUNTIMES)
