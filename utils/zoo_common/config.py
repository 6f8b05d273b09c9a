"""One documented YAML file per model, every key overridable from the command line.

The default config is the single place where a key is defined and documented: the comment after each
``key: value`` line becomes the ``--key`` flag's help text. A comment that starts with an interval declares
the key's allowed range, e.g. ``batch_size: 128  # [1, inf) images per step`` or ``beta1: 0.5  # [0, 1) Adam β1``
(``[``/``]`` closed, ``(``/``)`` open, ``inf`` unbounded; for a list, every element). Values are overridden
in this order: defaults < ``--config_path`` file (a subset of keys) < command-line flags. Every resulting
value is checked against its key's type, choices and range, whichever of the three set it; a bad value,
an unknown key or flag, or any other argparse error is a ``ValueError`` naming the flag or key.

A model may accept other names for its keys (``aliases``, e.g. the reference implementation's ``--G_ckpt_path``
for ``ckpt_path``; a one-letter alias is a ``-x`` flag), on the command line and in ``--config_path`` files.
Booleans are written ``true``/``false`` (also ``True``, ``yes``, ``1`` …); a bare ``--flag`` means true.
"""
import argparse
import math
import re
import types

import yaml

from .atomic_file import atomic_write_text

_KEY_COMMENT = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):[^#]*#\s*(.*)$")
_BOUND = r"\s*(-?inf|[-+]?[0-9][0-9_.eE+-]*)\s*"
_RANGE = re.compile(rf"^([\[(]){_BOUND},{_BOUND}([\])])")
_TRUE = {"true", "yes", "1", "on"}
_FALSE = {"false", "no", "0", "off"}


class Config(types.SimpleNamespace):
    """The effective value of every config key, as attributes."""

    def to_dict(self):
        return {key: value for key, value in vars(self).items() if not key.startswith("_")}

    def given_as(self, key):
        """The flag that set ``key`` on the command line (e.g. ``'--ckpt_dir'``), or None."""
        return getattr(self, "_flags", {}).get(key)


class Range:
    """An interval of allowed numbers, written ``[low, high)`` with ``inf`` for no bound."""

    def __init__(self, text):
        match = _RANGE.match(text)
        if not match:
            raise ValueError(f"{text!r} is not an interval such as [0, 1) or (0, inf)")
        opening, low, high, closing = match.groups()
        self.text = match.group(0)
        self.low, self.high = float(low), float(high)
        self.low_open, self.high_open = opening == "(", closing == ")"

    def __contains__(self, value):
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below


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


def read_ranges(comments, yaml_path):
    """{key: Range} for the comments that start with an interval."""
    ranges = {}
    for key, comment in comments.items():
        if comment and comment[0] in "[(":
            try:
                ranges[key] = Range(comment)
            except ValueError as err:
                raise ValueError(f"default config {yaml_path!r}, key {key!r}: {err}") from None
    return ranges


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


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _checked(value, default, choices, allowed):
    """``value`` converted to the default's type; raises ValueError with what was expected."""
    if default is not None and value is not None:
        expected = type(default)
        if expected is float and isinstance(value, str):
            try:
                value = float(value)  # YAML 1.1 reads 1e-4 (no dot) as a string
            except ValueError:
                pass
        if expected is float and _is_number(value):
            value = float(value)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"must be {expected.__name__}, got {value!r}")
    if choices is not None and value not in choices:
        raise ValueError(f"must be one of {list(choices)}, got {value!r}")
    if allowed is not None and value is not None:
        for number in value if isinstance(value, list) else [value]:
            if not _is_number(number) or math.isnan(number) or number not in allowed:
                raise ValueError(f"must be in {allowed.text}, got {value!r}")
    return value


class _ParserError(ValueError):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse whose errors are one ValueError line instead of the usage block and exit 2."""

    def error(self, message):
        if message.startswith("unrecognized arguments"):
            message += f" ({self.prog} --help lists the flags)"
        raise _ParserError(message)


class _RecordFlag(argparse.Action):
    """Store the value and remember which spelling of the flag set it."""

    def __call__(self, parser, namespace, values, option_string=None):
        setattr(namespace, self.dest, values)
        parser.flags_used[self.dest] = option_string


def build_parser(defaults, comments, description=None, choices=None, aliases=None):
    parser = _Parser(description=description, allow_abbrev=False,
                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.flags_used = {}
    parser.add_argument("--config_path", default=None,
                        help="YAML file overriding a subset of the keys below")
    spellings = {key: [f"--{key}"] for key in defaults}
    for alias, key in (aliases or {}).items():
        if key not in defaults or alias in defaults:
            raise ValueError(f"alias {alias!r} must name a config key other than its own, got {key!r}")
        spellings[key].append(f"-{alias}" if len(alias) == 1 else f"--{alias}")
    for key, default in defaults.items():
        # A bare boolean flag (--resume) means true, as the references' store_true flags do.
        bare = {"nargs": "?", "const": True} if isinstance(default, bool) else {}
        parser.add_argument(*spellings[key], dest=key, type=_type_for(default), default=argparse.SUPPRESS,
                            action=_RecordFlag, choices=(choices or {}).get(key), metavar=key.upper(),
                            help=f"{comments.get(key, '')} (default: {default})", **bare)
    return parser


def load_config(default_yaml, argv=None, description=None, choices=None, aliases=None):
    """Parse ``argv`` over the defaults in ``default_yaml`` and return the checked Config.

    ``choices`` maps keys to their allowed values, ``aliases`` other flag names to keys. ``--help`` prints
    the flags and exits 0; anything invalid raises ValueError.
    """
    choices, aliases = choices or {}, aliases or {}
    defaults = read_yaml_mapping(default_yaml, "default config")
    comments = read_key_comments(default_yaml)
    ranges = read_ranges(comments, default_yaml)
    parser = build_parser(defaults, comments, description, choices, aliases)
    args = vars(parser.parse_args(argv))
    values = dict(defaults)
    where = {key: f"default config {default_yaml!r}: {key}" for key in defaults}
    config_path = args.pop("config_path")
    if config_path:
        for name, value in read_yaml_mapping(config_path, "config file").items():
            key = aliases.get(name, name)
            if key not in defaults:
                raise ValueError(f"config file {config_path!r}: unknown key {name!r}")
            values[key], where[key] = value, f"config file {config_path!r}: {name}"
    values.update(args)
    where.update({key: flag for key, flag in parser.flags_used.items()})
    for key in values:
        try:
            values[key] = _checked(values[key], defaults[key], choices.get(key), ranges.get(key))
        except ValueError as err:
            raise ValueError(f"{where[key]} {err}") from None
    return Config(**values, _flags=dict(parser.flags_used))


def save_config(config, path):
    """Write the effective config next to a run's outputs."""
    atomic_write_text(path, yaml.safe_dump(config.to_dict(), sort_keys=False))
