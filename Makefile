# GAN Model Zoo — set-up and the two commands of the README.
#   make demo   create/reuse .venv, then train, evaluate, export and ONNX-run CGAN on the embedded MNIST digits
#   make test   create/reuse .venv (+ C++ headers, PyTorch for the benchmark), then run the tests (slow ones excluded)
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.zoo-environment
DEMO_OUTPUT ?= output/cgan_quickstart
export PYTHON_FOR_SCRIPTS := $(abspath $(PY))

MINDSPORE_LITE := third_party/mindspore_lite-2.0.0/.unpacked
ONEDNN_HEADERS := third_party/onednn-include/.complete
BENCH_STAMP := $(VENV)/.zoo-bench
# Extra pip arguments for PyTorch, e.g. --index-url https://download.pytorch.org/whl/cpu where PyPI's
# default torch wheel would be a CUDA build.
TORCH_PIP_ARGS ?=

.PHONY: env cpp-deps bench-deps demo test test-all clean-demo

env: $(STAMP) $(ONEDNN_HEADERS)

# Re-runs only when a requirements file changes; pip reuses its cache and what is already installed.
$(STAMP): requirements.txt requirements-nodeps.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check --no-compile -r requirements.txt
	$(PY) -m pip install --disable-pip-version-check --no-deps -r requirements-nodeps.txt
	echo "$(CURDIR)" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/zoo.pth"
	touch $(STAMP)

# oneDNN headers for the CPU fast path's compiled kernels (utils/zoo_common/cpu_kernels, built on first use).
$(ONEDNN_HEADERS): | $(STAMP)
	PYTHON=$(PYTHON_FOR_SCRIPTS) bash utils/zoo_common/cpu_kernels/fetch_onednn_headers.sh

# MindSpore C++ API headers + library (mindspore-lite 2.0.0 wheel) that the C++ backend compiles against.
cpp-deps: $(MINDSPORE_LITE)
$(MINDSPORE_LITE): | $(STAMP)
	PYTHON=$(PYTHON_FOR_SCRIPTS) bash utils/cpp_infer/fetch_mindspore_lite.sh

# PyTorch (CPU build), the benchmark's reference; the test suite runs the benchmark in quick mode.
bench-deps: $(BENCH_STAMP)
$(BENCH_STAMP): utils/bench/requirements.txt | $(STAMP)
	$(PY) -m pip install --disable-pip-version-check --no-compile $(TORCH_PIP_ARGS) -r utils/bench/requirements.txt
	touch $(BENCH_STAMP)

demo: env
	@test ! -e $(DEMO_OUTPUT)/ckpt || { echo "$(DEMO_OUTPUT) holds a previous run: make clean-demo or DEMO_OUTPUT=<folder>"; exit 1; }
	PYTHON=$(PYTHON_FOR_SCRIPTS) bash CGAN/scripts/run_standalone_train_cpu.sh embedded $(DEMO_OUTPUT) \
		--config_path CGAN/configs/embedded_quickstart.yaml
	PYTHON=$(PYTHON_FOR_SCRIPTS) bash CGAN/scripts/run_eval_cpu.sh \
		$(DEMO_OUTPUT)/ckpt/$$(cat $(DEMO_OUTPUT)/ckpt/latest) embedded $(DEMO_OUTPUT)
	$(PY) CGAN/export.py --output_path $(DEMO_OUTPUT) --file_format ALL
	PYTHON=$(PYTHON_FOR_SCRIPTS) bash CGAN/scripts/run_infer_onnx.sh \
		$(DEMO_OUTPUT)/export/CGAN.onnx embedded $(DEMO_OUTPUT)
	@echo "CGAN quick start done: $(DEMO_OUTPUT)/eval/samples.png, $(DEMO_OUTPUT)/eval/*.json, $(DEMO_OUTPUT)/export/"

test: env cpp-deps bench-deps
	$(PY) -m pytest -m "not slow" -q

test-all: env cpp-deps bench-deps
	$(PY) -m pytest -q

clean-demo:
	rm -rf $(DEMO_OUTPUT)
