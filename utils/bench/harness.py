"""Interleaved benchmark rounds over worker processes; medians per runtime and ratios to PyTorch.

A model's runtimes: its framework's (one per MindSpore configuration, or TensorFlow), the PyTorch twin,
and the exported generator in ONNX Runtime and OpenVINO. Every runtime lives in its own worker
(``worker.py``) for the whole run, so compilation and warm-up happen once. Each round visits all workers,
in an order rotated from round to round, and asks each for ``steps`` training steps and ``infer_repeats``
generator calls; load from other processes then hits all runtimes alike. A runtime's figure is the median
over rounds of its per-round medians.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

from .runtimes import EXPORTED_RUNTIMES, MINDSPORE_CONFIGS, MODELS, TENSORFLOW_ENVIRONMENT

ZOO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFERENCE = "torch"


class WorkerError(RuntimeError):
    pass


class Worker:
    """A worker process and its request/reply pipe."""

    def __init__(self, name, args, env, log_path, cwd):
        self.name, self.log_path = name, log_path
        self.log = open(log_path, "w")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "utils.bench.worker", *args], cwd=cwd, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log)
        self.info = self._read()["info"]

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.log.flush()
            with open(self.log_path) as log:
                tail = "".join(log.readlines()[-15:])
            raise WorkerError(f"benchmark worker {self.name} exited with code {self.process.returncode}; "
                              f"log {self.log_path}:\n{tail}")
        reply = json.loads(line)
        if "error" in reply:
            raise WorkerError(f"benchmark worker {self.name}: {reply['error']}")
        return reply

    def request(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._read()

    def timed(self, op, repeat):
        return self.request(op=op, repeat=repeat)["seconds"]

    def close(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.process.stdin.close()
                self.process.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self.log.close()


def worker_environment(threads, extra):
    """The environment of a worker process: zoo importable, thread variables, plus ``extra``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ZOO_ROOT, env.get("PYTHONPATH")]))
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "ZOO_CPU_KERNEL_THREADS"):
        env[variable] = str(threads)
    env.pop("ONEDNN_MAX_CPU_ISA", None)
    env.update(extra)
    return env


def framework_runtimes(model, configs):
    """[(name, worker arguments, environment variables)] of the framework the model is written in."""
    framework = MODELS[model].framework
    if framework == "mindspore":
        return [(config, ["--runtime", "mindspore", "--config", config],
                 {"ONEDNN_MAX_CPU_ISA": MINDSPORE_CONFIGS[config].isa} if MINDSPORE_CONFIGS[config].isa else {})
                for config in configs]
    if framework == "tensorflow":
        return [("tensorflow", ["--runtime", "tensorflow"], TENSORFLOW_ENVIRONMENT)]
    raise ValueError(f"{model}: unknown framework {framework!r}")


def _median_of_round_medians(rounds):
    return statistics.median(statistics.median(values) for values in rounds)


def benchmark_model(model, configs, batch, options, threads, rounds, steps, infer_repeats, workdir,
                    progress=print):
    """Measure one model on every runtime; returns {runtime: {...}} with medians and ratios."""
    common = ["--model", model, "--batch", str(batch), "--threads", str(threads),
              "--options", json.dumps(options)]
    workers = []

    def start(name, args, extra_env=None):
        progress(f"[{model}] starting {name}")
        worker = Worker(name, args + common, worker_environment(threads, extra_env or {}),
                        os.path.join(workdir, f"{model}-{name}.log"), workdir)
        workers.append(worker)
        return worker

    try:
        for name, args, extra_env in framework_runtimes(model, configs):
            start(name, args, extra_env)
        start(REFERENCE, ["--runtime", "torch"])
        onnx_path = os.path.join(workdir, f"{model}_generator.onnx")
        progress(f"[{model}] exporting the generator to ONNX ({workers[0].name})")
        workers[0].request(op="export", path=onnx_path)
        for runtime in EXPORTED_RUNTIMES:
            start(runtime, ["--runtime", runtime, "--onnx", onnx_path])

        trains = {worker.name: worker.name not in EXPORTED_RUNTIMES for worker in workers}
        warmup = {}
        for worker in workers:
            progress(f"[{model}] warming up {worker.name}")
            first = worker.timed("train", 2) if trains[worker.name] else []
            warmup[worker.name] = {"first_train_steps_s": first,
                                   "first_infer_s": worker.timed("infer", 2)}
        train_rounds = {worker.name: [] for worker in workers if trains[worker.name]}
        infer_rounds = {worker.name: [] for worker in workers}
        for index in range(rounds):
            progress(f"[{model}] round {index + 1}/{rounds}")
            shift = index % len(workers)
            for worker in workers[shift:] + workers[:shift]:
                if trains[worker.name]:
                    train_rounds[worker.name].append(worker.timed("train", steps))
                infer_rounds[worker.name].append(worker.timed("infer", infer_repeats))
    finally:
        for worker in workers:
            worker.close()

    results = {}
    for worker in workers:
        entry = {"info": worker.info, "warmup": warmup[worker.name],
                 "infer_s": _median_of_round_medians(infer_rounds[worker.name]),
                 "infer_rounds_s": infer_rounds[worker.name]}
        if worker.name in train_rounds:
            entry["train_step_s"] = _median_of_round_medians(train_rounds[worker.name])
            entry["train_rounds_s"] = train_rounds[worker.name]
        results[worker.name] = entry
    reference = results[REFERENCE]
    for entry in results.values():
        if "train_step_s" in entry:
            entry["train_time_vs_torch"] = entry["train_step_s"] / reference["train_step_s"]
        entry["infer_throughput_vs_torch"] = reference["infer_s"] / entry["infer_s"]
    return results


def model_settings(model, batch=None, options=None):
    """The batch (None: the model's default) and workload options (defaults updated by ``options``)."""
    return {"framework": MODELS[model].framework, "batch": batch or MODELS[model].batch,
            "options": {**MODELS[model].options, **(options or {})}}


def run_benchmark(models, configs, batch, threads, rounds, steps, infer_repeats, workdir=None, progress=print,
                  model_options=None):
    """Benchmark every model; returns the JSON-ready report (see report.py for the table).

    ``batch`` None runs each model at its default batch; ``model_options`` {model: {option: value}}
    overrides a model's default workload options.
    """
    settings = {model: model_settings(model, batch, (model_options or {}).get(model)) for model in models}
    uses_mindspore = any(entry["framework"] == "mindspore" for entry in settings.values())
    if uses_mindspore and not configs:
        raise ValueError("at least one MindSpore configuration is needed (it also exports the generator)")
    with tempfile.TemporaryDirectory(prefix="zoo-bench-") as scratch:
        workdir = workdir or scratch
        os.makedirs(workdir, exist_ok=True)
        report = {"settings": {"models": settings, "threads": threads, "rounds": rounds, "steps_per_round": steps,
                               "infer_repeats_per_round": infer_repeats}}
        if uses_mindspore:
            report["settings"]["mindspore_configs"] = list(configs)
            report["settings"]["mindspore_config_definitions"] = {name: vars(MINDSPORE_CONFIGS[name])
                                                                  for name in configs}
        report["models"] = {model: benchmark_model(model, list(configs), entry["batch"], entry["options"], threads,
                                                   rounds, steps, infer_repeats, workdir, progress)
                            for model, entry in settings.items()}
        return report
