"""Where one training iteration spends its time, per op type: a TensorFlow model's traced session runs
(RunMetadata, FULL_TRACE) or its PyTorch twin under torch.profiler.

``python -m utils.bench.op_profile --model BigGAN --runtime tensorflow|torch [--batch N] [--threads N]``

The workload is built as the benchmark's worker builds it, in the same environment (thread variables,
TensorFlow settings), and warmed up with one iteration before the profiled one. Times are wall time per op
on the thread that ran it (intra-op parallelism inside the op), summed over the iteration.
"""
import argparse
import collections
import os
import time

from .harness import worker_environment
from .runtimes import MODELS, TENSORFLOW_ENVIRONMENT


def tensorflow_op_times(workload):
    """{op type: (ms, calls)} over one iteration's traced ``Session.run`` calls, and the wall time in ms."""
    from BigGAN.src.tf_compat import tf
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    totals = collections.defaultdict(lambda: [0.0, 0])
    start = time.perf_counter()
    for fetches, feed in workload.iteration():
        metadata = tf.RunMetadata()
        workload.sess.run(fetches, feed, options=options, run_metadata=metadata)
        for device in metadata.step_stats.dev_stats:
            for node in device.node_stats:
                # timeline_label "name = OpType(inputs)" names the kernel that ran (e.g. oneDNN's _Mkl*)
                op = node.timeline_label.split(" = ", 1)[-1].split("(", 1)[0] or node.node_name
                totals[op][0] += node.all_end_rel_micros / 1e3
                totals[op][1] += 1
    return totals, (time.perf_counter() - start) * 1e3


def torch_op_times(workload):
    import torch
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profile:
        start = time.perf_counter()
        workload.train_step()
        wall = (time.perf_counter() - start) * 1e3
    return {event.key: [event.self_cpu_time_total / 1e3, event.count] for event in profile.key_averages()}, wall


def format_profile(totals, wall_ms, top):
    total = sum(ms for ms, _ in totals.values())
    lines = [f"iteration wall time {wall_ms:.0f} ms (traced); op time summed {total:.0f} ms",
             "| op | ms | % of op time | calls |", "|---|---|---|---|"]
    for op, (ms, calls) in sorted(totals.items(), key=lambda item: -item[1][0])[:top]:
        lines.append(f"| {op} | {ms:.0f} | {100 * ms / total:.1f} | {calls} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m utils.bench.op_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="BigGAN", choices=[name for name, model in MODELS.items()
                                                              if model.framework == "tensorflow"])
    parser.add_argument("--runtime", required=True, choices=["tensorflow", "torch"])
    parser.add_argument("--batch", type=int, help="default: the model's benchmark default")
    parser.add_argument("--biggan-base-channel", type=int, help="default: BigGAN's default_config.yaml")
    parser.add_argument("--threads", type=int, default=2, help="kernel threads, as the benchmark's --threads")
    parser.add_argument("--top", type=int, default=25, help="op types listed")
    args = parser.parse_args(argv)
    os.environ.update(worker_environment(args.threads, TENSORFLOW_ENVIRONMENT if args.runtime == "tensorflow"
                                         else {}))
    from .worker import build_tensorflow, build_torch
    options = dict(MODELS[args.model].options)
    if args.biggan_base_channel:
        options["base_channel"] = args.biggan_base_channel
    batch = args.batch or MODELS[args.model].batch
    build, op_times = ((build_tensorflow, tensorflow_op_times) if args.runtime == "tensorflow"
                       else (build_torch, torch_op_times))
    workload, info = build(args.model, batch, args.threads, options)
    workload.train_step()
    print(f"{args.model} {args.runtime} {info}, batch {batch}, {options}, {args.threads} threads")
    print(format_profile(*op_times(workload), args.top))


if __name__ == "__main__":
    main()
