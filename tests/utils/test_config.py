"""utils/zoo_common/config.py: ranges declared on the YAML lines, flag aliases, argparse errors as one line."""
import os
import subprocess
import sys

import pytest
import yaml

from conftest import ZOO_ROOT
from utils.zoo_common.config import load_config, read_key_comments, read_ranges, save_config

DEFAULTS = """\
device_target: CPU        # CPU | GPU | Ascend: where it runs
seed: 0                   # [0, 4294967295] seeds everything
batch_size: 64            # [1, inf) images per step
lr: 0.0002                # (0, inf) learning rate
beta1: 0.5                # [0, 1) Adam beta1
no_bn: false              # generator without batch normalisation
ckpt_path: null           # generator checkpoint; null: the newest
sweep: [0.5, 1.0]         # [0, inf) truncation thresholds
name: run                 # free text
"""
CHOICES = {"device_target": ("CPU", "GPU", "Ascend")}
ALIASES = {"G_ckpt_path": "ckpt_path", "ckpt_dir": "ckpt_path", "batchSize": "batch_size", "b": "batch_size",
           "noBN": "no_bn"}


@pytest.fixture()
def defaults(tmp_path):
    path = tmp_path / "default_config.yaml"
    path.write_text(DEFAULTS, encoding="utf-8")
    return str(path)


def load(defaults, *argv):
    return load_config(defaults, list(argv), "test", CHOICES, ALIASES)


def test_defaults_load_and_flags_override(defaults):
    config = load(defaults, "--batch_size", "8", "--lr=1e-3", "--sweep", "[0, 2]")
    assert (config.batch_size, config.lr, config.sweep, config.ckpt_path) == (8, 1e-3, [0, 2], None)


@pytest.mark.parametrize("argv, message", [
    (["--batch_size", "1.5"], "argument --batch_size/--batchSize/-b: invalid int value: '1.5'"),
    (["--device_target", "TPU"], "argument --device_target: invalid choice: 'TPU'"),
    (["--batch_size", "abc"], "invalid int value: 'abc'"),
    (["--no_bn", "maybe"], "argument --no_bn/--noBN: expected true or false, got 'maybe'"),
    (["--unknown", "1"], "unrecognized arguments: --unknown 1 ("),
    (["--batch", "8"], "unrecognized arguments: --batch 8"),  # no silent abbreviations
    (["--b", "8"], "unrecognized arguments: --b 8"),
    (["--batch_size"], "argument --batch_size/--batchSize/-b: expected one argument"),
])
def test_argparse_errors_are_one_line_value_errors(defaults, argv, message):
    with pytest.raises(ValueError) as info:
        load(defaults, *argv)
    assert message in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("argv, message", [
    (["--seed", "-1"], "--seed must be in [0, 4294967295], got -1"),
    (["--seed", "4294967296"], "--seed must be in [0, 4294967295], got 4294967296"),
    (["--lr", "0"], "--lr must be in (0, inf), got 0.0"),
    (["--lr", "-0.1"], "--lr must be in (0, inf), got -0.1"),
    (["--lr", "nan"], "--lr must be in (0, inf), got nan"),
    (["--beta1", "1"], "--beta1 must be in [0, 1), got 1.0"),
    (["-b", "0"], "-b must be in [1, inf), got 0"),
    (["--batchSize", "0"], "--batchSize must be in [1, inf), got 0"),
    (["--sweep", "[1, -2]"], "--sweep must be in [0, inf), got [1, -2]"),
    (["--sweep", "[1, x]"], "--sweep must be in [0, inf), got [1, 'x']"),
])
def test_values_out_of_their_declared_range_name_the_flag(defaults, argv, message):
    with pytest.raises(ValueError) as info:
        load(defaults, *argv)
    assert str(info.value) == message


def test_bounds_themselves(defaults):
    assert load(defaults, "--seed", "0", "--beta1", "0", "--lr", "1e-12").seed == 0
    assert load(defaults, "--seed", "4294967295").seed == 4294967295


def test_config_files_are_checked_like_flags(defaults, tmp_path):
    override = tmp_path / "override.yaml"
    override.write_text("batch_size: 0\n")
    with pytest.raises(ValueError, match=r"config file '.*override.yaml': batch_size must be in \[1, inf\), got 0$"):
        load(defaults, "--config_path", str(override))
    override.write_text("lr: 1e-4\nG_ckpt_path: g.ckpt\nnoBN: True\n")  # YAML reads 1e-4 as a string
    config = load(defaults, "--config_path", str(override))
    assert (config.lr, config.ckpt_path, config.no_bn) == (1e-4, "g.ckpt", True)
    override.write_text("lr: fast\n")
    with pytest.raises(ValueError, match="lr must be float, got 'fast'"):
        load(defaults, "--config_path", str(override))
    override.write_text("learning_rate: 0.1\n")
    with pytest.raises(ValueError, match="unknown key 'learning_rate'"):
        load(defaults, "--config_path", str(override))
    override.write_text("batch_size: 16\n")
    assert load(defaults, "--config_path", str(override), "--batch_size", "4").batch_size == 4


