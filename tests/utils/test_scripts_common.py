"""utils/scripts/common.sh, the bodies of every model's scripts: argument checks, printed commands, failures."""
import os
import shlex
import subprocess

import pytest

from conftest import ZOO_ROOT

COMMON = os.path.join(ZOO_ROOT, "utils", "scripts", "common.sh")


def bash(code, *args, env=None, cwd=None):
    """Run ``code`` after sourcing common.sh as a script would (USAGE set), with ``args`` as $1..."""
    program = f'USAGE="bash demo.sh [A] [B]"\nsource {shlex.quote(COMMON)}\n{code}'
    return subprocess.run(["bash", "-c", program, "demo.sh", *map(str, args)], capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), cwd=cwd, timeout=120)


@pytest.mark.parametrize("names, args, message", [
    ("A", [], "expected A"),
    ("A B", ["x"], "expected A and B"),
    ("A B C", ["x", "--flag", "y"], "expected A, B and C"),
])
def test_expect_args_names_what_is_missing(names, args, message):
    result = bash(f'expect_args {len(names.split())} "{names}" "$@"; echo reached', *args)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == ["usage: bash demo.sh [A] [B]", f"error: {message}"]


def test_expect_args_help_and_success():
    assert bash('expect_args 2 "A B" "$@"; echo reached', "--help").stdout == "usage: bash demo.sh [A] [B]\n"
    assert bash('expect_args 2 "A B" "$@"; echo reached', "a", "b", "--flag").stdout == "reached\n"


def test_printed_commands_are_exact_shell_words(tmp_path):
    words = ["/bin/echo", "a b", "it's", "", "--x=1,2", "dätä dir/ü", "$HOME", "*"]
    result = bash('run_step "$@"', *words, env={"DRY_RUN": "1"}, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("running: ")
    assert shlex.split(result.stdout[len("running: "):]) == words
    assert bash('run_step "$@"', *words).stdout.splitlines()[1] == " ".join(words[1:])  # and it runs


def test_run_step_returns_the_status_and_dry_run_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    assert bash(f'run_step touch {marker}', env={"DRY_RUN": "1"}).returncode == 0 and not marker.exists()
    assert bash(f'run_step VAR=1 touch {marker}').returncode == 0 and marker.exists()
    assert bash('run_step false || echo "status $?"').stdout.splitlines()[-1] == "status 1"


def test_run_captured_keeps_the_output_and_names_the_log_on_failure(tmp_path):
    log = tmp_path / "logs" / "build.log"
    result = bash(f'run_captured {log} bash -c "echo compiling; echo broken header >&2; exit 3"; echo after')
    assert result.returncode == 3 and "after" not in result.stdout
    assert result.stderr == f"error: bash failed (exit 3), see {log}: broken header\n"
    assert log.read_text() == "compiling\nbroken header\n"


def test_worker_errors_are_reported_once_with_their_log(tmp_path):
    logs = []
    for rank, text in enumerate(["[WARNING] noise\nprogress\n", "progress\nerror: loss is not finite\n"]):
        logs.append(tmp_path / f"worker_{rank}.log")
        logs[-1].write_text(text)
    result = bash('fail_with_worker_error 1 "$@"', *logs)
    assert result.returncode == 1 and result.stderr == f"error: loss is not finite ({logs[1]})\n"
    result = bash('fail_with_worker_error 2 "$@"', logs[0])
    assert result.returncode == 2 and result.stderr.startswith("error: a worker failed (exit 2); see ")


def test_data_path_keywords_and_folders(tmp_path):
    assert bash('DATA_KEYWORDS=(embedded); resolve_data_path embedded; echo "$DATA_PATH"').stdout == "embedded\n"
    assert bash('DATA_KEYWORDS=(); resolve_data_path data; echo "$DATA_PATH"', cwd=tmp_path).stderr.endswith(
        f"error: DATA_PATH '{tmp_path / 'data'}' is not a directory\n")
    (tmp_path / "data").mkdir()
    assert bash('DATA_KEYWORDS=(); resolve_data_path data; echo "$DATA_PATH"', cwd=tmp_path).stdout == \
        f"{tmp_path / 'data'}\n"


@pytest.mark.parametrize("runtime", [True, False])
def test_ms_lite_home_stands_for_mindspore_path(tmp_path, runtime):
    """The MindSpore Lite guide's MS_LITE_HOME: its runtime/ (or itself) becomes MINDSPORE_PATH."""
    home = tmp_path / "mindspore-lite-2.0.0-linux-x64"
    (home / "runtime" if runtime else home).mkdir(parents=True)
    result = subprocess.run(["bash", os.path.join(ZOO_ROOT, "utils", "cpp_infer", "build_infer.sh"),
                             os.path.join(ZOO_ROOT, "CGAN", "ascend310_infer"), "mindspore", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in dict(os.environ, MS_LITE_HOME=str(home)).items()
                                 if k != "MINDSPORE_PATH"})
    expected = home / "runtime" if runtime else home
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: no MindSpore C++ API at MINDSPORE_PATH='{expected}'")
