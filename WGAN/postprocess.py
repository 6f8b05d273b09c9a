"""Evaluate the C++ generator outputs (scripts/run_infer_cpp.sh, run_infer_310.sh) as eval.py evaluates
MindSpore's, into <output_path>/infer_310/: generated_<i>.png, samples.png and <metric>.json.

Reads <output_path>/infer_310/result_Files/wgan_bs<B>_<k>_0.bin (image float32 (B, nc, S, S)) for the batches
preprocess.py wrote; run it with the same flags as preprocess.py.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_count, run_evaluation
    from src.generator_spec import generator_spec, resolve_generator_config
    from utils.zoo_common.bin_io import RecordedOutputs, infer_310_folders

    spec = generator_spec(resolve_generator_config(config)[0])
    inputs, outputs = infer_310_folders(config.output_path)
    recorded = RecordedOutputs(spec, inputs, outputs, evaluation_count(config), config.eval_batch_size)
    run_evaluation(spec, recorded, config.eval_batch_size, config, os.path.dirname(outputs),
                   source=f"cpp_infer:{outputs}")


if __name__ == "__main__":
    run_main(main)
