"""Write eval.py's generator inputs as .bin batches for the C++ program (scripts/run_infer_310.sh).

For the num_samples inputs of eval.py (seeded by eval_seed), in batches of eval_batch_size (the batch the
generator was exported with; the last batch is zero-padded as in eval.py), writes under
<output_path>/infer_310/preprocess_Result/:
  latent_code/cgan_bs<B>_<k>.bin   noise float32 (B, 100)
  label/cgan_bs<B>_<k>.bin         labels int32 (B,)
  generator_spec.txt               the generator description the C++ program reads
"""
import os

from src.config import get_config
from utils.zoo_common.entry import run_main


def folders(config):
    """(inputs, outputs) folders of the C++ inference run in <output_path>/infer_310."""
    work = os.path.join(config.output_path, "infer_310")
    return os.path.join(work, "preprocess_Result"), os.path.join(work, "result_Files")


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.generator_spec import generator_spec
    from utils.zoo_common.bin_io import write_inputs

    spec = generator_spec(config)
    root, _ = folders(config)
    names = write_inputs(spec, root, spec.sample(config.num_samples, config.eval_seed), config.eval_batch_size)
    print(f"wrote {len(names)} batches of {config.eval_batch_size} ({spec.describe_inputs()}) to {root}")


if __name__ == "__main__":
    run_main(main)
