"""Write eval.py's generator noise as .bin batches for the C++ program (scripts/run_infer_cpp.sh,
run_infer_310.sh).

The noise of the images eval.py evaluates (seeded by eval_seed), in batches of eval_batch_size (the batch the
generator was exported with, --num_images of export.py; the last batch zero-padded), under
<output_path>/infer_310/preprocess_Result/:
  noise/wgan_bs<B>_<k>.bin   noise float32 (B, nz, 1, 1)
  generator_spec.txt         the generator description the C++ program reads
"""
from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_count
    from src.generator_spec import generator_spec, resolve_generator_config
    from utils.zoo_common.bin_io import write_evaluation_inputs
    write_evaluation_inputs(generator_spec(resolve_generator_config(config)[0]), config.output_path,
                            evaluation_count(config), config.eval_seed, config.eval_batch_size)


if __name__ == "__main__":
    run_main(main)
