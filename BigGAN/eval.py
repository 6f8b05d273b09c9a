"""Evaluate a checkpoint: python eval.py --ckpt_path RUN --data_path CIFAR --inception_pb classify_image_graph_def.pb."""
import os

from src.config import input_errors, parse
from utils.zoo_common.entry import run_main


def main(argv=None):
    cfg = parse(argv, "Per-class grids, truncation sweep, IS and FID of the BigGAN EMA generator.")
    from src.evaluate import Evaluator
    from src.exporter import resolve_checkpoint
    from src.inference_graph import tf_generator
    from src.npu_adapter import session_config
    folder, cfg = resolve_checkpoint(cfg)
    config = session_config(cfg.chip, cfg.num_threads, cfg.precision_mode, cfg.fusion_switch_file)
    generate, sess = tf_generator(cfg, folder, cfg.ema, config)
    with sess:
        result = Evaluator(cfg, generate, os.path.join(cfg.output_path, "eval")).run(folder, config)
    for key, value in result.items():
        print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")


if __name__ == "__main__":
    run_main(main, errors=input_errors)
