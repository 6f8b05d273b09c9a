"""The benchmark's table of medians and ratios, and the machine it ran on."""
import datetime
import os
import platform


def machine_description():
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            lines = cpuinfo.read().splitlines()
        model = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
        flags = next(line.split(":", 1)[1].split() for line in lines if line.startswith("flags"))
        extensions = [name for name in ("avx2", "avx512f", "avx512_bf16", "amx_tile") if name in flags]
    except (OSError, StopIteration):
        extensions = []
    return {"cpu": model, "logical_cores": os.cpu_count(), "extensions": extensions,
            "platform": platform.platform(), "python": platform.python_version()}


def stamp(report, load_before):
    """Add date, machine and the 1-minute load average before and after the run (other processes'
    load on a small machine changes absolute times a lot; ratios of interleaved rounds much less)."""
    report["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report["machine"] = machine_description()
    report["load_average_1min"] = {"before": load_before, "after": os.getloadavg()[0]}
    return report


def _fmt(value, pattern):
    return "—" if value is None else pattern.format(value)


def format_table(report):
    """One row per (model, runtime): train step, its time ratio to PyTorch, inference, its speed-up."""
    header = ("model", "runtime", "train step s", "train time ×torch", "G infer ms", "G infer speed ×torch")
    rows = [header]
    for model, runtimes in report["models"].items():
        for runtime, entry in runtimes.items():
            rows.append((model, runtime,
                         _fmt(entry.get("train_step_s"), "{:.3f}"),
                         _fmt(entry.get("train_time_vs_torch"), "{:.2f}"),
                         _fmt(entry["infer_s"] * 1e3, "{:.1f}"),
                         _fmt(entry["infer_throughput_vs_torch"], "{:.2f}")))
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    settings = report["settings"]
    load = report.get("load_average_1min")
    models = "; ".join(f"{model} batch {entry['batch']}" + "".join(f", {key} {value}" for key, value in
                                                                    entry["options"].items())
                       for model, entry in settings["models"].items())
    lines.append(f"{models}; {settings['threads']} threads, {settings['rounds']} interleaved rounds "
                 f"× {settings['steps_per_round']} steps; medians of per-round medians"
                 + (f"; load average {load['before']:.1f} → {load['after']:.1f}" if load else ""))
    return "\n".join(lines)
