"""Export a WGAN generator checkpoint (BN or noBN, from generator_config.json) to MINDIR / ONNX (AIR on Ascend)
in <output_path>/export/<file_name>.<ext>: input noise float32 (num_images, nz, 1, 1), output image float32
(num_images, nc, S, S) in [-1, 1]. The ONNX file is checked with onnx.checker and compared with MindSpore
through ONNX Runtime. The reference's command works as written:
python export.py --ckpt_file G.ckpt --file_name WGAN --file_format ONNX --config generator_config.json --nimages 1
"""

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    init_context(config.device_target, config.device_id)
    from src.exporter import export
    for file_format, (path, parity) in export(config).items():
        check = f" (ONNX Runtime vs MindSpore max abs diff {parity:.2e})" if parity is not None else ""
        print(f"exported {file_format}: {path}{check}")


if __name__ == "__main__":
    run_main(main)
