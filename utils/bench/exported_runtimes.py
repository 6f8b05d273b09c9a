"""The exported ONNX generator run by ONNX Runtime and by OpenVINO on CPU, as benchmark workloads."""
import numpy as np


class OnnxRuntimeGenerator:
    def __init__(self, onnx_path, inputs, threads):
        import onnxruntime as ort
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])
        self.feeds = {meta.name: np.asarray(value) for meta, value in zip(self.session.get_inputs(), inputs)}

    def generate(self):
        return self.session.run(None, self.feeds)[0]


class OpenVinoGenerator:
    def __init__(self, onnx_path, inputs, threads):
        import openvino as ov
        core = ov.Core()
        # f32 hint: on CPUs with AMX/AVX512-BF16 OpenVINO otherwise computes in bf16.
        self.compiled = core.compile_model(core.read_model(onnx_path), "CPU", {
            "INFERENCE_PRECISION_HINT": "f32",
            "INFERENCE_NUM_THREADS": threads,
            "PERFORMANCE_HINT": "LATENCY",
        })
        self.request = self.compiled.create_infer_request()
        self.inputs = [np.asarray(value) for value in inputs]

    def generate(self):
        self.request.infer(self.inputs)
        return self.request.get_output_tensor(0).data
