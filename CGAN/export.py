"""Export a CGAN generator checkpoint to MINDIR / ONNX (AIR on Ascend) in export_dir (<output_path>/export/;
the reference's call, --ckpt_dir G.ckpt without --output_path, writes to the working folder as it did).

Inputs: noise float32 (eval_batch_size, 100) and labels int32 (eval_batch_size,), by position;
output: images float32 (eval_batch_size, 1, 32, 32) in [0, 1]. The ONNX file is repaired, checked
with onnx.checker and compared with MindSpore through ONNX Runtime.
"""

from src.config import get_config
from utils.zoo_common.entry import run_main


def main(argv=None):
    config = get_config(argv, description=__doc__)
    from utils.zoo_common.ms_runtime import init_context
    init_context(config.device_target, config.device_id)
    from src.checkpoint import load_generator
    from src.exporter import export_generator

    generator, checkpoint = load_generator(config)
    for file_format, (path, parity) in export_generator(generator, config).items():
        check = f" (ONNX Runtime vs MindSpore max abs diff {parity:.2e})" if parity is not None else ""
        print(f"exported {file_format}: {path}{check}")


if __name__ == "__main__":
    run_main(main)
