"""One documented YAML file per model, every key overridable from the command line.

The default config is the single place where a key is defined and documented: the comment after each
``key: value`` line becomes the ``--key`` flag's help text. Values are overridden in this order:
defaults < ``--config_path`` file (a subset of keys) < command-line flags. Unknown keys, values of the
wrong type and values outside ``choices`` are errors that name the key and what was expected.
"""
import argparse
import re
import types

import yaml

from .atomic_file import atomic_write_text

_KEY_COMMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):[^#]*#\s*(.*)$")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class Config(types.SimpleNamespace):
    def to_dict(self):
        return dict(vars(self))


def parse_bool(text):
    lowered = str(text).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _optional(convert):
    def parse(text):
        return None if str(text).strip().lower() in ("none", "null", "") else convert(text)
    return parse


def _parse_yaml_value(text):
    return yaml.safe_load(text)


def _type_for(default):
    if isinstance(default, bool):
        return parse_bool
    if isinstance(default, int):
        return int
    if isinstance(default, float):
        return float
    if isinstance(default, (list, dict)):
        return _parse_yaml_value
    if default is None:
        return _optional(str)
    return str


def read_key_comments(yaml_path):
    """{key: comment} for the top-level ``key: value  # comment`` lines of a YAML file."""
    comments = {}
    with open(yaml_path, encoding="utf-8") as handle:
        for line in handle:
            match = _KEY_COMMENT.match(line)
            if match:
                comments[match.group(1)] = match.group(2).strip()
    return comments


def read_yaml_mapping(path, what):
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as err:
        raise ValueError(f"{what} {path!r} cannot be read: {err.strerror}") from None
    except yaml.YAMLError as err:
        raise ValueError(f"{what} {path!r} is not valid YAML: {str(err).splitlines()[0]}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{what} {path!r} must hold a mapping of key: value")
    return data


def _check_value(key, value, default, choices):
    if default is not None and value is not None:
        expected = type(default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"config key {key!r} must be {expected.__name__}, got {value!r}")
    if key in choices and value not in choices[key]:
        raise ValueError(f"config key {key!r} must be one of {list(choices[key])}, got {value!r}")
    return value


def load_config(default_yaml, argv=None, description=None, choices=None):
    """Parse ``argv`` over the defaults in ``default_yaml`` and return a Config.

    ``choices`` maps keys to their allowed values. argparse reports errors (exit code 2, usage line);
    errors in a ``--config_path`` file raise ValueError.
    """
    choices = choices or {}
    defaults = read_yaml_mapping(default_yaml, "default config")
    comments = read_key_comments(default_yaml)
    parser = argparse.ArgumentParser(description=description,
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--config_path", default=None,
                        help="YAML file overriding a subset of the keys below")
    for key, default in defaults.items():
        parser.add_argument(f"--{key}", type=_type_for(default), default=argparse.SUPPRESS,
                            choices=choices.get(key), metavar=key.upper(),
                            help=f"{comments.get(key, '')} (default: {default})")
    args = vars(parser.parse_args(argv))
    values = dict(defaults)
    config_path = args.pop("config_path")
    if config_path:
        for key, value in read_yaml_mapping(config_path, "config file").items():
            if key not in defaults:
                raise ValueError(f"config file {config_path!r}: unknown key {key!r}")
            values[key] = _check_value(key, value, defaults[key], choices)
    values.update(args)
    return Config(**values)


def save_config(config, path):
    """Write the effective config next to a run's outputs."""
    atomic_write_text(path, yaml.safe_dump(config.to_dict(), sort_keys=False))
