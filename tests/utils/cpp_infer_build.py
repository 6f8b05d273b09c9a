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


def run_generator_main(model_path, spec_root, results, time_file):
    """The OpenVINO generator_main on the .bin inputs and generator_spec.txt that bin_io wrote into ``spec_root``;
    returns the finished process (text output), whatever its exit status."""
    from utils.zoo_common.bin_io import SPEC_FILE
    main = build_cpp_infer("openvino") / "generator_main"
    return subprocess.run([str(main), "--model_path", str(model_path), "--spec_file", os.path.join(spec_root, SPEC_FILE),
                           "--result_path", str(results), "--time_file", str(time_file)],
                          capture_output=True, text=True, check=False)
