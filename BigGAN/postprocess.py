"""Turn C++ inference results (<infer_dir>/result/*_0.bin) into PNGs and, with --inception_pb, IS/FID."""
import os

from src.config import input_errors, parse
from utils.zoo_common.atomic_file import ensure_writable_dir
from utils.zoo_common.entry import run_main
from utils.zoo_common.image_grid import save_image_grid, save_images


def main(argv=None):
    cfg = parse(argv, "Write the C++ inference results as PNG images and evaluate them like eval.py.")
    from src.evaluate import Evaluator, to_uint8
    from src.offline_inference import read_results
    images = to_uint8(read_results(cfg)).transpose(0, 3, 1, 2)
    result = Evaluator(cfg, None, cfg.infer_dir).evaluate_images(images.transpose(0, 2, 3, 1),
                                                                 os.path.join(cfg.infer_dir, "result"))
    folder = ensure_writable_dir(os.path.join(cfg.infer_dir, "images"))
    save_images(images, folder, "sample", value_range=(0, 255))
    save_image_grid(images[:100], os.path.join(cfg.infer_dir, "samples.png"), 10, value_range=(0, 255))
    print(f"wrote {len(images)} images to {folder} and a grid to {cfg.infer_dir}/samples.png")
    for key, value in result.items():
        print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run_main(main, errors=input_errors)
