"""Evaluate the C++ generator outputs (scripts/run_infer_310.sh) exactly as eval.py evaluates MindSpore's.

Reads <output_path>/infer_310/result_Files/cgan_bs<B>_<k>_0.bin (images float32 (B,1,32,32)) for the
batches written by preprocess.py and writes <output_path>/infer_310/<metric>.json and samples.png.
Run it with the same --num_samples, --eval_batch_size and --eval_seed as preprocess.py.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import run_evaluation
    from src.generator_spec import generator_spec
    from utils.zoo_common.bin_io import RecordedOutputs, infer_310_folders

    inputs, outputs = infer_310_folders(config.output_path)
    recorded = RecordedOutputs(generator_spec(config), inputs, outputs, config.num_samples, config.eval_batch_size)
    run_evaluation(recorded, config.eval_batch_size, config, os.path.dirname(outputs), source=f"cpp_infer:{outputs}")


if __name__ == "__main__":
    run_main(main)
