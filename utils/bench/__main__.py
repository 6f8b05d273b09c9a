"""Benchmark the zoo's models (MindSpore, TensorFlow) against PyTorch twins: ``python -m utils.bench [options]``."""
import argparse
import json
import os
import sys

from .harness import run_benchmark
from .report import format_table, stamp
from .runtimes import DEFAULT_MINDSPORE_CONFIGS, MINDSPORE_CONFIGS, MODELS

QUICK = {"batch": 4, "biggan_base_channel": 4, "rounds": 1, "steps": 1, "infer_repeats": 1}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m utils.bench", description=__doc__)
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=list(MODELS))
    parser.add_argument("--configs", nargs="+", default=list(DEFAULT_MINDSPORE_CONFIGS),
                        choices=sorted(MINDSPORE_CONFIGS),
                        help="MindSpore configurations (runtimes.py); MindSpore models only")
    parser.add_argument("--batch", type=int,
                        help="batch of every model (default: each model's own, "
                             + ", ".join(f"{name} {model.batch}" for name, model in MODELS.items()) + ")")
    parser.add_argument("--biggan-base-channel", type=int,
                        help=f"BigGAN's width base_channel (default: {MODELS['BigGAN'].options['base_channel']}, "
                             "BigGAN's default_config.yaml)")
    parser.add_argument("--threads", type=int, default=2, help="kernel threads of every framework")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--steps", type=int, default=3, help="training steps per runtime and round")
    parser.add_argument("--infer-repeats", type=int, default=5, help="generator calls per runtime and round")
    parser.add_argument("--quick", action="store_true",
                        help=f"smoke run: {QUICK} (overrides those options)")
    parser.add_argument("--json", default="bench_results.json", help="where to write the full results")
    parser.add_argument("--workdir", help="keep worker logs and the exported ONNX here (default: temporary)")
    args = parser.parse_args(argv)
    if args.quick:
        for key, value in QUICK.items():
            setattr(args, key, value)
    for key in ("batch", "biggan_base_channel", "threads", "rounds", "steps", "infer_repeats"):
        if getattr(args, key) is not None and getattr(args, key) < 1:
            parser.error(f"--{key.replace('_', '-')} must be at least 1")
    return args


def main(argv=None):
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    model_options = {"BigGAN": {"base_channel": args.biggan_base_channel}} if args.biggan_base_channel else {}
    report = stamp(run_benchmark(args.models, args.configs, args.batch, args.threads, args.rounds,
                                 args.steps, args.infer_repeats, args.workdir,
                                 progress=lambda message: print(message, file=sys.stderr, flush=True),
                                 model_options=model_options),
                   load_before)
    print(format_table(report))
    directory = os.path.dirname(os.path.abspath(args.json))
    os.makedirs(directory, exist_ok=True)
    with open(args.json, "w") as out:
        json.dump(report, out, indent=1)
    print(f"results written to {args.json}")
    return report


if __name__ == "__main__":
    main()
