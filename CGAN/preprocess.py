"""Write eval.py's generator inputs as .bin batches for the C++ program (scripts/run_infer_310.sh).

For the num_samples inputs of eval.py (seeded by eval_seed), in batches of eval_batch_size (the batch the
generator was exported with; the last batch is zero-padded as in eval.py), writes under
<output_path>/infer_310/preprocess_Result/:
  latent_code/cgan_bs<B>_<k>.bin   noise float32 (B, 100)
  label/cgan_bs<B>_<k>.bin         labels int32 (B,)
"""
import os
import shutil

from src.config import get_config
from utils.zoo_common.entry import run_main

NOISE_FOLDER, LABEL_FOLDER = "latent_code", "label"


def work_dir(config):
    """Folder of the C++ inference run: preprocess_Result/, result_Files/, time_Result/, the metric."""
    return os.path.join(config.output_path, "infer_310")


def batch_names(num_samples, batch_size):
    """File names of the input batches, in the order eval.py generates them (sorting keeps it)."""
    count = -(-num_samples // batch_size)
    return [f"cgan_bs{batch_size}_{index:05d}.bin" for index in range(count)]


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from src.evaluate import evaluation_inputs, padded_batches

    root = os.path.join(work_dir(config), "preprocess_Result")
    folders = [os.path.join(root, NOISE_FOLDER), os.path.join(root, LABEL_FOLDER)]
    shutil.rmtree(root, ignore_errors=True)
    for folder in folders:
        os.makedirs(folder)
    noise, labels = evaluation_inputs(config.num_samples, config.eval_seed)
    names = batch_names(config.num_samples, config.eval_batch_size)
    for name, (*batch, _) in zip(names, padded_batches(noise, labels, config.eval_batch_size)):
        for folder, array in zip(folders, batch):
            array.tofile(os.path.join(folder, name))
    print(f"wrote {len(names)} batches of {config.eval_batch_size} (noise float32 (B,100), labels int32 (B,)) "
          f"to {root}")


if __name__ == "__main__":
    run_main(main)
