"""Evaluate the C++ generator outputs (scripts/run_infer_310.sh) as eval.py evaluates MindSpore's: grids, and
FID with --inception_pb, into <output_path>/infer_310/.

Reads <output_path>/infer_310/result_Files/dcgan_bs<B>_<k>_0.bin (images float32 (B,3,32,32)) for the batches
preprocess.py wrote; run it with the same --num_samples, --inception_pb, --eval_batch_size and --eval_seed.
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_count, run_evaluation
    from src.generator_spec import generator_spec
    from utils.zoo_common.bin_io import RecordedOutputs, infer_310_folders

    inputs, outputs = infer_310_folders(config.output_path)
    recorded = RecordedOutputs(generator_spec(config), inputs, outputs, evaluation_count(config),
                               config.eval_batch_size)
    work = os.path.dirname(outputs)
    config.img_url = config.img_url or work
    run_evaluation(recorded, config.eval_batch_size, config, work, source=f"cpp_infer:{outputs}")


if __name__ == "__main__":
    run_main(main)
