"""Write generated samples as individual PNGs for external IS/FID tools: python generate_fake_img.py --ckpt_path RUN.

<output_path>/fake/fake_XXXXX.png: num_samples images of eval.py's evaluation inputs (uniform classes,
eval_seed, truncation), from the EMA generator unless --ema false; <output_path>/fake_labels.txt holds
their class ids, one per line in file order.
"""
import glob
import os

import numpy as np

from src.config import input_errors, parse
from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.entry import run_main
from utils.zoo_common.image_grid import save_images


def main(argv=None):
    cfg = parse(argv, "Generated samples as individual PNGs (the reference's generate_fake_img.py).")
    from src.evaluate import Evaluator, evaluation_inputs
    from src.exporter import resolve_checkpoint
    from src.inference_graph import tf_generator
    from src.npu_adapter import chip_line, configure_session
    folder, cfg = resolve_checkpoint(cfg)
    fake_dir = ensure_writable_dir(os.path.join(cfg.output_path, "fake"))
    config, chip, reason = configure_session(cfg)
    print(chip_line(chip, reason, cfg.precision_mode), flush=True)
    generate, sess = tf_generator(cfg, folder, cfg.ema, config)
    with sess:
        images = Evaluator(cfg, generate, cfg.output_path).samples(cfg.num_samples)
    for stale in glob.glob(os.path.join(fake_dir, "fake_*.png")):  # an external tool would count them
        os.remove(stale)
    paths = save_images(images.transpose(0, 3, 1, 2), fake_dir, "fake", value_range=(0, 255))
    _, labels = evaluation_inputs(cfg, cfg.num_samples)  # the labels ``samples`` drew, from the same seed
    np.savetxt(os.path.join(cfg.output_path, "fake_labels.txt"), labels, fmt="%d")
    print(f"wrote {len(paths)} PNGs to {fake_dir} from {folder} ({'EMA' if cfg.ema else 'raw'} generator)")


if __name__ == "__main__":
    run_main(main, errors=input_errors)
