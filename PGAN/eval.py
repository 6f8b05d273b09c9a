"""Evaluate a PGAN averaged-generator checkpoint at its scale: the 8×8 grid img_eval/result.jpg and one PNG per
image, SWD (swd16k) and, with --measure_ms_ssim true, MS-SSIM by the paper's protocol (generated pairs) and
the reference's (generated vs real) with the real-pairs baseline; FID (fid10k_train) with --inception_pb.
The reference's command works as written:
python eval.py --checkpoint_g=AvG_96000.ckpt --device_target GPU --device_id=0 --measure_ms_ssim=True
--original_img_dir=/path/img_align_celeba"""
from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    init_context(config.device_target, config.device_id)
    from src.evaluate_mindspore import evaluate_checkpoint
    evaluate_checkpoint(config)


if __name__ == "__main__":
    run_main(main)
