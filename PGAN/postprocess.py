"""Evaluate the C++ generator outputs (scripts/run_infer_310.sh, run_infer_cpp.sh) as eval.py evaluates
MindSpore's, into <output_path>/infer_310/: generated_<i>.png, result.jpg, samples.png and <metric>.json.

Reads <output_path>/infer_310/result_Files/pgan_bs<B>_<k>_0.bin (image float32 (B, 3, s, s)) for the batches
preprocess.py wrote; run it with the same flags as preprocess.py.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_count, run_evaluation
    from src.inference import inference_spec
    from utils.zoo_common.bin_io import RecordedOutputs, infer_310_folders

    spec, scale = inference_spec(config)
    inputs, outputs = infer_310_folders(config.output_path)
    count = evaluation_count(config, scale)
    out = os.path.dirname(outputs)
    run_evaluation(spec, lambda: RecordedOutputs(spec, inputs, outputs, count, config.eval_batch_size),
                   config.eval_batch_size, config, out, out, source=f"cpp_infer:{outputs}", scale=scale)


if __name__ == "__main__":
    run_main(main)
