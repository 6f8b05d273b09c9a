"""The one error path of every entry point: bad input ends with one ``error: …`` line on stderr and exit 1.

Every ``train.py`` / ``eval.py`` / ``export.py`` / … ends with ``run_main(main)``. Bad values, files and flags
surface as ``ValueError`` or ``OSError`` (config.py turns argparse's own errors into ValueError); a model adds
its framework's bad-input errors through ``errors``, a function returning exception classes, called only
when an exception arrives, so that an entry point imports its framework no earlier than it needs it (BigGAN:
TensorFlow's ``OpError``). Anything else is a bug and keeps its traceback.
"""
import re
import sys

# Lines of a framework message that locate the failure rather than say what it is.
_LOCATION_LINE = re.compile(r"^\s|^(Detected at node|Node: |Original stack trace)")


def error_message(err):
    """The line that says what went wrong: the message's first line or, where that line is only a heading
    (ends with ':', as TensorFlow's 'Graph execution error:'), the first line after it that is not a location."""
    lines = [line for line in str(err).splitlines() if line.strip()]
    if not lines:
        return type(err).__name__
    if not lines[0].rstrip().endswith(":"):
        return lines[0].strip()
    for line in lines[1:]:
        if not _LOCATION_LINE.search(line) and not line.rstrip().endswith(":"):
            return line.strip()
    return lines[0].strip()


def no_framework_errors():
    return ()


def run_main(main, argv=None, errors=no_framework_errors):
    """Call ``main(argv)``; a bad input becomes one ``error: …`` line and exit status 1, Ctrl-C exit 130."""
    try:
        main(argv)
    except Exception as err:  # noqa: BLE001  (re-raised below unless it is a bad input)
        if not isinstance(err, (ValueError, OSError)) and not isinstance(err, errors()):
            raise
        print(f"error: {error_message(err)}", file=sys.stderr, flush=True)
        sys.exit(1)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr, flush=True)
        sys.exit(130)
