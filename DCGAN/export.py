"""Export a DCGAN checkpoint to MINDIR / ONNX (AIR on Ascend) in <output_path>/export/.

--net G (default): the generator, input noise float32 (eval_batch_size, 100, 1, 1), output images float32
(eval_batch_size, 3, 32, 32) in [-1, 1], file <file_name>.<ext>. --net D_features: the discriminator's
transfer features, input images (eval_batch_size, 3, 32, 32) in [-1, 1], output (eval_batch_size, 14336)
at the reference width, file <file_name>_d_features.<ext>. Each ONNX file is checked with onnx.checker and
compared with MindSpore through ONNX Runtime: G's images to 1e-5, the D features to 1e-5 × max(1, largest |feature|).
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
