"""The exported generator run by ONNX Runtime (CUDA provider when available, else CPU)."""
import os

import numpy as np


class OnnxGenerator:
    def __init__(self, path, device_target="CPU"):
        import onnxruntime as ort
        if not os.path.isfile(path):
            raise ValueError(f"ONNX file {path!r} does not exist; run export.py first")
        providers = ["CPUExecutionProvider"]
        if device_target == "GPU" and "CUDAExecutionProvider" in ort.get_available_providers():
            providers.insert(0, "CUDAExecutionProvider")
        try:
            self.session = ort.InferenceSession(path, providers=providers)
        except Exception as err:  # onnxruntime raises its own exception types for unreadable models
            raise ValueError(f"ONNX file {path!r} cannot be loaded: {str(err).splitlines()[0]}") from None
        inputs = self.session.get_inputs()
        if len(inputs) != 2 or list(inputs[0].shape[1:]) != [100]:
            raise ValueError(f"ONNX file {path!r} is not a CGAN generator: expected inputs noise (N,100) "
                             f"and labels (N,), found {[tuple(i.shape) for i in inputs]}")
        self.input_names = [i.name for i in inputs]
        self.batch_size = inputs[0].shape[0]
        self.providers = self.session.get_providers()

    def __call__(self, noise, labels):
        feeds = dict(zip(self.input_names, (noise.astype(np.float32), labels.astype(np.int32))))
        return self.session.run(None, feeds)[0]
