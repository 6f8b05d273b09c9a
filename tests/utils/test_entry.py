"""utils/zoo_common/entry.py: every entry point ends bad input with one `error:` line and exit 1."""
import os
import subprocess
import sys

import pytest

from conftest import ZOO_ROOT
from utils.zoo_common.entry import error_message, run_main

# What TensorFlow 2.21 raises when Saver.restore reads a truncated model.data file (recorded verbatim).
TF_GRAPH_ERROR = ("Graph execution error:\n\nDetected at node 'save/RestoreV2' defined at (most recent call last):\n"
                  "    File \"<stdin>\", line 5, in <module>\nNode: 'save/RestoreV2'\n"
                  "Read less bytes than requested\n\t [[{{node save/RestoreV2}}]]\n\n"
                  "Original stack trace for 'save/RestoreV2':\n  File \"<stdin>\", line 5, in <module>\n")
# What MindSpore 2.10 raises for a negative seed: the reason, then its C++ call stack.
MS_SEED_ERROR = ("For 'global_seed', the 'seed' must be int and must >= 0, but got '-1' with type 'int'.\n\n"
                 "----------------------------------------------------\n- C++ Call Stack: (For framework developers)\n"
                 "----------------------------------------------------\nmindspore/core/utils/check_convert_utils.cc:1")


class FrameworkError(Exception):
    """Stands for a framework's bad-input error class (BigGAN passes tf.errors.OpError)."""


@pytest.mark.parametrize("message, line", [
    (TF_GRAPH_ERROR, "Read less bytes than requested"),
    (MS_SEED_ERROR, "For 'global_seed', the 'seed' must be int and must >= 0, but got '-1' with type 'int'."),
    ("checkpoint 'x.ckpt' holds CGAN.discriminator, expected CGAN.generator", None),
    ("Heading only:\n  at somewhere", "Heading only:"),
    ("", "FrameworkError"),
])
def test_the_first_meaningful_line(message, line):
    assert error_message(FrameworkError(message)) == (line or message)


@pytest.mark.parametrize("error, errors, line", [
    (ValueError("--batch_size must be in [1, inf), got 0"), (), "error: --batch_size must be in [1, inf), got 0"),
    (FileNotFoundError(2, "No such file or directory", "/no/G.ckpt"), (),
     "error: [Errno 2] No such file or directory: '/no/G.ckpt'"),
    (FrameworkError(TF_GRAPH_ERROR), (FrameworkError,), "error: Read less bytes than requested"),
])
def test_bad_input_is_one_line_and_exit_1(error, errors, line, capsys):
    def main(argv):
        assert argv == ["--x"]
        raise error
    with pytest.raises(SystemExit) as info:
        run_main(main, ["--x"], lambda: errors)
    assert info.value.code == 1
    captured = capsys.readouterr()
    assert captured.err == line + "\n" and captured.out == ""


def test_bugs_keep_their_traceback_and_success_returns():
    def broken(argv):
        raise TypeError("a bug")
    with pytest.raises(TypeError):
        run_main(broken)
    def framework_failure(argv):
        raise FrameworkError("not declared as bad input by the model")
    with pytest.raises(FrameworkError):
        run_main(framework_failure)
    calls = []
    run_main(calls.append, ["a"])
    assert calls == [["a"]]


def test_ctrl_c_is_one_line(capsys):
    def interrupted(argv):
        raise KeyboardInterrupt
    with pytest.raises(SystemExit) as info:
        run_main(interrupted)
    assert info.value.code == 130 and capsys.readouterr().err == "error: interrupted\n"


# BigGAN's entry points parse their flags before TensorFlow loads: a bad flag fails at once, without TF's log lines.
ENTRY_POINTS = sorted(f"{model}/{name}" for model in ("CGAN", "BigGAN")
                      for name in os.listdir(os.path.join(ZOO_ROOT, model))
                      if name.endswith(".py") and name != "__init__.py")


@pytest.mark.parametrize("flags, line", [
    (["--batch_size", "1.5"], "error: argument --batch_size: invalid int value: '1.5'"),
    (["--device_target", "TPU"], "error: argument --device_target: invalid choice: 'TPU' (choose from 'CPU', 'GPU', 'Ascend')"),
    (["--epochs", "abc"], "error: argument --epochs/--epoch_size: invalid int value: 'abc'"),
    (["--seed", "-1"], "error: --seed must be in [0, 4294967295], got -1"),
    (["--keep_checkpoint_max", "-1"], "error: --keep_checkpoint_max must be in [0, inf), got -1"),
])
def test_cgan_train_rejects_bad_flags_in_one_line(flags, line):
    result = subprocess.run([sys.executable, os.path.join(ZOO_ROOT, "CGAN", "train.py"), *flags],
                            capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stderr, result.stdout) == (1, line + "\n", "")


@pytest.mark.parametrize("script", ENTRY_POINTS)
def test_entry_points_use_the_error_path(script):
    result = subprocess.run([sys.executable, os.path.join(ZOO_ROOT, script), "--no_such_flag"],
                            capture_output=True, text=True, timeout=300)
    name = os.path.basename(script)
    assert (result.returncode, result.stderr) == (
        1, f"error: unrecognized arguments: --no_such_flag ({name} --help lists the flags)\n")
