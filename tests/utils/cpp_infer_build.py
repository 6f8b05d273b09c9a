"""utils/cpp_infer built for the tests. The OpenVINO build goes to <zoo>/build/cpp_infer_openvino (ignored by
git) so that every test module, and the next run, reuses it: cmake rebuilds only what changed."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CPP_INFER = REPO / "utils" / "cpp_infer"
OPENVINO_BUILD = REPO / "build" / "cpp_infer_openvino"


def build_cpp_infer(backend, build_dir=OPENVINO_BUILD, extra_env=None):
    """Build infer_bins, generator_main and cpp_infer_unit_tests into ``build_dir``; returns it."""
    env = dict(os.environ, PYTHON=sys.executable, **(extra_env or {}))
    result = subprocess.run(["bash", str(CPP_INFER / "build_infer.sh"), str(CPP_INFER), backend, str(build_dir)],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{backend} build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return Path(build_dir)
