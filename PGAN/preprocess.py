"""Write eval.py's generator inputs as .bin batches for the C++ program (scripts/run_infer_310.sh,
run_infer_cpp.sh).

The inputs of the images eval.py evaluates (seeded by eval_seed), in batches of eval_batch_size (the batch the
generator was exported with, --num_images of export.py; the last batch zero-padded), under
<output_path>/infer_310/preprocess_Result/:
  noise/pgan_bs<B>_<k>.bin   noise float32 (B, latent_dim)
  alpha/pgan_bs<B>_<k>.bin   alpha float32 (B, 1), above 4×4 (eval_alpha)
  generator_spec.txt         the generator description the C++ program reads
The scale is --eval_scale, else the ONNX export's (<output_path>/export/<file_name>.onnx or --onnx_path).
"""
from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_count
    from src.inference import inference_spec
    from utils.zoo_common.bin_io import write_evaluation_inputs
    spec, scale = inference_spec(config)
    write_evaluation_inputs(spec, config.output_path, evaluation_count(config, scale), config.eval_seed,
                            config.eval_batch_size)


if __name__ == "__main__":
    run_main(main)
