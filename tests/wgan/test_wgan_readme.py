"""WGAN/README.md documents the code as it is: every script with its usage line as the script prints it, every key
of default_config.yaml in the options table, every reference flag alias of src/config.py."""
import os
import re

from WGAN.src.config import ALIASES

WGAN_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "WGAN")
SCRIPTS = os.path.join(WGAN_DIR, "scripts")
# The reference's training flags (upstream src/args.py) that the issue lists, all accepted here.
REFERENCE_TRAIN_FLAGS = ("dataset", "dataroot", "batchSize", "imageSize", "nc", "nz", "ngf", "ndf", "niter", "lrD",
                         "lrG", "netG", "netD", "clamp_lower", "clamp_upper", "Diters", "noBN", "n_extra_layers",
                         "experiment", "adam")


def _readme():
    with open(os.path.join(WGAN_DIR, "README.md"), encoding="utf-8") as handle:
        return handle.read()


def _usage(script):
    with open(os.path.join(SCRIPTS, script), encoding="utf-8") as handle:
        match = re.search(r'^USAGE="(.*)"$', handle.read(), re.MULTILINE)
    return match.group(1) if match else None


def test_every_script_is_named_with_its_usage_line():
    readme = _readme()
    scripts = sorted(name for name in os.listdir(SCRIPTS) if name.startswith("run_"))
    assert len(scripts) == 15
    assert [name for name in scripts if f"`{name}`" not in readme] == []
    assert [name for name in scripts if _usage(name) is None or _usage(name) not in readme] == []


def test_every_config_key_has_a_row_with_its_default():
    readme = _readme()
    keys = []
    with open(os.path.join(WGAN_DIR, "default_config.yaml"), encoding="utf-8") as handle:
        for line in handle:
            match = re.match(r"^(\w+):\s*(\S+)\s+#", line)
            if match:
                keys.append(match.groups())
    assert len(keys) > 40
    assert [key for key, default in keys if f"| `{key}` | `{default}` |" not in readme] == []


def test_every_reference_flag_is_documented_and_accepted():
    from WGAN.src.config import get_config
    readme = _readme()
    assert [flag for flag in list(ALIASES) + list(REFERENCE_TRAIN_FLAGS) if f"`--{flag}`" not in readme] == []
    config = get_config(["--batchSize", "16", "--noBN", "True", "--Diters", "7", "--adam", "--niter", "3"])
    assert (config.batch_size, config.no_bn, config.d_iters, config.adam, config.epochs) == (16, True, 7, True, 3)
