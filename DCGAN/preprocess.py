"""Write eval.py's generator noise as .bin batches for the C++ program (scripts/run_infer_310.sh).

The num_samples noise vectors of eval.py (seeded by eval_seed), in batches of eval_batch_size (the batch the
generator was exported with; the last batch zero-padded), under <output_path>/infer_310/preprocess_Result/:
  latent_code/dcgan_bs<B>_<k>.bin   noise float32 (B, 100, 1, 1)
  generator_spec.txt                the generator description the C++ program reads
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def infer_310_folders(config):
    """(inputs, outputs) folders of the C++ inference run in <output_path>/infer_310."""
    work = os.path.join(config.output_path, "infer_310")
    return os.path.join(work, "preprocess_Result"), os.path.join(work, "result_Files")


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_count
    from src.generator_spec import generator_spec
    from utils.zoo_common.bin_io import write_inputs

    spec, (root, _) = generator_spec(config), infer_310_folders(config)
    arrays = spec.sample(evaluation_count(config), config.eval_seed)
    names = write_inputs(spec, root, arrays, config.eval_batch_size)
    print(f"wrote {len(names)} batches of {config.eval_batch_size} ({spec.describe_inputs()}) to {root}")


if __name__ == "__main__":
    run_main(main)