def test_defaults_are_checked_too(tmp_path):
    path = tmp_path / "default_config.yaml"
    path.write_text("keep: -1  # [0, inf) checkpoints kept\n")
    with pytest.raises(ValueError, match=r"default config '.*': keep must be in \[0, inf\), got -1"):
        load_config(str(path), [])
    path.write_text("keep: 1  # [0, many) checkpoints kept\n")
    with pytest.raises(ValueError, match=r"key 'keep': '\[0, many\) checkpoints kept' is not an interval"):
        load_config(str(path), [])


def test_aliases_and_the_spelling_that_set_a_key(defaults):
    for flag in ("--ckpt_path", "--G_ckpt_path", "--ckpt_dir"):
        config = load(defaults, flag, "G_50.ckpt")
        assert config.ckpt_path == "G_50.ckpt" and config.given_as("ckpt_path") == flag
    assert load(defaults, "--ckpt_dir=G.ckpt").given_as("ckpt_path") == "--ckpt_dir"
    assert load(defaults).given_as("ckpt_path") is None
    assert "_flags" not in load(defaults, "--ckpt_dir", "x").to_dict()
    with pytest.raises(ValueError, match="alias 'lrD' must name a config key"):
        load_config(defaults, [], aliases={"lrD": "lr_d"})


@pytest.mark.parametrize("argv, value", [
    (["--noBN", "True"], True), (["--noBN", "False"], False), (["--noBN"], True), (["--no_bn", "yes"], True),
    (["--noBN", "--batchSize", "32"], True),
])
def test_boolean_literals_of_the_references(defaults, argv, value):
    assert load(defaults, *argv).no_bn is value


def test_saved_config_holds_the_keys_only(defaults, tmp_path):
    path = tmp_path / "config.yaml"
    save_config(load(defaults, "--G_ckpt_path", "g.ckpt"), str(path))
    saved = yaml.safe_load(path.read_text())
    assert list(saved) == list(yaml.safe_load(DEFAULTS)) and saved["ckpt_path"] == "g.ckpt"


@pytest.mark.parametrize("model", ["CGAN", "BigGAN"])
def test_every_number_of_every_model_has_a_declared_range(model):
    path = os.path.join(ZOO_ROOT, model, "default_config.yaml")
    defaults = yaml.safe_load(open(path, encoding="utf-8"))
    ranges = read_ranges(read_key_comments(path), path)
    numeric = [key for key, value in defaults.items() if isinstance(value, (int, float, list))
               and not isinstance(value, bool) and key != "resolution"]  # resolution: a choice
    assert [key for key in numeric if key not in ranges] == []
    load_config(path, [])  # the defaults lie in their ranges


@pytest.mark.parametrize("argv, message", [
    (["--seed", "-1"], "--seed must be in [0, 4294967295], got -1"),
    (["--keep_checkpoint_max", "-1"], "--keep_checkpoint_max must be in [0, inf), got -1"),
    (["--batch_size", "0"], "--batch_size must be in [1, inf), got 0"),
])
@pytest.mark.parametrize("model", ["CGAN", "BigGAN"])
def test_the_issue_cases_in_both_models(model, argv, message):
    with pytest.raises(ValueError) as info:
        load_config(os.path.join(ZOO_ROOT, model, "default_config.yaml"), argv)
    assert str(info.value) == message


def test_cgan_learning_rate_and_reference_flags():
    from CGAN.src.config import get_config
    with pytest.raises(ValueError, match=r"^--lr must be in \[0, inf\), got -0.001$"):
        get_config(["--lr", "-0.001"])
    config = get_config(["--G_ckpt_path", "G_50.ckpt", "--epoch_size", "3"])
    assert (config.ckpt_path, config.epochs) == ("G_50.ckpt", 3)
    with pytest.raises(ValueError, match="multiple of 10"):
        get_config(["--num_samples", "15"])


def test_cgan_export_folder_follows_the_way_it_is_called():
    from CGAN.src.config import get_config
    assert get_config(["--ckpt_dir", "G.ckpt"]).export_dir == "."  # the reference's call
    assert get_config(["--ckpt_dir", "G.ckpt", "--output_path", "run"]).export_dir == os.path.join("run", "export")
    assert get_config(["--ckpt_path", "G.ckpt"]).export_dir == os.path.join(".", "output", "export")
    assert get_config(["--ckpt_dir", "G.ckpt", "--export_dir", "x"]).export_dir == "x"


def test_help_lists_ranges_and_aliases_and_exits_0():
    result = subprocess.run([sys.executable, os.path.join(ZOO_ROOT, "CGAN", "train.py"), "--help"],
                            capture_output=True, text=True, timeout=120, env=dict(os.environ, COLUMNS="400"))
    assert result.returncode == 0 and result.stderr == ""
    assert "--ckpt_path CKPT_PATH, --G_ckpt_path CKPT_PATH, --ckpt_dir CKPT_PATH" in result.stdout
    assert "[1, inf) images per step and per worker (default: 128)" in result.stdout
