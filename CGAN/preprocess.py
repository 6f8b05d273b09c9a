"""Write eval.py's generator inputs as .bin batches for the C++ program (scripts/run_infer_310.sh).

For the num_samples inputs of eval.py (seeded by eval_seed), in batches of eval_batch_size (the batch the
generator was exported with; the last batch is zero-padded as in eval.py), writes under
<output_path>/infer_310/preprocess_Result/:
  latent_code/cgan_bs<B>_<k>.bin   noise float32 (B, 100)
  label/cgan_bs<B>_<k>.bin         labels int32 (B,)
  generator_spec.txt               the generator description the C++ program reads
"""
from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.generator_spec import generator_spec
    from utils.zoo_common.bin_io import write_evaluation_inputs
    write_evaluation_inputs(generator_spec(config), config.output_path, config.num_samples, config.eval_seed,
                            config.eval_batch_size)


if __name__ == "__main__":
    run_main(main)
