"""CPU time (user + system) and wall time per WGAN training step, MindSpore (``ms-fast``) against the PyTorch twin.

``python -m utils.bench.wgan_cpu_time [--model WGAN|WGAN-critic] [--threads 1] [--rounds 3] [--steps 3] [--no-bn]``

On a shared machine the benchmark's wall times mostly measure the share of the CPU each runtime got; the CPU time
a step consumes is far less sensitive to the load. Each round runs one worker process per runtime, one after the
other (interleaved rounds), each built as the benchmark's workers build it (``worker.build_mindspore`` /
``worker.build_torch``, same environment and thread settings), warmed up with one step, then ``--steps`` steps
timed with ``time.process_time`` and ``time.perf_counter``. Reported: medians of the per-round medians and the
MindSpore/PyTorch ratio of each round.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from .harness import ZOO_ROOT, worker_environment
from .runtimes import MODELS

RUNTIMES = ("ms-fast", "torch")


def measure(model, runtime, threads, steps, no_bn):
    """In a worker process: build the workload, one warm-up step, then (cpu s, wall s) of each timed step."""
    from .worker import build_mindspore, build_torch
    options = dict(MODELS[model].options, no_bn=no_bn)
    if runtime == "torch":
        workload, _ = build_torch(model, MODELS[model].batch, threads, options)
    else:
        workload, _ = build_mindspore(model, runtime, MODELS[model].batch, threads, options)
    workload.train_step()
    times = []
    for _ in range(steps):
        cpu, wall = time.process_time(), time.perf_counter()
        workload.train_step()
        times.append((time.process_time() - cpu, time.perf_counter() - wall))
    return times


def run_worker(model, runtime, threads, steps, no_bn):
    command = [sys.executable, "-m", "utils.bench.wgan_cpu_time", "--worker", runtime, "--model", model,
               "--threads", str(threads), "--steps", str(steps)] + (["--no-bn"] if no_bn else [])
    result = subprocess.run(command, cwd=ZOO_ROOT, env=worker_environment(threads, {}), capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{runtime} worker failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.bench.wgan_cpu_time", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="WGAN", choices=["WGAN", "WGAN-critic"],
                        help="WGAN: a generator iteration (5 critic steps + the G step); WGAN-critic: one critic step")
    parser.add_argument("--threads", type=int, default=1, help="kernel threads of both runtimes")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (one process per runtime each)")
    parser.add_argument("--steps", type=int, default=3, help="timed steps per process, after one warm-up step")
    parser.add_argument("--no-bn", action="store_true", help="the generator without BatchNorm")
    parser.add_argument("--worker", choices=RUNTIMES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(measure(args.model, args.worker, args.threads, args.steps, args.no_bn)))
        return
    rounds = {runtime: [] for runtime in RUNTIMES}
    load_before = os.getloadavg()[0]
    for index in range(args.rounds):
        for runtime in RUNTIMES:
            times = run_worker(args.model, runtime, args.threads, args.steps, args.no_bn)
            rounds[runtime].append((statistics.median(c for c, _ in times), statistics.median(w for _, w in times)))
        ms_cpu, torch_cpu = rounds["ms-fast"][-1][0], rounds["torch"][-1][0]
        ms_wall, torch_wall = rounds["ms-fast"][-1][1], rounds["torch"][-1][1]
        print(f"round {index + 1}: CPU {ms_cpu:.3f} / {torch_cpu:.3f} s = {ms_cpu / torch_cpu:.2f}, "
              f"wall {ms_wall:.3f} / {torch_wall:.3f} s = {ms_wall / torch_wall:.2f}", flush=True)
    medians = {runtime: [statistics.median(values[k] for values in rounds[runtime]) for k in (0, 1)]
               for runtime in RUNTIMES}
    print(f"\n{args.model} batch {MODELS[args.model].batch}{' noBN' if args.no_bn else ''}, {args.threads} thread(s), "
          f"{args.rounds} rounds x {args.steps} steps; load average {load_before:.1f} -> {os.getloadavg()[0]:.1f}")
    print("| runtime | CPU s / step | CPU ×torch | wall s / step | wall ×torch |")
    print("|---|---|---|---|---|")
    for runtime in RUNTIMES:
        cpu, wall = medians[runtime]
        print(f"| {runtime} | {cpu:.3f} | {cpu / medians['torch'][0]:.2f} | {wall:.3f} | "
              f"{wall / medians['torch'][1]:.2f} |")


if __name__ == "__main__":
    main()
